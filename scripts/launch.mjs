// The entry point of every npm script: plain JavaScript that any Node runs, so it works on a fresh
// clone before anything is installed. It installs the npm packages when package.json or the lockfile
// changed since the last install, then runs the TypeScript script on the project's own Node (the
// `node` dev dependency, Node 24 LTS, from the registry) with node_modules/.bin first on PATH, so every
// process the script starts (tsx, next, vitest, the worker) runs on that Node too.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const launchedAt = Date.now();
const root = path.resolve(import.meta.dirname, '..');
const modules = path.join(root, 'node_modules');
const stampFile = path.join(modules, '.seatplan-install-stamp');
const projectNode = path.join(modules, 'node', 'bin', 'node');

/** What the installed packages must match: package.json and the lockfile as they are now. */
function installStamp() {
  const hash = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    const p = path.join(root, f);
    hash.update(existsSync(p) ? readFileSync(p) : '');
  }
  return hash.digest('hex');
}

/** Installs what is missing; how long that took (0: nothing to install). */
function installIfStale() {
  const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (current === installStamp() && existsSync(projectNode)) return 0;
  const started = Date.now();
  console.log('• Installing npm packages (package.json or package-lock.json changed since the last install)…');
  // `npm install`, not `npm ci`: this machine's npm leaves other platforms' optional packages out of
  // the lockfile, which `npm ci` rejects as "missing from lock file"; `npm install` still installs the
  // locked versions, from the tarball URLs the lockfile keeps (.npmrc), without a metadata request each.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`npm install failed (exit code ${res.status ?? res.signal}); see its output above.`);
    process.exit(1);
  }
  // npm install may rewrite the lockfile: stamp what is there now.
  writeFileSync(stampFile, installStamp());
  return Date.now() - started;
}

const [script, ...args] = process.argv.slice(2);
if (script === '--stamp') {
  // `postinstall`: a plain `npm install` (CI's, a developer's) leaves the same stamp.
  if (existsSync(modules)) writeFileSync(stampFile, installStamp());
  process.exit(0);
}
if (!script) {
  console.error('usage: node scripts/launch.mjs <script.ts> [args…]');
  process.exit(2);
}
const installMs = installIfStale();

// Node flags (e.g. --conditions=react-server) go before the script; the rest after it.
const nodeFlags = args.filter((a) => a.startsWith('--conditions'));
const scriptArgs = args.filter((a) => !a.startsWith('--conditions'));
// When `npm <script>` began and what the npm install took: `npm start` reports its whole first start.
const env = { ...process.env, PATH: `${path.join(modules, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`, SEATPLAN_LAUNCH: JSON.stringify({ at: launchedAt, installMs }) };
const child = spawn(projectNode, [path.join(modules, 'tsx', 'dist', 'cli.mjs'), ...nodeFlags, script, ...scriptArgs], { cwd: root, env, stdio: 'inherit' });
// Ctrl-C reaches the whole process group; a signal sent to this process alone is passed on. The script's
// shutdown is idempotent, so getting both is harmless; this process exits with the script's code.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
