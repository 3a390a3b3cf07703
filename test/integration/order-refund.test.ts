import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { newId } from '../../db/ids';
import { formatMoney } from '../../server/billing';
import { createSmtpMailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { createStripeGateway, stripeClient } from '../../server/payments/stripe-gateway';
import { createActivities } from '../../workflows/activities';
import { callerFor } from '../helpers/callers';
import { settledEmailsTo, waitForEmail } from '../helpers/maildev';
import { waitForOrder } from '../helpers/orders';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard, paymentIntent, refundsOf } from '../helpers/stripe';

const BELLA = { productEmail: 'bella@northwind.example' };
const BELLA_EMAIL = 'bella@northwind.example';
const S = DEMO_IDS.subscriptions;
const U = DEMO_IDS.users;
const key = () => randomUUID().replace(/-/g, '');

/**
 * Holds every run of an activity until the test releases it. This is a delay injected into the worker
 * (the real activity runs right after): it lets the test change real state — here a seat assigned
 * through the real seats service — between the charge and the step that applies the order, which no
 * real part can be made to do on demand. Retries of a timed-out held attempt wait for the same release.
 */
class Hold {
  private armed = false;
  private open: () => void = () => undefined;
  private opened: Promise<void> = Promise.resolve();
  private reached: ((orderId: string) => void) | null = null;
  /** Resolves with the order whose apply step is now waiting. */
  arm(): Promise<string> {
    this.armed = true;
    this.opened = new Promise((r) => { this.open = r; });
    return new Promise((r) => { this.reached = r; });
  }
  async pass(orderId: string) {
    if (!this.armed) return;
    this.reached?.(orderId);
    await this.opened;
  }
  release() {
    this.armed = false;
    this.open();
  }
}

describe('Order payments through tRPC, Temporal, localstripe and SMTP: WF-1 / WF-2 refunds when a paid order is refused at apply; the card that paid (BC-3 / BC-4)', () => {
  const beforeApply = new Hold();
  /**
   * Fault injection in the Stripe gateway (localstripe cannot lose an answer on demand): when armed, the
   * next refund is made at Stripe and then its answer is "lost", as a worker crash or a network cut right
   * after Stripe refunded would do. The activity is retried and must not refund a second time.
   */
  const fault = { loseNextRefundAnswer: false, refundCalls: 0 };
  const stack = useSeededStack({
    activities: (real) => ({
      ...real,
      async applyChange(input) {
        await beforeApply.pass(input.orderId);
        return real.applyChange(input);
      },
      async activateOrder(input) {
        await beforeApply.pass(input.orderId);
        return real.activateOrder(input);
      },
    }),
    payments: (real) => ({
      ...real,
      async refund(input) {
        fault.refundCalls++;
        const made = await real.refund(input);
        if (fault.loseNextRefundAnswer) {
          fault.loseNextRefundAnswer = false;
          throw new Error('socket hang up (test fault: the answer to a refund Stripe made was lost)');
        }
        return made;
      },
    }),
  });
  const bella = () => callerFor(stack.deps(), BELLA);

  const sub = (id: string) => stack.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const balance = async () => (await (await bella()).subscriptionChange.creditBalance()).amount;
  const giveCredit = (amount: bigint) => stack.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: DEMO_IDS.accounts.northwind, currency: 'USD', amount, reason: 'manual', note: 'goodwill' }).execute();
  const usd = (amount: bigint) => formatMoney({ amount, currency: 'USD' }, 'en');

  /** Everything that must hold after a paid order was refused at apply and refunded. */
  async function expectRefundedOnce(orderId: string, charged: bigint) {
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ step: 'charge', amount: charged, status: 'refunded', card_brand: 'visa', card_last4: '4242' });
    const refunds = await stack.db.selectFrom('refunds').selectAll().where('payment_id', '=', pays[0]!.id).execute();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(charged);
    expect(refunds[0]!.stripe_refund_id).toMatch(/^re_/);
    // localstripe: one refund, of the whole charge, and it is the one we recorded.
    const atStripe = await refundsOf(pays[0]!.stripe_payment_intent_id!);
    expect(atStripe.charged).toBe(Number(charged));
    expect(atStripe.refunds.map((r) => [r.id, r.amount])).toEqual([[refunds[0]!.stripe_refund_id, Number(charged)]]);
    expect(atStripe.amountRefunded).toBe(Number(charged));
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).toHaveLength(0);
    // The customer is told: one email saying the whole amount went back to the card that paid.
    const mail = await waitForEmail(BELLA_EMAIL, new RegExp(`Refund for order ${orderId}`));
    expect(mail.text).toContain(`refunded the full ${usd(charged)} to your card Visa •••• 4242`);
    expect(mail.text).toMatch(/assigned to users now.*Your payment has been refunded/);
    // A Billing Center account keeps its link: the order's page in the Billing Center (read below for Bella).
    expect(mail.text).toContain(`Order details: ${env().APP_URL}/billing/orders/${orderId}`);
    expect((await settledEmailsTo(stack.db, BELLA_EMAIL, new RegExp(orderId))).map((m) => m.subject)).toEqual([`Refund for order ${orderId}`]);
    // The order page says so.
    const view = await (await bella()).orders.get({ orderId });
    expect(view).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/Your payment has been refunded/), invoice: null, emailSent: false });
    expect(view.payment).toMatchObject({ status: 'refunded', refunded: charged, card: { brand: 'visa', last4: '4242', label: 'Visa •••• 4242' } });
    return { payment: pays[0]!, refund: refunds[0]! };
  }

  describe('WF-1 / WF-2 refunds', () => {
    it('WF-2 BC-4: seats assigned between the charge and the apply step → the change is refused, the whole charge refunded once at Stripe, credit back, subscription unchanged, email; a duplicate refund run refunds nothing more', async () => {
      const caller = await bella();
      // 3 of Meeting's 5 seats are assigned; free one so the order may reduce to 2 seats.
      await caller.seats.unassign({ subscriptionId: S.northwindMeeting, userId: U.sam });
      await giveCredit(500n);
      const balance0 = await balance();
      const target = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'annual' as const };
      const { quote, quoteToken } = await caller.subscriptionChange.preview(target);
      expect(quote.creditApplied).toBe(500n);
      expect(quote.total).toBeGreaterThan(0n);

      const reached = beforeApply.arm();
      const before = await sub(S.northwindMeeting);
      const placed = await caller.subscriptionChange.place({ ...target, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
      expect(placed.payment).toEqual({ status: 'succeeded' });
      expect(await reached).toBe(placed.orderId);
      // Charged; now, before the change is applied, the billing admin gives Sam a seat again (the real service).
      await caller.seats.assign({ subscriptionId: S.northwindMeeting, userId: U.sam });
      beforeApply.release();

      const order = await waitForOrder(await bella(), placed.orderId, { timeoutMs: 40_000 });
      expect(order.status).toBe('failed');
      expect(order.failureReason).toBe('3 seats of Meeting are assigned to users now; unassign 1 first. Your payment has been refunded.');
      const { payment } = await expectRefundedOnce(placed.orderId, quote.total);
      // Nothing changed: same subscription row, credit balance as before the order, subscription free again.
      expect(await sub(S.northwindMeeting)).toEqual(before);
      expect(await balance()).toBe(balance0);
      expect((await caller.subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();

      // A duplicate run of the refund step (a retried activity, a replay) refunds nothing more and sends no second email.
      const mailer = createSmtpMailer(env());
      try {
        const acts = createActivities({ db: stack.db, payments: createStripeGateway(env()), mailer, appUrl: env().APP_URL });
        await acts.refundOrder({ orderId: placed.orderId, step: 'charge', reason: 'again' });
        await acts.refundOrder({ orderId: placed.orderId, step: 'charge', reason: 'again' });
      } finally {
        mailer.close();
      }
      expect((await refundsOf(payment.stripe_payment_intent_id!)).refunds).toHaveLength(1);
      await expectRefundedOnce(placed.orderId, quote.total);
    });

    it('WF-2: the answer to the refund is lost after Stripe refunded → the retried step finds that refund and does not refund twice', async () => {
      const caller = await bella();
      await caller.seats.unassign({ subscriptionId: S.northwindMeeting, userId: U.sam });
      const balance0 = await balance();
      const target = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'annual' as const };
      const { quote, quoteToken } = await caller.subscriptionChange.preview(target);
      expect(quote.total).toBeGreaterThan(0n);

      const reached = beforeApply.arm();
      fault.loseNextRefundAnswer = true;
      const calls0 = fault.refundCalls;
      const before = await sub(S.northwindMeeting);
      const placed = await caller.subscriptionChange.place({ ...target, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
      expect(await reached).toBe(placed.orderId);
      await caller.seats.assign({ subscriptionId: S.northwindMeeting, userId: U.sam });
      beforeApply.release();

      expect((await waitForOrder(await bella(), placed.orderId, { timeoutMs: 40_000 })).status).toBe('failed');
      expect(fault.loseNextRefundAnswer).toBe(false); // the fault did fire
      // Stripe was asked once; the retry found that refund instead of asking again.
      expect(fault.refundCalls - calls0).toBe(1);
      await expectRefundedOnce(placed.orderId, quote.total);
      expect(await sub(S.northwindMeeting)).toEqual(before);
      expect(await balance()).toBe(balance0);
    });

    it('WF-1 BC-3 BC-5: a cart (trial conversion + seat change) paid, then refused at activation → refunded once, the trial still a trial, the items back in the cart, email', async () => {
      const caller = await bella();
      const { subscriptionId: trial } = await caller.subscriptions.startTrial({ productId: 'prd_training' });
      for (let i = 0; i < 200 && (await caller.subscriptions.status({ subscriptionId: trial })).status !== 'trial'; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await sub(trial)).status).toBe('trial');
      await caller.seats.unassign({ subscriptionId: S.northwindMeeting, userId: U.sam });
      await caller.cart.add({ subscriptionId: trial, tierId: 'tier_training_business', seats: 2, frequency: 'monthly' });
      await caller.cart.addChange({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'annual' });
      const cart = await caller.cart.get();
      expect(cart.problem).toBeNull();
      const total = cart.quote!.total;
      expect(total).toBeGreaterThan(0n);
      const balance0 = await balance();
      const meetingBefore = await sub(S.northwindMeeting);
      const trialBefore = await sub(trial);

      const reached = beforeApply.arm();
      const placed = await caller.checkout.placeOrder({ cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa), expectedTotal: total });
      expect(await reached).toBe(placed.orderId);
      expect((await stack.db.selectFrom('payments').select('status').where('order_id', '=', placed.orderId).executeTakeFirstOrThrow()).status).toBe('succeeded');
      await caller.seats.assign({ subscriptionId: S.northwindMeeting, userId: U.sam });
      beforeApply.release();

      const order = await waitForOrder(await bella(), placed.orderId, { timeoutMs: 40_000 });
      expect(order.status).toBe('failed');
      expect(order.failureReason).toBe('3 seats of Meeting are assigned to users now; unassign 1 first. Your payment has been refunded.');
      await expectRefundedOnce(placed.orderId, total);
      expect(await sub(trial)).toEqual(trialBefore);
      expect(await sub(S.northwindMeeting)).toEqual(meetingBefore);
      expect(await balance()).toBe(balance0);
      // Both items are back in an open cart, to try again.
      expect((await caller.cart.get()).items.map((i) => `${i.kind}:${i.subscriptionId}`).sort()).toEqual([`change:${S.northwindMeeting}`, `conversion:${trial}`]);
    });
  });

  describe('BC-3 / BC-4 the order page shows the card that paid', () => {
    it('BC-4 BC-3: orders.get shows the card each order was charged to — not the account default card, which a later order changed — and no card when nothing was charged', async () => {
      const caller = await bella();
      const webinar = S.northwindWebinar;
      const a = await caller.subscriptionChange.preview({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 2, frequency: 'annual' });
      expect(a.quote.total).toBeGreaterThan(0n);
      const placedA = await caller.subscriptionChange.place({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 2, frequency: 'annual', quoteToken: a.quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
      expect((await waitForOrder(await bella(), placedA.orderId, { timeoutMs: 40_000 })).status).toBe('completed');
      const b = await caller.subscriptionChange.preview({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'annual' });
      expect(b.quote.total).toBeGreaterThan(0n);
      const placedB = await caller.subscriptionChange.place({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'annual', quoteToken: b.quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visaDebit) });
      expect((await waitForOrder(await bella(), placedB.orderId, { timeoutMs: 40_000 })).status).toBe('completed');
      // The second card is the account's default card now.
      const dflt = await stack.db.selectFrom('payment_methods').select('card_last4').where('account_id', '=', DEMO_IDS.accounts.northwind).where('is_default', '=', true).executeTakeFirstOrThrow();
      expect(dflt.card_last4).toBe('5556');

      const viewA = await caller.orders.get({ orderId: placedA.orderId });
      expect(viewA.payment).toMatchObject({ status: 'succeeded', refunded: 0n, card: { brand: 'visa', last4: '4242', label: 'Visa •••• 4242' } });
      const viewB = await caller.orders.get({ orderId: placedB.orderId });
      expect(viewB.payment).toMatchObject({ status: 'succeeded', card: { brand: 'visa', last4: '5556', label: 'Visa •••• 5556' } });
      // What the view shows is what Stripe charged: the intent's own card.
      for (const [orderId, last4] of [[placedA.orderId, '4242'], [placedB.orderId, '5556']] as const) {
        const pay = await stack.db.selectFrom('payments').select('stripe_payment_intent_id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
        const pi = await paymentIntent(pay.stripe_payment_intent_id!);
        const pm = await stripeClient(env()).paymentMethods.retrieve(typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method!.id);
        expect(pm.card?.last4).toBe(last4);
      }

      // Annual → monthly: the unused annual time pays for it all, nothing is charged, no card is shown.
      const c = await caller.subscriptionChange.preview({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'monthly' });
      expect(c.quote.total).toBe(0n);
      const placedC = await caller.subscriptionChange.place({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 3, frequency: 'monthly', quoteToken: c.quoteToken, idempotencyKey: key(), paymentMethodId: null });
      expect((await waitForOrder(await bella(), placedC.orderId, { timeoutMs: 40_000 })).status).toBe('completed');
      expect((await caller.orders.get({ orderId: placedC.orderId })).payment).toBeNull();
    });
  });
});
