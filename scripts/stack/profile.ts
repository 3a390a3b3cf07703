import path from 'node:path';

/**
 * Two profiles so that `npm test` never touches the data of a running `npm start`: each has its own
 * data folder and its own ports.
 */
export type ProfileName = 'dev' | 'test' | 'bench';

export interface Profile {
  name: ProfileName;
  dataDir: string;
  ports: { postgres: number; temporal: number; temporalUi: number; localstripe: number; smtp: number; maildevWeb: number; app: number; temporalMetrics: number; temporalHttp: number };
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export function profile(name: ProfileName): Profile {
  const dev = { postgres: 5433, temporal: 7233, temporalUi: 8233, localstripe: 8420, smtp: 1025, maildevWeb: 1080, app: 3000, temporalMetrics: 7234, temporalHttp: 7243 };
  // Other profiles shift every port by a fixed offset, so all three can run side by side.
  const offset = { dev: 0, test: 10_000, bench: 20_000 }[name];
  const base = Object.fromEntries(Object.entries(dev).map(([k, v]) => [k, v + offset])) as Profile['ports'];
  return { name, dataDir: path.join(ROOT, '.data', name), ports: base };
}

export const PROJECT_ROOT = ROOT;
