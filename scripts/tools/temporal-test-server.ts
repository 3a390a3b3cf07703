import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, versionOf } from './run';
import { TOOLS_DIR } from './paths';

/** The version pinned in temporal-test-server/pom.xml. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
const POM = path.join(import.meta.dirname, 'temporal-test-server', 'pom.xml');
const home = path.join(TOOLS_DIR, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
export const temporalTestServerBin = path.join(home, 'temporal-test-server');

/**
 * The time-skipping test server for workflow tests that span days (trial reminders, a service order's
 * 24-hour promise, a year of renewals): the Java SDK's TestServer from Maven Central, run with the
 * machine's Java, behind a small launcher the TypeScript SDK starts as an existing-path executable
 * (`<launcher> <port>`). Installed once into the tool cache with Maven (seconds).
 */
export async function ensureTemporalTestServer(): Promise<string> {
  const jar = `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`;
  if (existsSync(temporalTestServerBin) && existsSync(path.join(home, 'lib', jar))) return temporalTestServerBin;
  if (!versionOf('java', ['-version'])) throw new Error('Java is needed for the Temporal time-skipping test server, and `java` is not on PATH.');
  if (!versionOf('mvn', ['-v'])) throw new Error('Maven is needed to fetch the Temporal time-skipping test server, and `mvn` is not on PATH.');
  console.log(`• Fetching the Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} from Maven Central into ${home}…`);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  await run('mvn', ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(home, 'lib')}`], { label: 'mvn' });
  if (!readdirSync(path.join(home, 'lib')).includes(jar)) throw new Error(`Maven did not fetch ${jar} into ${home}/lib.`);
  writeFileSync(temporalTestServerBin, `#!/bin/sh\n# Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION}: <launcher> <port>\nexec java -cp "${path.join(home, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(temporalTestServerBin, 0o755);
  return temporalTestServerBin;
}
