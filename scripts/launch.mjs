// The entry point of every npm script: plain JavaScript that any Node runs, so it works on a fresh
// clone before anything is installed. It installs the npm packages when package.json or the lockfile
// changed since the last install, then runs the TypeScript script on the project's own Node (Node 24
// LTS from the registry: the optional dependency node-<platform>-<arch> that fits this machine) with
// node_modules/.bin first on PATH, so every process the script starts (tsx, next, vitest, the worker)
// runs on that Node too.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const launchedAt = Date.now();
const root = path.resolve(import.meta.dirname, '..');
const modules = path.join(root, 'node_modules');
const stampFile = path.join(modules, '.seatplan-install-stamp');
// The registry's Node binary for this platform. A direct optional dependency: npm unpacks the one that
// fits alongside every other package (the `node` wrapper package ran a second `npm install` for it).
const nodePackage = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const projectNode = path.join(modules, nodePackage, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
/** Whether package.json lists a node-<platform> package for this platform; elsewhere the machine's own Node 24 runs the scripts. */
const registryNodeFits = nodePackage in (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).optionalDependencies ?? {});

/** What the installed packages must match: package.json and the lockfile as they are now. */
function installStamp() {
  const hash = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    const p = path.join(root, f);
    hash.update(existsSync(p) ? readFileSync(p) : '');
  }
  return hash.digest('hex');
}

/** Runs `npm install`; resolves when it succeeded, exits the launcher when it failed. */
function npmInstall() {
  console.log('• Installing npm packages (package.json or package-lock.json changed since the last install)…');
  // `npm install`, not `npm ci`: this machine's npm leaves other platforms' optional packages out of
  // the lockfile, which `npm ci` rejects as "missing from lock file"; `npm install` still installs the
  // locked versions, from the tarball URLs the lockfile keeps (.npmrc), without a metadata request each.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve) => {
    const child = spawn(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(undefined);
      console.error(`npm install failed (exit code ${code ?? signal}); see its output above.`);
      process.exit(1);
    });
  });
}

/**
 * The tools the script will ask for, installed while npm unpacks the packages: npm keeps about 1.3 of
 * this machine's 2 cores busy for most of a minute, and the venvs and pip installs (~20 s of CPU) fit
 * beside it instead of slowing `next build` after it. Best effort: the script checks each tool again
 * (a version check) and reports any failure in its own words. A tool it will not use (an external
 * Temporal, real Stripe test mode) is left alone.
 */
async function installToolsAlongside(script) {
  const [{ ensureTemporal }, { ensureLocalstripe }, { ensureTemporalTestServer }] = await Promise.all([
    import('./tools/temporal.mjs'),
    import('./tools/localstripe.mjs'),
    import('./tools/temporal-test-server.mjs'),
  ]);
  const wanted = [
    !process.env.TEMPORAL_ADDRESS && ensureTemporal,
    !process.env.STRIPE_SECRET_KEY && ensureLocalstripe,
    script.endsWith('test.ts') && ensureTemporalTestServer,
  ].filter(Boolean);
  const started = Date.now();
  await Promise.allSettled(wanted.map((ensure) => ensure()));
  return Date.now() - started;
}

/** Installs what is missing; how long the npm install took (0: nothing to install) and the tools beside it. */
async function installIfStale(script) {
  const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (current === installStamp() && (existsSync(projectNode) || !registryNodeFits)) return { installMs: 0, toolsMs: 0 };
  const started = Date.now();
  const [, toolsMs] = await Promise.all([npmInstall(), installToolsAlongside(script)]);
  // npm install may rewrite the lockfile: stamp what is there now.
  writeFileSync(stampFile, installStamp());
  return { installMs: Date.now() - started, toolsMs };
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
const { installMs, toolsMs } = await installIfStale(script);
const node = existsSync(projectNode) ? projectNode : process.execPath;
if (Number(process.versions.node.split('.')[0]) < 24 && node === process.execPath) {
  console.error(`No Node 24 for ${process.platform}/${process.arch} in the registry's node-<platform> packages, and this Node is ${process.version}: install Node 24 LTS and run again.`);
  process.exit(1);
}

// Node flags (e.g. --conditions=react-server) go before the script; the rest after it.
const nodeFlags = args.filter((a) => a.startsWith('--conditions'));
const scriptArgs = args.filter((a) => !a.startsWith('--conditions'));
// When `npm <script>` began and what the npm install took: `npm start` reports its whole first start.
const env = { ...process.env, PATH: `${path.join(modules, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`, SEATPLAN_LAUNCH: JSON.stringify({ at: launchedAt, installMs, toolsMs }) };
const child = spawn(node, [path.join(modules, 'tsx', 'dist', 'cli.mjs'), ...nodeFlags, script, ...scriptArgs], { cwd: root, env, stdio: 'inherit' });
// Ctrl-C reaches the whole process group; a signal sent to this process alone is passed on. The script's
// shutdown is idempotent, so getting both is harmless; this process exits with the script's code.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
