import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { DEMO_IDS } from '../../db/seed/demo';
import { addPeriod } from '../../server/billing';
import { env } from '../../server/env';
import { quoteChange } from '../../server/services/subscription-change';
import { callerFor } from '../helpers/callers';
import { emailsTo, waitForEmail } from '../helpers/maildev';
import { CARDS, createCard } from '../helpers/stripe';
import { useSeededStack } from '../helpers/seeded-stack';

const BELLA = { productEmail: 'bella@northwind.example' };
const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');
const SECOND = 1000;

/** C = round_half_up(P × (end − t) / (end − start)) in whole seconds, written out independently of the domain code. */
function credit(paid: bigint, start: Date, end: Date, t: Date) {
  const s = BigInt(Math.floor(start.getTime() / SECOND));
  const e = BigInt(Math.floor(end.getTime() / SECOND));
  const x = BigInt(Math.floor(t.getTime() / SECOND));
  return (2n * paid * (e - x) + (e - s)) / (2n * (e - s));
}

describe('BC-5 / BC-4 cart: a subscription change next to trial conversions, one checkout', () => {
  const stack = useSeededStack();
  /** One instant for a whole checkout: the cart's review and Place order price at the same change time. */
  let clock = new Date();
  const bella = () => callerFor({ db: stack.db, client: stack.worker.client, taskQueue: stack.worker.taskQueue, now: () => clock }, BELLA);


  async function newTrial(productId: string) {
    clock = new Date();
    const caller = await bella();
    const { subscriptionId } = await caller.subscriptions.startTrial({ productId });
    for (let i = 0; i < 200; i++) {
      if ((await caller.subscriptions.status({ subscriptionId })).status === 'trial') return subscriptionId;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('trial did not start');
  }
  async function waitForOrder(orderId: string) {
    const caller = await bella();
    for (let i = 0; i < 300; i++) {
      const o = await caller.orders.get({ orderId });
      if (o.status === 'completed' || o.status === 'failed' || o.status === 'cancelled') return o;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`order ${orderId} did not finish`);
  }
  const sub = (id: string) => stack.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('BC-5 BC-4 WF-1: Add to cart from Modify subscription next to a trial conversion → one checkout, one payment; the change priced by the single-change preview function, applied once with its version check, one invoice', async () => {
    const trial = await newTrial('prd_training');
    clock = new Date();
    const caller = await bella();
    await caller.cart.add({ subscriptionId: trial, tierId: 'tier_training_business', seats: 2, frequency: 'monthly' });
    // The Modify page sees the cart's item: its button reads "Add to cart".
    expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).cartItems).toBe(1);
    const before = await sub(S.northwindMeeting);
    const target = { tierId: 'tier_meeting_enterprise', seats: before.seats + 1, frequency: 'monthly' as const };
    const { quote: preview } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, ...target });
    await caller.cart.addChange({ subscriptionId: S.northwindMeeting, ...target });

    const cart = await caller.cart.get();
    expect(cart.problem).toBeNull();
    expect(cart.items.map((i) => [i.kind, i.subscriptionId])).toEqual([['conversion', trial], ['change', S.northwindMeeting]]);
    const q = cart.quote!;
    const conv = q.lines.find((l) => l.kind === 'conversion')!;
    const change = q.lines.find((l) => l.kind === 'change')!;
    const N = BigInt(target.seats) * catalogUnitAmount('meeting', 'enterprise', 'monthly', 'USD');
    const C = credit(before.last_charge_amount!, before.current_period_start!, before.current_period_end!, clock);
    const conversionCost = 2n * catalogUnitAmount('training', 'business', 'monthly', 'USD');
    expect(conv).toMatchObject({ planAmount: conversionCost, creditAmount: 0n });
    expect(change).toMatchObject({ planAmount: N, creditAmount: C, subscriptionVersion: before.version, periodStart: clock, periodEnd: addPeriod(clock, 'monthly') });
    // The same function as the single-change preview prices the cart's change line.
    expect(preview.planCost).toBe(N);
    const single = await quoteChange(stack.db, { accountId: DEMO_IDS.accounts.northwind, subscriptionId: S.northwindMeeting, target, at: clock, sellerCountry: env().SELLER_COUNTRY });
    expect([single.planCost, single.unusedCredit]).toEqual([change.planAmount, change.creditAmount]);
    // One settlement for the cart: Σ(plan − credit), the balance once, tax on the net due.
    expect(q.subtotal).toBe(conversionCost + N - C);
    expect(q.netDue).toBe(q.subtotal - q.creditApplied);
    expect(q.total).toBe(q.netDue + q.tax);
    expect(q.total).toBeGreaterThan(0n);

    const placed = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: q.total });
    const order = await waitForOrder(placed.orderId);
    expect(order).toMatchObject({ status: 'completed', total: q.total, subtotal: q.subtotal });
    expect(order.lines.map((l) => [l.subscriptionId, l.planAmount])).toEqual([[trial, conversionCost], [S.northwindMeeting, N]]);
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(pays.map((p) => [p.amount, p.status])).toEqual([[q.total, 'succeeded']]);

    expect(await sub(trial)).toMatchObject({ status: 'active', tier_id: 'tier_training_business', seats: 2 });
    const after = await sub(S.northwindMeeting);
    expect(after).toMatchObject({ tier_id: 'tier_meeting_enterprise', seats: target.seats, last_charge_amount: N, version: before.version + 1 });
    expect(after.current_period_start).toEqual(clock);
    const invoices = await stack.db.selectFrom('invoices').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ total: q.total, amount_paid: q.total });
    const lines = await stack.db.selectFrom('invoice_lines').select(['amount']).where('invoice_id', '=', invoices[0]!.id).orderBy('sort').execute();
    expect(lines.map((l) => l.amount)).toEqual([conversionCost, N, -C, ...(q.creditApplied > 0n ? [-q.creditApplied] : [])]);
    await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));
    expect((await emailsTo('bella@northwind.example')).filter((m) => m.subject.includes(placed.orderId))).toHaveLength(1);
    // The change lock is released with the order; the cart is gone.
    expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();
    expect((await caller.cart.get()).items).toHaveLength(0);
  });

  it('BC-5 BC-4: every cart item is re-validated at checkout — a change placed meanwhile on its own refuses the cart with a clear message, nothing charged, the cart kept', async () => {
    const trial = await newTrial('prd_assist_v4');
    clock = new Date();
    const caller = await bella();
    await caller.cart.add({ subscriptionId: trial, tierId: 'tier_assist_v4_business', seats: 1, frequency: 'monthly' });
    const before = await sub(S.northwindWebinar);
    await caller.cart.addChange({ subscriptionId: S.northwindWebinar, tierId: before.tier_id, seats: before.seats + 1, frequency: before.frequency as 'monthly' | 'annual' });
    const cart = await caller.cart.get();
    expect(cart.problem).toBeNull();

    // Meanwhile the same subscription is changed from its Modify page in another window; that change is
    // still in flight (its card waits for 3-D Secure).
    const other = { subscriptionId: S.northwindWebinar, tierId: before.tier_id, seats: before.seats + 2, frequency: before.frequency as 'monthly' | 'annual' };
    const { quoteToken } = await caller.subscriptionChange.preview(other);
    const direct = await caller.subscriptionChange.place({ ...other, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.threeDSecure) });
    expect(direct.payment).toEqual({ status: 'requires_action' });

    const orders = (await stack.db.selectFrom('orders').select('id').execute()).length;
    const payments = (await stack.db.selectFrom('payments').select('id').execute()).length;
    const err = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: cart.quote!.total }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/A change to this subscription is already in progress/);
    expect((await stack.db.selectFrom('orders').select('id').execute()).length).toBe(orders);
    expect((await stack.db.selectFrom('payments').select('id').execute()).length).toBe(payments);
    expect((await caller.cart.get()).items).toHaveLength(2);
  });

  it('BC-5: a cart of changes only is refused with a clear message (complete each change from its Modify page)', async () => {
    clock = new Date();
    const caller = await bella();
    const cart0 = await caller.cart.get();
    for (const i of cart0.items.filter((x) => x.kind === 'conversion')) await caller.cart.remove({ subscriptionId: i.subscriptionId });
    const cart = await caller.cart.get();
    expect(cart.items.every((i) => i.kind === 'change')).toBe(true);
    expect(cart.quote).toBeNull();
    expect(cart.problem?.message).toMatch(/only subscription changes/);
    await expect(caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: null })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/only subscription changes/) });
  });
});
