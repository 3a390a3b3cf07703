import pg from 'pg';
import type { Rng } from './random';

/**
 * The parts the chaos run breaks, as handles of whoever started them: `npm run chaos` passes the
 * stack's (scripts/stack/), the chaos test its worker-process stack's (test/helpers/worker-process.ts).
 */
export interface ChaosParts {
  killWorker(): Promise<void>;
  /** Starts a fresh worker process (resolves once it is started; it may still be connecting). */
  startWorker(): Promise<void>;
  workerAlive(): boolean;
  killTemporal(): Promise<void>;
  /** Starts the Temporal server again on the same data (resolves once it answers). */
  startTemporal(): Promise<void>;
  /** The database whose connections — the app's and the worker's — are cut. */
  databaseUrl: string;
}

export type FaultKind = 'kill worker' | 'kill Temporal server' | 'cut database connections';

/** One planned fault: fired `delayMs` after the `afterPlaced`-th Place order, the part down for `downMs`. */
export interface Fault {
  kind: FaultKind;
  afterPlaced: number;
  delayMs: number;
  downMs: number;
}

/** The run's faults, drawn from the seed: worker kills, Temporal kills, one cut of the database connections. */
export function planFaults(rng: Rng, orders: number): Fault[] {
  const draw = (kind: FaultKind, count: number) =>
    Array.from({ length: count }, () => ({ kind, afterPlaced: rng.int(1, Math.max(1, orders - 1)), delayMs: rng.int(0, 1500), downMs: kind === 'cut database connections' ? 0 : rng.int(500, 4000) }));
  return [
    ...draw('kill worker', Math.max(2, Math.round(orders / 30))),
    ...draw('kill Temporal server', Math.max(1, Math.round(orders / 60))),
    ...draw('cut database connections', 1),
  ].sort((a, b) => a.afterPlaced - b.afterPlaced || a.delayMs - b.delayMs);
}

/** pg_terminate_backend of every other connection to the database: the app's pool and the worker's. */
export async function cutDatabaseConnections(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Fires one fault and brings the part back (a worker the Temporal outage took down is started again too). */
export async function fire(parts: ChaosParts, fault: Fault, log: (m: string) => void): Promise<void> {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await pause(fault.delayMs);
  const t0 = Date.now();
  if (fault.kind === 'kill worker') {
    await parts.killWorker();
    await pause(fault.downMs);
    await parts.startWorker();
  } else if (fault.kind === 'kill Temporal server') {
    await parts.killTemporal();
    await pause(fault.downMs);
    await parts.startTemporal();
  } else {
    log(`  ✂ ${await cutDatabaseConnections(parts.databaseUrl)} database connections cut`);
  }
  if (!parts.workerAlive()) await parts.startWorker();
  log(`  ⚡ ${fault.kind} after order ${fault.afterPlaced} (+${fault.delayMs} ms): back after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
