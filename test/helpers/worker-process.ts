import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { newId } from '../../db/ids';
import { seedCatalog } from '../../db/seed/catalog';
import { seedDemo } from '../../db/seed/demo';
import { env } from '../../server/env';
import { temporalClientConnectionOptions } from '../../server/temporal/connection';
import { killProcessGroup } from '../../scripts/stack/proc';
import { type TemporalDevServer } from '../../scripts/stack/temporal';
import { createTestDatabase, type TestDatabase } from './db';
import { startPrivateTemporalServer } from './temporal-servers';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The real worker process (`tsx workflows/worker.ts`) on the given database and task queue. */
export function spawnWorker(databaseUrl: string, taskQueue: string, temporalAddress = env().TEMPORAL_ADDRESS): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'workflows', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: temporalAddress, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs node as a child, and a real crash takes both down.
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('worker polling')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
    if (process.env.SEATPLAN_DEBUG_WORKER) { child.stdout!.pipe(process.stdout); child.stderr!.pipe(process.stderr); }
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`worker exited (${code}):\n${output}`)); });
  });
}

/** kill -9 of the worker and its node child (the whole process group), as a crash or OOM kill would. */
export const killGroup = killProcessGroup;

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A seeded test database (the demo data, or with `seed: 'catalog'` the catalog alone) and the REAL
 * worker process on its own task queue, with hooks registered:
 * what the kill tests share. `kill()` is kill -9 of the worker's process group; `restart()` starts a
 * fresh worker process on the same queue, as an operator (or a supervisor) would.
 */
export function useWorkerProcessStack(queuePrefix: string, opts: { ownTemporalServer?: boolean; seed?: 'demo' | 'catalog' } = {}) {
  let database: TestDatabase | undefined;
  let connection: Connection | undefined;
  let temporal: Client | undefined;
  let worker: ChildProcess | null = null;
  let server: TemporalDevServer | undefined;
  const taskQueue = `${queuePrefix}-${randomUUID()}`;
  const address = () => server?.address ?? env().TEMPORAL_ADDRESS;
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not ready: use it inside tests, after beforeAll`);
    return v;
  };
  beforeAll(async () => {
    if (opts.ownTemporalServer) server = await startPrivateTemporalServer(env().TEMPORAL_NAMESPACE);
    database = await createTestDatabase();
    // The catalog only for a file whose worker reconciles: the demo's workflow IDs are the same in every
    // test database and belong to the stack's own worker.
    if (opts.seed === 'catalog') await database.db.transaction().execute((trx) => seedCatalog(trx));
    else await seedDemo(database.db);
    // The web server's client options (brief retries when unreachable), as the web side would connect.
    connection = await Connection.connect({ ...temporalClientConnectionOptions(env()), address: address() });
    temporal = new Client({ connection, namespace: env().TEMPORAL_NAMESPACE });
    worker = await spawnWorker(database.url, taskQueue, address());
  });
  afterAll(async () => {
    if (worker) await killGroup(worker);
    await connection?.close();
    await server?.stop();
    await database?.drop();
  });
  return {
    taskQueue,
    get db() { return ready(database, 'the test database').db; },
    get url() { return ready(database, 'the test database').url; },
    get client() { return ready(temporal, 'the Temporal client'); },
    deps() { return { db: this.db, client: this.client, taskQueue }; },
    /** The worker process is running (a Temporal outage can make it give up and exit). */
    get workerAlive() { return worker !== null && worker.exitCode === null && worker.signalCode === null; },
    async kill() {
      if (worker) await killGroup(worker);
      worker = null;
    },
    async restart() {
      worker = await spawnWorker(ready(database, 'the test database').url, taskQueue, address());
    },
    /** kill -9 of this file's own Temporal server (needs `ownTemporalServer`). */
    async killTemporal() {
      await ready(server, 'the private Temporal server').kill();
    },
    /** Starts it again on the same SQLite file and ports: the histories it had are all still there. */
    async restartTemporal() {
      await ready(server, 'the private Temporal server').restart();
    },
  };
}

/**
 * The worker killed in the middle of sending an email: the email's outbox key is held in an open
 * transaction so the activity sending it blocks on its insert; `start` sets the work going; once the send
 * is blocked the worker is killed -9, the key released and a new worker started.
 */
export async function killWorkerMidEmail(stack: { url: string; db: TestDatabase['db']; kill(): Promise<void>; restart(): Promise<void> }, outboxKey: string, start: () => Promise<unknown>) {
  const blocker = new pg.Client({ connectionString: stack.url });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO email_outbox (id, idempotency_key, to_address, subject, template) VALUES ($1, $2, 'blocker@fixture.example', 'blocker', 'blocker')`, [newId('mail'), outboxKey]);
    await start();
    // Polled from another connection: inside the blocker's transaction pg_stat_activity is a snapshot taken once.
    await until('the send to block', async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%email_outbox%'`.execute(stack.db);
      return rows[0]!.n > 0;
    });
    await stack.kill();
    await blocker.query('ROLLBACK');
  } finally {
    await blocker.end();
  }
  await stack.restart();
}

