import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The real worker process (`tsx workflows/worker.ts`) on the given database and task queue. */
export function spawnWorker(databaseUrl: string, taskQueue: string): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'workflows', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_TASK_QUEUE: taskQueue, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs node as a child, and a real crash takes both down.
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('worker polling')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
    if (process.env.SEATPLAN_DEBUG_WORKER) { child.stdout!.pipe(process.stdout); child.stderr!.pipe(process.stderr); }
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`worker exited (${code}):\n${output}`)); });
  });
}

/** kill -9 of the worker and its node child (the whole process group), as a crash or OOM kill would. */
export async function killGroup(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
  await exited;
}

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
