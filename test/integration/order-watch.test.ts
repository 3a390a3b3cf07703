import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createOrderChanges, type OrderChanges } from '../../server/services/order-changes';
import { watchOrder } from '../../server/services/orders';
import { createCaller } from '../../server/trpc/root';
import { callerFor, startedTrial, testPayments } from '../helpers/callers';
import { authenticate3ds, CARDS, createCard } from '../helpers/stripe';
import { useSeededStack } from '../helpers/seeded-stack';

/** Settles to 'pending' if the promise has not resolved within `ms` (the read is still waiting). */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then((v) => ({ done: v })), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('BC-3 order page: each read answers when the order changed (order_changed), instead of polling', () => {
  const stack = useSeededStack();
  let changes: OrderChanges;
  beforeAll(() => {
    changes = createOrderChanges(stack.database.url);
  });
  afterAll(async () => {
    await changes.close();
  });

  /** A caller as the web server makes it: with the process's order-change listener. */
  async function watchingCaller(email: string) {
    const user = await stack.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return createCaller({
      db: stack.db, temporal: async () => stack.worker.client, taskQueue: stack.worker.taskQueue, payments: testPayments(), now: () => new Date(),
      session: { realm: 'product', subjectId: user.id, issuedAt: Math.floor(Date.now() / 1000) }, locale: 'en', orderChanges: changes,
    });
  }

  /** Giulia converts one of her trials with a 3-D Secure card: the order then waits for her (nothing changes on its own). */
  async function orderAwaitingAuthentication(productId: string) {
    const plain = await callerFor(stack.deps(), { productEmail: 'giulia@bottega-rossi.example' });
    const watching = await watchingCaller('giulia@bottega-rossi.example');
    const subscriptionId = await startedTrial(plain, productId);
    const tierId = (await plain.checkout.orderForm({ subscriptionId })).selection.tierId;
    const { cartId } = await plain.cart.add({ subscriptionId, tierId, seats: 1, frequency: 'monthly' });
    const placed = await plain.checkout.placeOrder({ expectedTotal: (await plain.cart.get()).quote!.total, cartId, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: await createCard(CARDS.threeDSecure) });
    // Followed as the page does until it waits for the customer.
    let o = await watching.orders.get({ orderId: placed.orderId });
    let reads = 1;
    while (o.status !== 'awaiting_payment' && reads < 50) {
      o = await watching.orders.get({ orderId: placed.orderId, after: o.version });
      reads++;
    }
    expect(o.status).toBe('awaiting_payment');
    return { plain, watching, orderId: placed.orderId, order: o };
  }

  it('BC-3: a read with the version the page shows waits while the order waits for 3-D Secure, and answers with the new state once the payment is done', async () => {
    const { plain, watching, orderId, order: o } = await orderAwaitingAuthentication('prd_webinar');

    // Nothing happens while the customer is in 3-D Secure: the read waits…
    const waiting = watching.orders.get({ orderId, after: o.version });
    expect(await within(waiting, 600)).toBe('pending');
    // …and a stale or missing version answers at once with what is there now.
    expect(await within(watching.orders.get({ orderId, after: 'A'.repeat(22) }), 5_000)).toMatchObject({ done: { status: 'awaiting_payment', version: o.version } });
    expect(await within(watching.orders.get({ orderId: orderId }), 5_000)).toMatchObject({ done: { version: o.version } });

    await authenticate3ds(o.payment!.clientSecret!);
    await plain.orders.paymentActionDone({ orderId: orderId });
    const next = await waiting;
    expect(next.version).not.toBe(o.version);

    let last = next;
    for (let i = 0; i < 50 && !(last.status === 'completed' && last.emailSent); i++) last = await watching.orders.get({ orderId, after: last.version });
    expect(last).toMatchObject({ status: 'completed', emailSent: true, invoice: { number: expect.stringMatching(/^SP-/) } });
    // A settled order never waits, even with its own version.
    expect(await within(watching.orders.get({ orderId, after: last.version }), 5_000)).toMatchObject({ done: { version: last.version } });
  });

  it('BC-3: an unchanged order answers after the wait, unchanged; a change is heard when its transaction commits, not before; another account\'s order is refused at once', async () => {
    const { orderId, order: o } = await orderAwaitingAuthentication('prd_training');
    const account = await stack.db.selectFrom('orders').select('account_id').where('id', '=', orderId).executeTakeFirstOrThrow();
    const started = Date.now();
    const same = await watchOrder({ db: stack.db, payments: testPayments(), orderChanges: changes }, account.account_id, orderId, 'en', { after: o.version, waitMs: 300 });
    expect(same.version).toBe(o.version);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    // The listener itself: woken by a committed update of the order's row, not by an uncommitted one.
    const watch = changes.watch(orderId, 10_000);
    await watch.listening;
    let heard = false;
    void watch.changed.then(() => (heard = true));
    await stack.db.transaction().execute(async (trx) => {
      await sql`UPDATE orders SET updated_at = updated_at WHERE id = ${orderId}`.execute(trx);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toBe(false);
    });
    await expect(within(watch.changed, 5_000)).resolves.toEqual({ done: undefined });
    watch.cancel();

    // Bella (Northwind) reading Giulia's order with its version: NOT_FOUND, without waiting for a change.
    const bella = await watchingCaller('bella@northwind.example');
    const refused = await within(bella.orders.get({ orderId, after: o.version }).catch((err: unknown) => err), 5_000);
    expect(refused).toMatchObject({ done: { code: 'NOT_FOUND' } });
  });
});
