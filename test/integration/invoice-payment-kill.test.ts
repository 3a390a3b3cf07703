import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { workflowIds } from '../../workflows/shared';
import { portalCallerFor } from '../helpers/callers';
import { settledEmailsTo } from '../helpers/maildev';
import { corporateFixture } from '../helpers/portal';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

// This file runs its own Temporal dev server (own SQLite file) and the real worker process: killing
// them disturbs no other test.
describe('WF-5 exactly once when the worker process AND the Temporal server are killed mid-payment', () => {
  const stack = useWorkerProcessStack('kill-invoice-pay', { ownTemporalServer: true });

  it('WF-5 CP-6: kill -9 of the worker and of the Temporal server after the charge, while the payment is recorded; restart both → one charge, one receipt, one email, the balance exact', { timeout: 180_000 }, async () => {
    const f = await corporateFixture(stack.db, { invoices: 1 });
    const invoiceId = f.invoiceIds[0]!;
    const api = await portalCallerFor(stack.deps(), f.loginId);

    // Holds the step that records the payment right after the charge: its receipt insert waits on this lock.
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE payment_receipts IN EXCLUSIVE MODE');

    const paid = await api.portal.invoices.payment.pay({ invoiceId, amount: '35000', paymentMethodId: await createCard(CARDS.visa), idempotencyKey: randomUUID().replace(/-/g, '') });
    expect(paid.payment).toEqual({ status: 'succeeded' });
    const payment = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', paid.orderId).executeTakeFirstOrThrow();
    await until('the recording step to block', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return rows[0].n > 0;
    });

    await stack.kill();
    await stack.killTemporal();
    await blocker.query('ROLLBACK');
    await blocker.end();
    // Everything down: the dead worker's transaction never committed, nothing is recorded yet.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await stack.db.selectFrom('invoices').select(['amount_paid', 'status']).where('id', '=', invoiceId).executeTakeFirstOrThrow()).toEqual({ amount_paid: 0n, status: 'open' });
    expect(await stack.db.selectFrom('payment_receipts').select('payment_id').where('invoice_id', '=', invoiceId).execute()).toEqual([]);
    await stack.restartTemporal();
    await stack.restart();

    await until('the payment to be recorded', async () => (await stack.db.selectFrom('orders').select('status').where('id', '=', paid.orderId).executeTakeFirstOrThrow()).status === 'completed', 120_000);
    await expect(stack.client.workflow.getHandle(workflowIds.invoicePayment(paid.orderId)).result()).resolves.toBe('completed');

    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', paid.orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ stripe_payment_intent_id: payment.stripe_payment_intent_id, status: 'succeeded', invoice_id: invoiceId, amount: 35_000n });
    expect(await paymentIntent(payment.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: 35_000 });
    expect(await stack.db.selectFrom('invoices').select(['total', 'amount_paid', 'status']).where('id', '=', invoiceId).executeTakeFirstOrThrow()).toEqual({ total: 100_000n, amount_paid: 35_000n, status: 'open' });
    expect(await stack.db.selectFrom('payment_receipts').select(['amount', 'paid_to_date', 'balance']).where('invoice_id', '=', invoiceId).execute()).toEqual([{ amount: 35_000n, paid_to_date: 35_000n, balance: 65_000n }]);
    expect(await settledEmailsTo(stack.db, f.billing.email, /Payment receipt/, { atLeast: 1 })).toHaveLength(1);
  });
});
