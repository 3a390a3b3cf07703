import path from 'node:path';

/**
 * Two profiles so that `npm test` never touches the data of a running `npm start`: each has its own
 * data folder and its own ports.
 */
/** `restart`: the stack-restart test's own stack (SIGKILLed on purpose; persistent like dev). `chaos`: `npm run chaos` (fresh data, parts killed on purpose). */
export type ProfileName = 'dev' | 'test' | 'bench' | 'restart' | 'chaos';

export interface Profile {
  name: ProfileName;
  dataDir: string;
  /** localstripe keeps its store in a file (dev, restart); tests and bench start from an empty one. */
  persistStripe: boolean;
  ports: { postgres: number; temporal: number; temporalUi: number; localstripe: number; smtp: number; maildevWeb: number; app: number; temporalMetrics: number; temporalHttp: number };
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export function profile(name: ProfileName): Profile {
  const dev = { postgres: 5433, temporal: 7233, temporalUi: 8233, localstripe: 8420, smtp: 1025, maildevWeb: 1080, app: 3000, temporalMetrics: 7234, temporalHttp: 7243 };
  // Other profiles shift every port by a fixed offset, so all three can run side by side.
  // SEATPLAN_INSTANCE=N (1–9) shifts ports by N×100 and uses its own data and build folders, so
  // several developers (or sessions) on one machine can run `npm test` at the same time.
  const instance = Number(process.env.SEATPLAN_INSTANCE ?? 0);
  if (!Number.isInteger(instance) || instance < 0 || instance > 9) throw new Error('SEATPLAN_INSTANCE must be a whole number from 0 to 9');
  // ×100 keeps every port of one instance clear of every port of another (the ×1000 step made
  // instance N's UI port instance N+1's gRPC port).
  // Every port stays below 32768, where Linux's ephemeral range (32768–60999) starts: a fixed port in
  // that range can be taken by any outgoing connection, or by a free port a server picks for itself (the
  // Temporal dev server does, for its internal services), and the server then fails to bind it. So
  // restart and chaos share test's and bench's ten-thousands, 50 up: within each block of a hundred the
  // dev ports end in 00, 20, 25, 33, 34, 43 or 80, and 50 up in none of those, so no two ever meet.
  const offset = { dev: 0, test: 10_000, bench: 20_000, restart: 10_050, chaos: 20_050 }[name] + instance * 100;
  const base = Object.fromEntries(Object.entries(dev).map(([k, v]) => [k, v + offset])) as Profile['ports'];
  return { name, dataDir: path.join(ROOT, '.data', instance ? `${name}-${instance}` : name), persistStripe: name === 'dev' || name === 'restart', ports: base };
}

export const PROJECT_ROOT = ROOT;

/** Next's build folder (NEXT_DIST_DIR), per instance so parallel builds do not collide. */
export const NEXT_DIST_DIR = process.env.SEATPLAN_INSTANCE && process.env.SEATPLAN_INSTANCE !== '0' ? `.next-${process.env.SEATPLAN_INSTANCE}` : '.next';
process.env.NEXT_DIST_DIR = NEXT_DIST_DIR;
