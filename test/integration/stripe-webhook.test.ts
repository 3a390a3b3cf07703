import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { env } from '../../server/env';
import { createStripeGateway, stripeClient } from '../../server/payments/stripe-gateway';
import { handleStripeEvent } from '../../server/payments/webhooks';
import { callerFor } from '../helpers/callers';
import { authenticate3ds, CARDS, createCard } from '../helpers/stripe';
import { useSeededStack } from '../helpers/seeded-stack';

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
    await expect(handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, event)).resolves.toEqual({ duplicate: false, orderId: placed.orderId });
    await expect(handleStripeEvent({ db: stack.db, temporal: async () => stack.worker.client }, event)).resolves.toEqual({ duplicate: true, orderId: null });
    for (let i = 0; i < 200 && order.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      order = await caller.orders.get({ orderId: placed.orderId });
    }
    expect(order.status).toBe('completed');
    expect(await stack.db.selectFrom('stripe_events').select(['id', 'processed_at']).execute()).toEqual([{ id: event.id, processed_at: expect.any(Date) }]);
    expect(await stack.db.selectFrom('payments').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(1);
  });
});
