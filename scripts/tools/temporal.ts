import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { run, versionOf } from './run';
import { TEMPORAL_VERSION, TOOLS_DIR, temporalCachedBin } from './paths';

/**
 * The Temporal CLI (dev server + UI). Uses `temporal` from PATH when it is v1.5.x, otherwise builds
 * v1.5.1 once with `go install` into the user cache (later tags carry a `replace` directive and
 * cannot be `go install`ed). Returns the binary's path.
 */
export async function ensureTemporal(): Promise<string> {
  const onPath = versionOf('temporal');
  if (onPath && /\b1\.5\.\d+/.test(onPath)) return 'temporal';
  // `go install` builds print "0.0.0-DEV (Server 1.29.x …)": the server version identifies v1.5.x.
  if (existsSync(temporalCachedBin) && /Server 1\.29\./.test(versionOf(temporalCachedBin) ?? '')) return temporalCachedBin;
  if (!versionOf('go', ['version'])) throw new Error('Go is needed to build the Temporal CLI, and `go` is not on PATH.');
  mkdirSync(path.dirname(temporalCachedBin), { recursive: true });
  console.log(`• Building the Temporal CLI v${TEMPORAL_VERSION} with Go into ${TOOLS_DIR} — this happens once and takes several minutes…`);
  const started = Date.now();
  await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_VERSION}`], {
    env: { ...process.env, GOBIN: path.dirname(temporalCachedBin), GOFLAGS: '-mod=mod' },
    label: 'go install temporal',
  });
  console.log(`• Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
  return temporalCachedBin;
}
