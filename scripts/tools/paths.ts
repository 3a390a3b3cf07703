import { homedir } from 'node:os';
import path from 'node:path';

// Tools are cached per user, outside the clone, so CI runs and later clones reuse a build that
// takes minutes (the Temporal CLI compiles from source with Go).
export const TOOLS_DIR = process.env.SEATPLAN_TOOLS_DIR ?? path.join(homedir(), '.cache', 'seatplan');
export const TEMPORAL_VERSION = '1.5.1';
export const LOCALSTRIPE_VERSION = '1.15.10';
export const temporalCachedBin = path.join(TOOLS_DIR, 'bin', 'temporal');
export const localstripeVenv = path.join(TOOLS_DIR, 'localstripe');
export const localstripeBin = path.join(localstripeVenv, 'bin', 'localstripe');
