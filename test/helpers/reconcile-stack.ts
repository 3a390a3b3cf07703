import { afterAll, beforeAll } from 'vitest';
import { seedCatalog } from '../../db/seed/catalog';
import { ensureReconcileSchedule } from '../../server/temporal/schedules';
import { createTestDatabase, type TestDatabase } from './db';
import type { TestWorker } from './seeded-stack';
import { startTestWorker } from './temporal';

/**
 * A file's database with the catalog only, no demo data, and an in-process worker: the file's
 * reconcilers see its rows alone (the demo's workflow IDs are the same in every test database and
 * belong to the stack's own worker). The reconcile Schedule a test makes on the worker's task queue is
 * deleted after: it outlives the worker and would keep starting passes nobody runs.
 */
export function useCatalogWorker() {
  let t: TestDatabase;
  let worker: TestWorker;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.transaction().execute((trx) => seedCatalog(trx));
    worker = await startTestWorker(t.db);
  });
  afterAll(async () => {
    if (worker) await ensureReconcileSchedule(worker.client, worker.taskQueue, 0);
    await worker?.stop();
    await t?.drop();
  });
  return {
    get db() {
      return t.db;
    },
    get worker() {
      return worker;
    },
  };
}
