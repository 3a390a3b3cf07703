import { spawn, spawnSync } from 'node:child_process';

/** Runs a command to completion, streaming its output with a prefix; rejects on a non-zero exit. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; label?: string } = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const label = opts.label ?? cmd;
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`  [${label}] ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with code ${code}`))));
  });
}

/** The first line a command prints for `--version`, or null when it is not runnable. */
export function versionOf(cmd: string, args = ['--version']): string | null {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.error || res.status !== 0) return null;
  return (res.stdout || res.stderr).trim().split('\n')[0] ?? null;
}
