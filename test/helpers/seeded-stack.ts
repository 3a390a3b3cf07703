import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';
import type { callerFor } from './callers';
import { createTestDatabase, type TestDatabase } from './db';
import { startTestWorker, type TestWorkerOptions } from './temporal';

export type TestWorker = Awaited<ReturnType<typeof startTestWorker>>;
export type CallerDeps = Parameters<typeof callerFor>[0];

export interface SeededStack {
  /** The file's own database (fresh, migrated, demo data seeded). */
  readonly db: Db;
  readonly database: TestDatabase;
  /** An in-process worker on its own task queue, its activities bound to `db`. */
  readonly worker: TestWorker;
  /** What `callerFor` needs; `now` pins the clock of the procedures. */
  deps(opts?: { now?: () => Date }): CallerDeps;
}

/**
 * Integration-test setup shared by the files that go through tRPC, Temporal, Stripe and SMTP: a fresh
 * database with the demo data and a test worker, made in beforeAll and torn down in afterAll. Call it
 * inside `describe` and read the getters inside tests or hooks (they throw before beforeAll ran).
 * `workerOptions` may wrap the worker's activities or Stripe gateway (fault injection; say so in the test).
 */
export function useSeededStack(workerOptions: TestWorkerOptions = {}): SeededStack {
  let t: TestDatabase | undefined;
  let worker: TestWorker | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    worker = await startTestWorker(t.db, workerOptions);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.drop();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useSeededStack: ${what} is not ready (read it inside a test or hook, after beforeAll)`);
    return v;
  };
  return {
    get database() {
      return ready(t, 'the database');
    },
    get db() {
      return ready(t, 'the database').db;
    },
    get worker() {
      return ready(worker, 'the worker');
    },
    deps(opts = {}) {
      const w = ready(worker, 'the worker');
      return { db: ready(t, 'the database').db, client: w.client, taskQueue: w.taskQueue, ...(opts.now ? { now: opts.now } : {}) };
    },
  };
}
