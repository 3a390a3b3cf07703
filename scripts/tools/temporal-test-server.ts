import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { run, versionOf } from './run';
import { TEMPORAL_TEST_SERVER_VERSION, temporalTestServerBin, temporalTestServerDir } from './paths';

const POM = path.join(import.meta.dirname, 'temporal-test-server', 'pom.xml');
const STAMP = path.join(temporalTestServerDir, '.installed');

/**
 * The time-skipping test server for workflow tests that span months (WF-4 renewals): the Java SDK's
 * `io.temporal:temporal-test-server` and its dependencies, copied from Maven Central by `mvn` into the
 * tool cache, and a wrapper script the TypeScript SDK starts as an `existing-path` executable (it is
 * called with the port). Needs Java 17+ and Maven (`apt-get install openjdk-17-jre-headless maven`).
 * Returns the wrapper's path.
 */
export async function ensureTemporalTestServer(): Promise<string> {
  const pom = readFileSync(POM, 'utf8');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === pom && existsSync(temporalTestServerBin)) return temporalTestServerBin;
  if (!versionOf('java', ['-version'])) throw new Error('Java 17+ is needed for the time-skipping Temporal test server: apt-get install openjdk-17-jre-headless.');
  if (!versionOf('mvn', ['--version'])) throw new Error('Maven is needed to fetch the time-skipping Temporal test server: apt-get install maven.');
  console.log(`• Installing the Temporal test server ${TEMPORAL_TEST_SERVER_VERSION} (Maven Central) into ${temporalTestServerDir}…`);
  const started = Date.now();
  rmSync(temporalTestServerDir, { recursive: true, force: true });
  const lib = path.join(temporalTestServerDir, 'lib');
  mkdirSync(lib, { recursive: true });
  await run('mvn', ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`], { label: 'mvn' });
  writeFileSync(temporalTestServerBin, `#!/bin/sh\n# Started by the TypeScript SDK with the port as its argument.\nexec java -cp '${lib}/*' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(temporalTestServerBin, 0o755);
  writeFileSync(STAMP, pom);
  console.log(`• Temporal test server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return temporalTestServerBin;
}
