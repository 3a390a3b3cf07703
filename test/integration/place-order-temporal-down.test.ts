import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { translate } from '../../server/i18n/messages';
import { callerFor } from '../helpers/callers';
import { waitForOrder } from '../helpers/orders';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

const key = () => randomUUID().replace(/-/g, '');

// This file runs its own Temporal dev server (own SQLite file) and kills it for real: the web side's
// Temporal client then meets a server that is not there, as a web server would. No mock.
describe('WF-2 / WF-1 Place order while the Temporal server is unreachable: a clear error, nothing charged, the order kept and retried once', () => {
  const stack = useWorkerProcessStack('place-temporal-down', { ownTemporalServer: true });

  async function refused(p: Promise<unknown>): Promise<TRPCError> {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err, 'expected Place order to be refused').toBeInstanceOf(TRPCError);
    return err as TRPCError;
  }
  const ordersUnderKey = (idempotencyKey: string) => stack.db.selectFrom('orders').select(['id', 'status']).where('idempotency_key', '=', idempotencyKey).execute();
  const paymentsOf = (orderId: string) => stack.db.selectFrom('payments').select(['status', 'stripe_payment_intent_id', 'amount']).where('order_id', '=', orderId).execute();

  /** Temporal back on the same data; the worker process too, should the outage have made it give up. */
  async function temporalBack() {
    await stack.restartTemporal();
    if (!stack.workerAlive) await stack.restart();
  }

  it('WF-2 BC-4: Temporal down at Place order → "could not start your order, nothing was charged" in English; the same key again (still down) says so again; once it is back the same key makes it one order, one charge', { timeout: 180_000 }, async () => {
    const bella = await callerFor(stack.deps(), { productEmail: 'bella@northwind.example' });
    const subscriptionId = DEMO_IDS.subscriptions.northwindMeeting;
    const target = { subscriptionId, tierId: 'tier_meeting_enterprise', seats: 7, frequency: 'monthly' as const };
    const before = await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
    const { quote, quoteToken } = await bella.subscriptionChange.preview(target);
    expect(quote.total).toBeGreaterThan(0n);
    const input = { ...target, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) };

    await stack.killTemporal();
    try {
      const err = await refused(bella.subscriptionChange.place(input));
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect(err.message).toBe(translate('en', 'errors.order.notStarted'));
      expect(err.message).toMatch(/could not start your order.*Nothing was charged.*try again/);
      // The order is kept (it holds its place and the card), nothing was charged, nothing changed.
      const [order] = await ordersUnderKey(input.idempotencyKey);
      expect(order).toMatchObject({ status: 'processing' });
      expect(await paymentsOf(order!.id)).toEqual([]);
      expect(await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow()).toEqual(before);
      // Pressed again while Temporal is still away: told again; still one order.
      expect((await refused(bella.subscriptionChange.place(input))).message).toBe(translate('en', 'errors.order.notStarted'));
      expect(await ordersUnderKey(input.idempotencyKey)).toHaveLength(1);
    } finally {
      await temporalBack();
    }

    const again = await bella.subscriptionChange.place(input);
    const [order] = await ordersUnderKey(input.idempotencyKey);
    expect(again).toMatchObject({ orderId: order!.id, duplicate: true, payment: { status: 'succeeded' } });
    expect(await waitForOrder(bella, again.orderId, { timeoutMs: 60_000 })).toMatchObject({ status: 'completed' });
    // A further press changes nothing: one order, one payment, one PaymentIntent charged the quoted total.
    expect(await bella.subscriptionChange.place(input)).toMatchObject({ orderId: again.orderId, duplicate: true });
    expect(await ordersUnderKey(input.idempotencyKey)).toHaveLength(1);
    const pays = await paymentsOf(again.orderId);
    expect(pays).toEqual([{ status: 'succeeded', stripe_payment_intent_id: expect.stringMatching(/^pi_/), amount: quote.total }]);
    expect(await paymentIntent(pays[0]!.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(quote.total) });
    expect(await stack.db.selectFrom('subscriptions').select(['tier_id', 'seats']).where('id', '=', subscriptionId).executeTakeFirstOrThrow()).toEqual({ tier_id: target.tierId, seats: target.seats });
  });

  it('WF-1 BC-3 BC-5: checkout while Temporal is down → the same error in Italian, nothing charged, the trial still a trial; Place order again once it is back converts it with one charge', { timeout: 180_000 }, async () => {
    const giulia = await callerFor(stack.deps(), { productEmail: 'giulia@bottega-rossi.example' }, 'it');
    const { subscriptionId } = await giulia.subscriptions.startTrial({ productId: 'prd_webinar' });
    await until('the trial to start', async () => (await giulia.subscriptions.status({ subscriptionId })).status === 'trial');
    const { cartId } = await giulia.cart.add({ subscriptionId, tierId: 'tier_webinar_starter', seats: 1, frequency: 'monthly' });
    const total = (await giulia.cart.get()).quote!.total;
    expect(total).toBeGreaterThan(0n);
    const input = { cartId, expectedTotal: total, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) };

    await stack.killTemporal();
    try {
      const err = await refused(giulia.checkout.placeOrder(input));
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect(err.message).toBe(translate('it', 'errors.order.notStarted'));
      expect(err.message).toMatch(/Non è stato possibile avviare l'ordine.*Non è stato addebitato nulla.*Riprova/);
      const [order] = await ordersUnderKey(input.idempotencyKey);
      expect(await paymentsOf(order!.id)).toEqual([]);
      expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).status).toBe('trial');
      // Pressed again while still down (the page keeps the key on this error): told again.
      expect((await refused(giulia.checkout.placeOrder(input))).code).toBe('SERVICE_UNAVAILABLE');
      // The same cart under another key (a reloaded page) is the same order, and is told the same.
      expect((await refused(giulia.checkout.placeOrder({ ...input, idempotencyKey: key() }))).code).toBe('SERVICE_UNAVAILABLE');
      expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([{ id: order!.id }]);
    } finally {
      await temporalBack();
    }

    const again = await giulia.checkout.placeOrder(input);
    expect(again).toMatchObject({ duplicate: true });
    expect(await waitForOrder(giulia, again.orderId, { timeoutMs: 60_000 })).toMatchObject({ status: 'completed' });
    expect(await stack.db.selectFrom('orders').select('id').where('cart_id', '=', cartId).execute()).toEqual([{ id: again.orderId }]);
    const pays = await paymentsOf(again.orderId);
    expect(pays).toEqual([{ status: 'succeeded', stripe_payment_intent_id: expect.stringMatching(/^pi_/), amount: total }]);
    expect(await paymentIntent(pays[0]!.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(total) });
    expect((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).status).toBe('active');
  });
});
