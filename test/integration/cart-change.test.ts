import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { creditBalance } from '../../db/credit';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { DEMO_IDS } from '../../db/seed/demo';
import { addPeriod } from '../../server/billing';
import { env } from '../../server/env';
import { quoteChange } from '../../server/services/change-pricing';
import { callerFor } from '../helpers/callers';
import { emailsTo, waitForEmail } from '../helpers/maildev';
import { authenticate3ds, CARDS, createCard } from '../helpers/stripe';
import { credit } from '../helpers/proration';
import { waitForOrder } from '../helpers/orders';
import { useSeededStack } from '../helpers/seeded-stack';

const BELLA = { productEmail: 'bella@northwind.example' };
const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');
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
    const order = await waitForOrder(await bella(), placed.orderId);
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
    // The order page and the one email list both lines: the conversion, and the change with its credit for unused time.
    expect(order.lines.map((l) => [l.kind, l.creditAmount])).toEqual([['conversion', 0n], ['change', C]]);
    const mail = await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));
    expect((await emailsTo('bella@northwind.example')).filter((m) => m.subject.includes(placed.orderId))).toHaveLength(1);
    expect(mail.text).toMatch(/• Training Business — 2 seats, billed monthly/);
    expect(mail.text).toMatch(/• Change of Meeting: Enterprise — \d+ seats, billed monthly: plan cost \$[\d,.]+, credit for unused time −\$/);
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

  /** The Training subscription converted by the first test: with Meeting, two active subscriptions for changes-only carts. */
  const training = async () => (await stack.db.selectFrom('subscriptions').select('id').where('account_id', '=', DEMO_IDS.accounts.northwind).where('product_id', '=', 'prd_training').executeTakeFirstOrThrow()).id;
  async function emptyCart() {
    const caller = await bella();
    for (const i of (await caller.cart.get()).items) await caller.cart.remove({ subscriptionId: i.subscriptionId });
  }
  const balance = () => creditBalance(stack.db, DEMO_IDS.accounts.northwind, 'USD');
  const counts = async () => ({
    orders: (await stack.db.selectFrom('orders').select('id').execute()).length,
    payments: (await stack.db.selectFrom('payments').select('id').execute()).length,
  });

  it('BC-5 WF-2: a cart of changes only (two active subscriptions) → one WF-2 order, one payment equal to the previewed total, both changed with their version check, one invoice with every line, one email', async () => {
    await emptyCart();
    const trainingId = await training();
    clock = new Date();
    const caller = await bella();
    const meeting0 = await sub(S.northwindMeeting);
    const training0 = await sub(trainingId);
    const tMeeting = { tierId: meeting0.tier_id, seats: meeting0.seats + 1, frequency: 'monthly' as const };
    const tTraining = { tierId: training0.tier_id, seats: training0.seats + 1, frequency: 'monthly' as const };
    await caller.cart.addChange({ subscriptionId: S.northwindMeeting, ...tMeeting });
    await caller.cart.addChange({ subscriptionId: trainingId, ...tTraining });
    const cart = await caller.cart.get();
    expect(cart.problem).toBeNull();
    const q = cart.quote!;
    expect(q.lines.map((l) => [l.kind, l.subscriptionId])).toEqual([['change', S.northwindMeeting], ['change', trainingId]]);
    // Each line is priced by the single change's preview function at the checkout's instant.
    for (const [id, target] of [[S.northwindMeeting, tMeeting], [trainingId, tTraining]] as const) {
      const single = await quoteChange(stack.db, { accountId: DEMO_IDS.accounts.northwind, subscriptionId: id, target, at: clock, sellerCountry: env().SELLER_COUNTRY });
      const line = q.lines.find((l) => l.subscriptionId === id)!;
      expect([line.planAmount, line.creditAmount, line.subscriptionVersion]).toEqual([single.planCost, single.unusedCredit, single.current.version]);
    }
    const Cm = credit(meeting0.last_charge_amount!, meeting0.current_period_start!, meeting0.current_period_end!, clock);
    const Ct = credit(training0.last_charge_amount!, training0.current_period_start!, training0.current_period_end!, clock);
    const Nm = BigInt(tMeeting.seats) * catalogUnitAmount('meeting', 'enterprise', 'monthly', 'USD');
    const Nt = BigInt(tTraining.seats) * catalogUnitAmount('training', 'business', 'monthly', 'USD');
    expect(q.subtotal).toBe(Nm - Cm + Nt - Ct);
    expect(q.total).toBe(q.subtotal - q.creditApplied + q.tax);
    expect(q.total).toBeGreaterThan(0n);
    expect(q.creditAdded).toBe(0n);

    const placed = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: q.total });
    const order = await waitForOrder(await bella(), placed.orderId);
    expect(order).toMatchObject({ kind: 'change', status: 'completed', total: q.total, subtotal: q.subtotal, workflowId: `subscription-change-${placed.orderId}` });
    expect(order.lines.map((l) => [l.kind, l.subscriptionId, l.planAmount, l.creditAmount])).toEqual([['change', S.northwindMeeting, Nm, Cm], ['change', trainingId, Nt, Ct]]);
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(pays.map((p) => [p.amount, p.status])).toEqual([[q.total, 'succeeded']]);
    for (const [id, before, target, N] of [[S.northwindMeeting, meeting0, tMeeting, Nm], [trainingId, training0, tTraining, Nt]] as const) {
      const after = await sub(id);
      expect(after).toMatchObject({ tier_id: target.tierId, seats: target.seats, last_charge_amount: N, version: before.version + 1 });
      expect(after.current_period_start).toEqual(clock);
    }
    const invoices = await stack.db.selectFrom('invoices').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ total: q.total, amount_paid: q.total });
    const lines = await stack.db.selectFrom('invoice_lines').select(['amount']).where('invoice_id', '=', invoices[0]!.id).orderBy('sort').execute();
    expect(lines.map((l) => l.amount)).toEqual([Nm, -Cm, Nt, -Ct, ...(q.creditApplied > 0n ? [-q.creditApplied] : [])]);
    expect(await stack.db.selectFrom('credit_notes').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(0);
    // One email, listing both changes with their credit for unused time.
    const mail = await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));
    expect((await emailsTo('bella@northwind.example')).filter((m) => m.subject.includes(placed.orderId))).toHaveLength(1);
    expect(mail.text).toMatch(/Change of Meeting: Enterprise/);
    expect(mail.text).toMatch(/Change of Training: Business/);
    expect(mail.text.match(/credit for unused time −/g)).toHaveLength(2);
    expect(mail.text).toContain(`Invoice ${invoices[0]!.number}`);
    // Both change locks released, the cart checked out.
    expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();
    expect((await caller.subscriptionChange.form({ subscriptionId: trainingId })).changeInProgress).toBeNull();
    expect((await caller.cart.get()).items).toHaveLength(0);
  });

  it('BC-5 WF-2: a net-negative cart of changes (seat reductions) charges nothing, adds Σ C − Σ N to the credit balance with one credit note, no invoice, one email', async () => {
    await emptyCart();
    const trainingId = await training();
    clock = new Date();
    const caller = await bella();
    const meeting0 = await sub(S.northwindMeeting);
    const training0 = await sub(trainingId);
    // Both were just renewed for a whole period by the previous order: one seat fewer each is worth less than the unused time.
    const tMeeting = { tierId: meeting0.tier_id, seats: meeting0.seats - 1, frequency: 'monthly' as const };
    const tTraining = { tierId: training0.tier_id, seats: training0.seats - 1, frequency: 'monthly' as const };
    await caller.cart.addChange({ subscriptionId: S.northwindMeeting, ...tMeeting });
    await caller.cart.addChange({ subscriptionId: trainingId, ...tTraining });
    const cart = await caller.cart.get();
    expect(cart.problem).toBeNull();
    const q = cart.quote!;
    const surplus = q.lines.reduce((s, l) => s + l.creditAmount - l.planAmount, 0n);
    expect(surplus).toBeGreaterThan(0n);
    expect(q).toMatchObject({ subtotal: -surplus, creditApplied: 0n, tax: 0n, total: 0n, creditAdded: surplus });
    const balance0 = await balance();
    const before = await counts();

    const placed = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: null, expectedTotal: 0n });
    const order = await waitForOrder(await bella(), placed.orderId);
    expect(order).toMatchObject({ kind: 'change', status: 'completed', total: 0n, creditAdded: surplus, invoice: null });
    expect(order.creditNote?.number).toMatch(/\S/);
    expect((await counts()).payments).toBe(before.payments);
    expect(await balance()).toBe(balance0 + surplus);
    const notes = await stack.db.selectFrom('credit_notes').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(notes.map((n) => n.amount)).toEqual([surplus]);
    expect(notes[0]!.reason).toMatch(/Meeting: credit for unused time .* Training: credit for unused time/);
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(0);
    expect(await sub(S.northwindMeeting)).toMatchObject({ seats: tMeeting.seats, version: meeting0.version + 1 });
    expect(await sub(trainingId)).toMatchObject({ seats: tTraining.seats, version: training0.version + 1 });
    const mail = await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));
    expect((await emailsTo('bella@northwind.example')).filter((m) => m.subject.includes(placed.orderId))).toHaveLength(1);
    expect(mail.text).toContain(`Credit note ${notes[0]!.number}`);
    expect(mail.text).toMatch(/Added to your account's credit balance: \$/);
  });

  it('BC-5: every line is re-validated at checkout — a subscription of a changes-only cart changed meanwhile: Place order refuses with the new figures to check, nothing charged, the cart kept', async () => {
    await emptyCart();
    const trainingId = await training();
    clock = new Date();
    const caller = await bella();
    const meeting0 = await sub(S.northwindMeeting);
    const training0 = await sub(trainingId);
    // Enough seats that the credit balance (grown by the previous test) cannot cover the cart: a card is charged.
    await caller.cart.addChange({ subscriptionId: S.northwindMeeting, tierId: meeting0.tier_id, seats: meeting0.seats + 10, frequency: 'monthly' });
    await caller.cart.addChange({ subscriptionId: trainingId, tierId: training0.tier_id, seats: training0.seats + 10, frequency: 'monthly' });
    const cart = await caller.cart.get();
    const reviewed = cart.quote!.total;
    expect(reviewed).toBeGreaterThan(0n);

    // Meanwhile Training is changed on its own from its Modify page (another window) and completes: it is
    // billed annually now. (A change to the seats alone could leave the total as it was: the balance pays it.)
    const other = { subscriptionId: trainingId, tierId: training0.tier_id, seats: training0.seats, frequency: 'annual' as const };
    const { quoteToken } = await caller.subscriptionChange.preview(other);
    const direct = await caller.subscriptionChange.place({ ...other, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    expect((await waitForOrder(await bella(), direct.orderId)).status).toBe('completed');

    const before = await counts();
    const err = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: reviewed }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/The amounts changed since you reviewed your order/) });
    expect(await counts()).toEqual(before);
    expect(await sub(S.northwindMeeting)).toMatchObject({ seats: meeting0.seats, version: meeting0.version });
    expect((await caller.cart.get()).items).toHaveLength(2);
  });

  it('BC-5 WF-2: a line gone stale while the payment waits (its subscription moved) → nothing applied to any subscription, the payment refunded, a clear message, the changes back in the cart', async () => {
    await emptyCart();
    const trainingId = await training();
    clock = new Date();
    const caller = await bella();
    const meeting0 = await sub(S.northwindMeeting);
    const training0 = await sub(trainingId);
    // Enough seats that the credit balance cannot pay it all: the card is charged (after 3-D Secure).
    await caller.cart.addChange({ subscriptionId: S.northwindMeeting, tierId: meeting0.tier_id, seats: meeting0.seats + 10, frequency: 'monthly' });
    await caller.cart.addChange({ subscriptionId: trainingId, tierId: training0.tier_id, seats: training0.seats + 1, frequency: training0.frequency as 'monthly' | 'annual' });
    const cart = await caller.cart.get();
    expect(cart.quote!.total).toBeGreaterThan(0n);
    const placed = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.threeDSecure), expectedTotal: cart.quote!.total });
    let waiting = await caller.orders.get({ orderId: placed.orderId });
    for (let i = 0; i < 100 && !waiting.payment?.clientSecret; i++) {
      await new Promise((r) => setTimeout(r, 100));
      waiting = await caller.orders.get({ orderId: placed.orderId });
    }
    expect(waiting.status).toBe('awaiting_payment');
    // Fault injection: Training moves on under the order (as an operator's change would) while the customer
    // completes 3-D Secure. No customer path can do this now: the order holds Training's change lock.
    await stack.db.updateTable('subscriptions').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', trainingId).execute();
    await authenticate3ds(waiting.payment!.clientSecret!);
    await caller.orders.paymentActionDone({ orderId: placed.orderId });

    const order = await waitForOrder(await bella(), placed.orderId);
    expect(order.status).toBe('failed');
    expect(order.failureReason).toMatch(/Training changed while this order was processed, so nothing was changed\. Your payment has been refunded\./);
    const pays = await stack.db.selectFrom('payments').select(['status', 'amount']).where('order_id', '=', placed.orderId).execute();
    expect(pays).toEqual([{ status: 'refunded', amount: cart.quote!.total }]);
    expect(await stack.db.selectFrom('refunds as r').innerJoin('payments as p', 'p.id', 'r.payment_id').select('r.amount').where('p.order_id', '=', placed.orderId).execute()).toEqual([{ amount: cart.quote!.total }]);
    // All or nothing: Meeting, whose line was still valid, is untouched too.
    expect(await sub(S.northwindMeeting)).toMatchObject({ seats: meeting0.seats, version: meeting0.version });
    expect(await sub(trainingId)).toMatchObject({ seats: training0.seats, version: training0.version + 1 });
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', placed.orderId).execute()).toHaveLength(0);
    expect((await caller.cart.get()).items.map((i) => i.subscriptionId).sort()).toEqual([S.northwindMeeting, trainingId].sort());
    expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();
  });
});
