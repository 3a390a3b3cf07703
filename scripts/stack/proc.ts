import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Services run in their own process groups (so a stop reaches their children too). If this process
// exits without stopping them — an uncaught error, a signal we did not expect — the exit hook below
// still terminates them, so no orphaned server keeps a port busy.
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  }
});

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running process in its own process group with its output in a log file, so that
 * stopping it also stops whatever it spawned, and its logs survive for troubleshooting.
 */
export function startService(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logDir: string }): Service {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited = false;
  if (child.pid !== undefined) live.add(child.pid);
  child.on('exit', () => {
    exited = true;
    if (child.pid !== undefined) live.delete(child.pid);
  });
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await done;
    clearTimeout(timer);
  };
  return { name, child, logFile, stop };
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until `check` resolves true; fails with the service's log path so the cause is one `cat` away. */
export async function waitUntil(what: string, check: () => Promise<boolean>, opts: { timeoutMs?: number; service?: Service } = {}) {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (opts.service && opts.service.child.exitCode !== null) {
      throw new Error(`${what}: the process exited with code ${opts.service.child.exitCode}; see ${opts.service.logFile}`);
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
