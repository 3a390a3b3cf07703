import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { workflowIds } from '../../workflows/shared';
import { callerFor } from '../helpers/callers';
import { settledEmailsTo, waitForEmail } from '../helpers/maildev';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

const log = (m: string) => { if (process.env.SEATPLAN_DEBUG_WORKER) console.log(`[kill-test] ${m}`); };

describe('WF-1 exactly once when the worker process is killed after the charge, before activation', () => {
  const stack = useWorkerProcessStack('kill');

  it('WF-1: kill -9 while activation waits, restart → one charge, one activation, one invoice, one email', { timeout: 120_000 }, async () => {
    const caller = await callerFor(stack.deps(), { productEmail: 'giulia@bottega-rossi.example' });
    // A trial started here, so its WF-1 workflow runs on the worker process under test (not the stack's).
    const { subscriptionId: subId } = await caller.subscriptions.startTrial({ productId: 'prd_training' });
    await until('the trial to start', async () => (await caller.subscriptions.status({ subscriptionId: subId })).status === 'trial');
    const { cartId } = await caller.cart.add({ subscriptionId: subId, tierId: 'tier_training_enterprise', seats: 5, frequency: 'monthly' });
    const total = (await caller.cart.get()).quote!.total;

    // Hold the invoice-number counter so activation (which numbers the invoice) blocks after the charge.
    const year = new Date().getUTCFullYear();
    await stack.db.insertInto('invoice_number_sequences').values({ year, last_seq: 0 }).onConflict((oc) => oc.column('year').doNothing()).execute();
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT last_seq FROM invoice_number_sequences WHERE year = $1 FOR UPDATE', [year]);

    const placed = await caller.checkout.placeOrder({ cartId, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: await createCard(CARDS.visa), expectedTotal: total });
    log('order placed');
    const payment = await until('the charge', async () =>
      stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).where('status', '=', 'succeeded').executeTakeFirst(),
    );
    // The activation activity is now waiting on our lock inside its transaction.
    await until('activation to block', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return rows[0].n > 0;
    });
    expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow()).status).toBe('trial');

    log('activation blocked; killing the worker');
    await stack.kill();
    await blocker.query('ROLLBACK');
    await blocker.end();
    // Nothing was activated by the dead worker: its transaction never committed.
    await new Promise((r) => setTimeout(r, 500));
    expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow()).status).toBe('trial');

    await stack.restart();
    log('worker restarted');
    const order = await until('the order to complete', async () => {
      const o = await stack.db.selectFrom('orders').selectAll().where('id', '=', placed.orderId).executeTakeFirstOrThrow();
      return o.status === 'completed' ? o : null;
    });
    expect(order.total).toBe(total);
    await waitForEmail('giulia@bottega-rossi.example', new RegExp(placed.orderId));
    await expect(stack.client.workflow.getHandle(workflowIds.trial(subId)).result()).resolves.toBe('converted');

    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]!.stripe_payment_intent_id).toBe(payment.stripe_payment_intent_id);
    expect(await paymentIntent(payment.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(total) });
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(1);
    expect(await stack.db.selectFrom('audit_log').select('id').where('action', '=', 'order.completed').where('subject_id', '=', placed.orderId).execute()).toHaveLength(1);
    expect((await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', subId).executeTakeFirstOrThrow())).toMatchObject({ status: 'active', seats: 5, tier_id: 'tier_training_enterprise' });
    expect(await settledEmailsTo(stack.db, 'giulia@bottega-rossi.example', new RegExp(placed.orderId))).toHaveLength(1);
  });
});
