// @ts-check
import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs a command to completion, streaming its output with a prefix; rejects on a non-zero exit. An
 * aborted `signal` ends the command (SIGTERM) and rejects.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv; cwd?: string; label?: string; signal?: AbortSignal }} [opts]
 * @returns {Promise<void>}
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal });
    const label = opts.label ?? cmd;
    const relay = (/** @type {Buffer} */ chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`  [${label}] ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with code ${code}`))));
  });
}

/**
 * The first line a command prints for `--version`, or null when it is not runnable.
 * @param {string} cmd
 * @returns {string | null}
 */
export function versionOf(cmd, args = ['--version']) {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.error || res.status !== 0) return null;
  return (res.stdout || res.stderr).trim().split('\n')[0] ?? null;
}
