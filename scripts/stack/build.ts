import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { NEXT_DIST_DIR, PROJECT_ROOT } from './profile';
import { run } from '../tools/run.mjs';

// Outside Next's folder: `next build` empties that folder before it builds.
const BUILD_DIR = path.join(PROJECT_ROOT, '.build', NEXT_DIST_DIR.replace(/^\./, ''));
export const WORKFLOW_BUNDLE = path.join(BUILD_DIR, 'workflow-bundle.js');

/** A fingerprint of every source file's path, size and mtime: a rebuild happens only when one changed. */
function fingerprint(sources: string[]): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(PROJECT_ROOT, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const s of sources) {
    const p = path.join(PROJECT_ROOT, s);
    if (existsSync(p)) walk(p);
  }
  return hash.digest('hex');
}

async function ifStale(name: string, sources: string[], outputs: string[], build: () => Promise<void>) {
  const stamp = path.join(BUILD_DIR, `seatplan-${name}.stamp`);
  const fp = fingerprint(sources);
  if (existsSync(stamp) && outputs.every(existsSync) && readFileSync(stamp, 'utf8') === fp) return false;
  await build();
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(stamp, fp);
  return true;
}

/** The prebuilt workflow bundle the worker loads (workflow code only depends on workflows/). */
export async function buildWorkflowBundleIfStale(log: (m: string) => void) {
  await ifStale('workflows', ['workflows', 'package-lock.json'], [WORKFLOW_BUNDLE], async () => {
    log('• Bundling workflow code…');
    // Loaded here, not at the top: this module must load in milliseconds (see buildAppIfStale).
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const { code } = await bundleWorkflowCode({ workflowsPath: path.join(PROJECT_ROOT, 'workflows', 'index.ts'), logger: quietLogger });
    mkdirSync(BUILD_DIR, { recursive: true });
    writeFileSync(WORKFLOW_BUNDLE, code);
  });
}

let appBuild: Promise<number | null> | null = null;
const appBuildAbort = new AbortController();

/**
 * Ends a `next build` this process started and that still runs: a start that fails midway (a port in
 * use, a service that does not come up) must not leave the build behind, writing into the web
 * server's folder after the launcher has gone.
 */
export function cancelAppBuild() {
  appBuildAbort.abort();
}

/**
 * Production build of the web app, skipped when no source changed; how long it took (null: skipped).
 * One per process: the first call starts it, later ones share it. `npm start` calls it before it loads
 * the rest of the stack (~5 s of module loading here), so on a fresh clone the build — most of the
 * first start — begins at once.
 */
export function buildAppIfStale(log: (m: string) => void): Promise<number | null> {
  return (appBuild ??= buildApp(log));
}

async function buildApp(log: (m: string) => void): Promise<number | null> {
  const sources = ['app', 'server', 'workflows', 'db', 'package-lock.json', 'next.config.mjs', 'proxy.ts', 'postcss.config.mjs', 'tsconfig.json'];
  const started = Date.now();
  const built = await ifStale('app', sources, [path.join(PROJECT_ROOT, NEXT_DIST_DIR, 'BUILD_ID')], async () => {
    log('• Building the web app (next build) — about a minute…');
    // next build adds its build folder's generated types to tsconfig.json; we check types with our
    // own `tsc` run, so the file is put back as committed.
    const tsconfig = path.join(PROJECT_ROOT, 'tsconfig.json');
    const tsconfigBefore = readFileSync(tsconfig, 'utf8');
    const { atime, mtime } = statSync(tsconfig);
    try {
      await run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next'), ['build'], {
        cwd: PROJECT_ROOT,
        label: 'next build',
        signal: appBuildAbort.signal,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', NEXT_DIST_DIR },
      });
    } finally {
      if (readFileSync(tsconfig, 'utf8') !== tsconfigBefore) {
        writeFileSync(tsconfig, tsconfigBefore);
        utimesSync(tsconfig, atime, mtime); // unchanged for the build fingerprint too
      }
    }
    log(`• Web app built in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  if (!built) log('• Web app build is up to date');
  return built ? Date.now() - started : null;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error };
