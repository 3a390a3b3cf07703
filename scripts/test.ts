import { spawn } from 'node:child_process';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { ensureChromium } from './tools/chromium.mjs';
import { ensureLocalstripe } from './tools/localstripe.mjs';
import { ensureTemporal } from './tools/temporal.mjs';
import { ensureTemporalTestServer } from './tools/temporal-test-server.mjs';
import { startStack } from './stack/index';
import { WORKFLOW_BUNDLE } from './stack/build';
import { PROJECT_ROOT, profile } from './stack/profile';

/**
 * `npm test`: installs missing tools, runs the unit layer, brings up the whole stack on the test
 * profile (its own ports and data, so a running `npm start` is untouched), then runs the integration,
 * workflow and browser layers against it. Exit code is non-zero if any layer fails.
 */
const started = Date.now();
const vitest = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest');

function runVitest(projects: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    // Extra arguments (file filters) apply to every layer; a layer with no matching file is not a failure then.
    const filters = process.argv.slice(2);
    const args = ['run', ...projects.flatMap((p) => ['--project', p]), ...filters, ...(filters.length ? ['--passWithNoTests'] : [])];
    const child = spawn(vitest, args, { stdio: 'inherit', env, cwd: PROJECT_ROOT });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const [temporalBin, , chromium, testServerBin] = await Promise.all([ensureTemporal(), ensureLocalstripe(), ensureChromium(), ensureTemporalTestServer()]);
console.log(`Node ${process.version}, Temporal CLI ${temporalBin}`);

/** Runs a check with its output held back, so two checks at once print one after the other. */
function runCheck(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', bin), args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// tsc and eslint each use about one core: on a 2-CPU machine they run side by side (≈ 20 s less than in turn).
// The lint: typescript-eslint's rules, the rules of hooks, and no import cycles (eslint.config.mjs).
const [tscRun, lintRun] = await Promise.all([runCheck('tsc', ['--noEmit', '-p', '.']), runCheck('eslint', ['.'])]);
const typecheck = tscRun.code;
const lint = lintRun.code;
console.log('\n=== typecheck (tsc --noEmit) ===');
process.stdout.write(tscRun.output);
console.log(typecheck === 0 ? 'typecheck passed' : 'typecheck FAILED');
console.log('\n=== lint (eslint) ===');
process.stdout.write(lintRun.output);
console.log(lint === 0 ? 'lint passed' : 'lint FAILED');

console.log('\n=== unit ===');
const unit = await runVitest(['unit'], process.env);

const test = profile('test');
// Tests start from a clean slate every run: no state leaks from a previous (perhaps killed) run.
rmSync(test.dataDir, { recursive: true, force: true });
console.log('\n=== starting the test stack ===');
// SEATPLAN_NO_APP=1 skips the production build and the browser layer: a quick loop for integration work.
const withApp = process.env.SEATPLAN_NO_APP !== '1';
const stack = await startStack(test, { app: withApp, seed: true });
let rest = 1;
try {
  console.log(`stack ready after ${Math.round((Date.now() - started) / 1000)} s`);
  console.log('\n=== integration, workflows, e2e ===');
  rest = await runVitest(withApp ? ['integration', 'workflows', 'e2e'] : ['integration', 'workflows'], {
    ...process.env,
    ...stack.env,
    NODE_ENV: 'test',
    // Tests make one database per file on this server (test/helpers/db.ts).
    DATABASE_URL: stack.adminDatabaseUrl ?? stack.env.DATABASE_URL,
    APP_DATABASE_URL: stack.env.DATABASE_URL,
    MAILDEV_URL: stack.maildevUrl ?? '',
    TEMPORAL_CLI_PATH: temporalBin,
    TEMPORAL_TEST_SERVER_PATH: testServerBin,
    CHROMIUM_PATH: chromium,
    SEATPLAN_TEST_DATA_DIR: test.dataDir,
    WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE,
  });
} finally {
  await stack.stop();
}
const verdict = (code: number) => (code === 0 ? 'passed' : 'FAILED');
console.log(`\nnpm test finished in ${Math.round((Date.now() - started) / 1000)} s: typecheck ${verdict(typecheck)}, lint ${verdict(lint)}, unit ${verdict(unit)}, integration/workflows${withApp ? '/e2e' : ''} ${verdict(rest)}`);
process.exit(typecheck === 0 && lint === 0 && unit === 0 && rest === 0 ? 0 : 1);
