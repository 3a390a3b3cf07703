import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { env } from '../../server/env';
import { createStripeGateway, stripeClient } from '../../server/payments/stripe-gateway';
import { handleStripeEvent } from '../../server/payments/webhooks';
import { callerFor } from '../helpers/callers';
import { authenticate3ds, CARDS, createCard } from '../helpers/stripe';
import { useSeededStack } from '../helpers/seeded-stack';
import { historySteps } from '../helpers/history-steps';
import { until } from '../helpers/worker-process';
import { paymentUpdatedSignal, workflowIds } from '../../workflows/shared';

/** A payment_intent event as Stripe signs it, for the intent as Stripe has it now. */
async function signedEvent(type: string, intentId: string) {
  const intent = await stripeClient(env()).paymentIntents.retrieve(intentId);
  const payload = JSON.stringify({ id: `evt_${randomUUID().replace(/-/g, '')}`, object: 'event', type, data: { object: intent } });
  const signature = stripeClient(env()).webhooks.generateTestHeaderString({ payload, secret: env().STRIPE_WEBHOOK_SECRET });
  return createStripeGateway(env()).verifyWebhook(payload, signature);
}

describe('WF-1 Stripe webhooks: signature verified, duplicates ignored, the workflow told', () => {
  const stack = useSeededStack();
  const gateway = () => createStripeGateway(env());

  it('WF-1: a signed payment_intent.succeeded wakes the order waiting for 3-D Secure; a redelivery and a forged event do nothing', async () => {
    const caller = await callerFor(stack.deps(), { productEmail: 'giulia@bottega-rossi.example' });
    const { subscriptionId } = await caller.subscriptions.startTrial({ productId: 'prd_webinar' });
    for (let i = 0; i < 200 && (await caller.subscriptions.status({ subscriptionId })).status !== 'trial'; i++) await new Promise((r) => setTimeout(r, 100));
    const { cartId } = await caller.cart.add({ subscriptionId, tierId: 'tier_webinar_starter', seats: 1, frequency: 'monthly' });
    const placed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: await createCard(CARDS.threeDSecure) });
    let order = await caller.orders.get({ orderId: placed.orderId });
    for (let i = 0; i < 200 && order.status !== 'awaiting_payment'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      order = await caller.orders.get({ orderId: placed.orderId });
    }
    expect(order.status).toBe('awaiting_payment');
    await authenticate3ds(order.payment!.clientSecret!);
    // The page is gone (closed tab): only Stripe's webhook tells the workflow.
    const pay = await stack.db.selectFrom('payments').select('stripe_payment_intent_id').where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
    const intent = await stripeClient(env()).paymentIntents.retrieve(pay.stripe_payment_intent_id!);
    const payload = JSON.stringify({ id: `evt_${randomUUID().replace(/-/g, '')}`, object: 'event', type: 'payment_intent.succeeded', data: { object: intent } });
    const signature = stripeClient(env()).webhooks.generateTestHeaderString({ payload, secret: env().STRIPE_WEBHOOK_SECRET });

    // Flip the signature's first hex digit to a different one (always changing it: a fixed '0' was a no-op one time in 16).
    const forged = signature.replace(/v1=(\w)/, (_, c: string) => `v1=${c === '0' ? '1' : '0'}`);
    expect(forged).not.toBe(signature);
    expect(() => gateway().verifyWebhook(payload, forged)).toThrow();
    expect(() => gateway().verifyWebhook(payload.replace('succeeded', 'canceled'), signature)).toThrow();
    const event = gateway().verifyWebhook(payload, signature);
    await expect(handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, event)).resolves.toEqual({ duplicate: false, orderId: placed.orderId, signalled: true });
    await expect(handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, event)).resolves.toEqual({ duplicate: true, orderId: null, signalled: false });
    for (let i = 0; i < 200 && order.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      order = await caller.orders.get({ orderId: placed.orderId });
    }
    expect(order.status).toBe('completed');
    expect(await stack.db.selectFrom('stripe_events').select(['id', 'processed_at']).execute()).toEqual([{ id: event.id, processed_at: expect.any(Date) }]);
    expect(await stack.db.selectFrom('payments').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(1);
  });

  it('WF-2: an event about a payment we already recorded as succeeded — the order still being applied — is answered and recorded but signals nothing', { timeout: 90_000 }, async () => {
    const caller = await callerFor(stack.deps(), { productEmail: 'bella@northwind.example' });
    const subscriptionId = DEMO_IDS.subscriptions.northwindMeeting;
    const target = { tierId: 'tier_meeting_enterprise', seats: 6, frequency: 'monthly' as const };
    const { quoteToken } = await caller.subscriptionChange.preview({ subscriptionId, ...target });
    // Hold the step after the charge (it numbers the invoice) so the order is still `processing` with its
    // payment recorded as succeeded: the window in which a late or repeated Stripe event arrives.
    const year = new Date().getUTCFullYear();
    await stack.db.insertInto('invoice_number_sequences').values({ year, last_seq: 0 }).onConflict((oc) => oc.column('year').doNothing()).execute();
    const blocker = new pg.Client({ connectionString: stack.database.url });
    await blocker.connect();
    let orderId: string;
    let signalsBefore: string[];
    let outcome: Awaited<ReturnType<typeof handleStripeEvent>>;
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT last_seq FROM invoice_number_sequences WHERE year = $1 FOR UPDATE', [year]);
      const placed = await caller.subscriptionChange.place({ subscriptionId, ...target, quoteToken, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: await createCard(CARDS.visa) });
      orderId = placed.orderId;
      expect(placed.payment).toEqual({ status: 'succeeded' });
      await until('the apply step to block', async () => (await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n > 0);
      expect(await stack.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).toEqual({ status: 'processing' });
      const pay = await stack.db.selectFrom('payments').select(['status', 'stripe_payment_intent_id']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
      expect(pay.status).toBe('succeeded');

      signalsBefore = historySteps(await stack.worker.client.workflow.getHandle(workflowIds.subscriptionChange(orderId)).fetchHistory()).signals;
      const late = await signedEvent('payment_intent.succeeded', pay.stripe_payment_intent_id!);
      outcome = await handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, late);
      // A redelivery of it is still just a duplicate.
      await expect(handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, late)).resolves.toEqual({ duplicate: true, orderId: null, signalled: false });
      expect(await stack.db.selectFrom('stripe_events').select('processed_at').where('id', '=', late.id).executeTakeFirstOrThrow()).toEqual({ processed_at: expect.any(Date) });
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    await until('the change to complete', async () => (await stack.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status === 'completed', 60_000);
    // Read back through Temporal once the workflow has run to its end (a signal that arrives during a
    // workflow task is written to the history only when that task completes): no new signal — before the
    // fix, one paymentUpdated.
    const handle = stack.worker.client.workflow.getHandle(workflowIds.subscriptionChange(orderId));
    await expect(handle.result()).resolves.toBe('completed');
    expect(historySteps(await handle.fetchHistory()).signals).toEqual(signalsBefore);
    expect(signalsBefore).not.toContain(paymentUpdatedSignal.name);
    expect(outcome).toEqual({ duplicate: false, orderId, signalled: false });
    // Once it is completed a further event changes nothing either.
    const pay = await stack.db.selectFrom('payments').select('stripe_payment_intent_id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const after = await signedEvent('payment_intent.succeeded', pay.stripe_payment_intent_id!);
    await expect(handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, after)).resolves.toEqual({ duplicate: false, orderId, signalled: false });
    expect(await stack.db.selectFrom('payments').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
  });
});
