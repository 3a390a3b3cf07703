import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from './profile';
import { run } from '../tools/run';

const SOURCES = ['app', 'server', 'workflows', 'db', 'package-lock.json', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json'];
const STAMP = path.join(PROJECT_ROOT, '.next', 'seatplan-build-stamp');
export const WORKFLOW_BUNDLE = path.join(PROJECT_ROOT, '.next', 'seatplan-workflow-bundle.js');

/** A fingerprint of every source file's path, size and mtime: a rebuild happens only when one changed. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(PROJECT_ROOT, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const s of SOURCES) {
    const p = path.join(PROJECT_ROOT, s);
    if (existsSync(p)) walk(p);
  }
  return hash.digest('hex');
}

/** Production build of the web app and the prebuilt workflow bundle, skipped when nothing changed. */
export async function buildIfStale(log: (m: string) => void) {
  const fingerprint = sourceFingerprint();
  if (existsSync(STAMP) && existsSync(WORKFLOW_BUNDLE) && readFileSync(STAMP, 'utf8') === fingerprint) {
    log('• Build is up to date');
    return;
  }
  log('• Building the web app (next build) and the workflow bundle — about a minute…');
  const started = Date.now();
  await run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: PROJECT_ROOT,
    label: 'next build',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(PROJECT_ROOT, 'workflows', 'index.ts'), logger: quietLogger });
  writeFileSync(WORKFLOW_BUNDLE, code);
  writeFileSync(STAMP, fingerprint);
  log(`• Built in ${Math.round((Date.now() - started) / 1000)} s`);
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };
