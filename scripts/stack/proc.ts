import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_POLICY, describeExit, RestartTracker, type SupervisePolicy } from './supervisor';

// Services run in their own process groups (so a stop reaches their children too). If this process
// exits without stopping them — an uncaught error, a signal we did not expect — the exit hook below
// still terminates them, so no orphaned server keeps a port busy.
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  }
});

type SpawnListener = (name: string, pid: number) => void;
let spawnListener: SpawnListener | null = null;
/** Told of every process a service starts, restarts included (the stack records them: run-state.ts). */
export function onServiceSpawn(listener: SpawnListener | null) {
  spawnListener = listener;
}

export interface Service {
  name: string;
  /** The current process (a supervised service gets a new one at each restart). */
  readonly child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  policy?: SupervisePolicy;
  /** Reports restarts and giving up (npm start prints them). */
  report: (message: string) => void;
  /** After each restart (e.g. wait until ready, configure it again). */
  onRestart?: () => Promise<void>;
}

interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logDir: string;
  /** Start it again when it exits on its own (npm start); tests leave this off and kill on purpose. */
  supervise?: SuperviseOptions;
}

/**
 * Starts a long-running process in its own process group with its output in a log file, so that
 * stopping it also stops whatever it spawned, and its logs survive for troubleshooting. With
 * `supervise`, a process that exits on its own is started again (supervisor.ts says when).
 */
export function startService(name: string, cmd: string, args: string[], opts: ServiceOptions): Service {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const tracker = new RestartTracker(opts.supervise?.policy);
  let stopping = false;
  let pending: NodeJS.Timeout | null = null;
  let child!: ChildProcess;
  let exited = false;

  const spawnOnce = () => {
    log.write(`\n--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
    const startedAt = Date.now();
    const current = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = current;
    exited = false;
    current.stdout?.pipe(log, { end: false });
    current.stderr?.pipe(log, { end: false });
    if (current.pid !== undefined) {
      live.add(current.pid);
      spawnListener?.(name, current.pid);
    }
    current.on('error', (err) => log.write(`--- could not start: ${err.message}\n`));
    current.on('exit', (code, signal) => {
      exited = true;
      if (current.pid !== undefined) live.delete(current.pid);
      if (stopping || !opts.supervise) return;
      const sup = opts.supervise;
      const decision = tracker.onExit(Date.now() - startedAt);
      const what = `${name} ${describeExit(code, signal)}`;
      log.write(`--- ${new Date().toISOString()} ${what}\n`);
      if (decision.action === 'give-up') {
        sup.report(`✗ ${what}: it stopped ${decision.fastCrashes} times in a row within ${Math.round((sup.policy ?? DEFAULT_POLICY).fastCrashMs / 1000)} s of starting, so it is not restarted. Its log: ${logFile}`);
        return;
      }
      sup.report(`• ${what}; restarting it in ${Math.round(decision.delayMs / 100) / 10} s (restart ${decision.attempt}). Its log: ${logFile}`);
      pending = setTimeout(() => {
        pending = null;
        if (stopping) return;
        spawnOnce();
        sup.onRestart?.().catch((err: unknown) => sup.report(`✗ ${name} restarted but did not come back: ${(err as Error).message}`));
      }, decision.delayMs);
    });
  };
  spawnOnce();

  const stop = async () => {
    stopping = true;
    if (pending) clearTimeout(pending);
    const current = child;
    if (exited || current.pid === undefined) return;
    const done = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    try { process.kill(-current.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-current.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await done;
    clearTimeout(timer);
  };
  return { name, get child() { return child; }, logFile, stop };
}

/** kill -9 of a process and everything in its process group, as a crash or an OOM kill would; resolves once it exited. */
export async function killProcessGroup(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
  await exited;
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** The last lines a service logged (what it said before it exited), or nothing if its log cannot be read. */
function logTail(logFile: string, lines = 12): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Polls until `check` resolves true; fails with the service's log path and its last lines, so the cause is in the message. */
export async function waitUntil(what: string, check: () => Promise<boolean>, opts: { timeoutMs?: number; service?: Service } = {}) {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (opts.service && opts.service.child.exitCode !== null) {
      await new Promise((r) => setTimeout(r, 200)); // let its last output reach the log file
      const tail = logTail(opts.service.logFile);
      throw new Error(`${what}: the process exited with code ${opts.service.child.exitCode}; see ${opts.service.logFile}${tail ? `. It ended with:\n${tail}` : ''}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} was not ready in time${opts.service ? `; see ${opts.service.logFile}` : ''}`);
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.status < 500;
}
