import { describe, expect, it } from 'vitest';
import { env } from '../../server/env';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { ORDER_KINDS } from '../../scripts/chaos/kinds';
import { Rng } from '../../scripts/chaos/random';
import { printRun } from '../../scripts/chaos/report';
import { runChaos } from '../../scripts/chaos/run';
import { useWorkerProcessStack } from '../helpers/worker-process';

// The small chaos run of `npm test` (the full one is `npm run chaos`): every kind of order, placed by
// several users at once while this file's own worker and Temporal server are SIGKILLed and restarted
// and its database's connections cut once; then the reconciliation against Stripe and the database.
// Its own Temporal server and database: killing them disturbs no other test.
describe('chaos: orders of every kind survive worker and Temporal kills and a database cut', () => {
  const stack = useWorkerProcessStack('chaos', { ownTemporalServer: true });

  it('BC-3, BC-4, BC-5, CP-10, WF-1, WF-2, WF-3: no order lost or stuck, none charged twice, money = totals, one invoice per paid order, gapless numbers, the credit ledger consistent', { timeout: 300_000 }, async () => {
    const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Rng.freshSeed();
    const run = await runChaos(
      {
        db: stack.db,
        client: stack.client,
        taskQueue: stack.taskQueue,
        stripe: stripeClient(env()),
        log: () => undefined,
        parts: {
          killWorker: () => stack.kill(),
          startWorker: () => stack.restart(),
          workerAlive: () => stack.workerAlive,
          killTemporal: () => stack.killTemporal(),
          startTemporal: () => stack.restartTemporal(),
          databaseUrl: stack.url,
        },
      },
      { seed, orders: 16, users: 4, patienceMs: 120_000, settleMs: 60_000 },
    );
    printRun(run);
    expect(run.attempts).toHaveLength(16);
    expect(new Set(run.attempts.map((a) => a.kind))).toEqual(new Set(ORDER_KINDS.map((k) => k.name)));
    expect(run.faults.every((f) => f.fired)).toBe(true);
    expect(run.reconciliation.details).toEqual({});
  });
});
