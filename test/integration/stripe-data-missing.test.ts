import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { DEMO_IDS } from '../../db/seed/demo';
import { env } from '../../server/env';
import { translate } from '../../server/i18n/messages';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { callerFor } from '../helpers/callers';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard } from '../helpers/stripe';

const key = () => randomUUID().replace(/-/g, '');

// Issue 14 item 3: the account's Stripe customer (and its saved card) went missing at Stripe — the
// operator switched from localstripe to real test mode on an existing database, or a test account
// was wiped. The database is made to say so directly: it names a customer and a card Stripe never had.
describe('BC-3 Stripe data that went missing heals', () => {
  const stack = useSeededStack();

  it('BC-3: checkout recreates the customer, forgets the lost saved card, logs it, and the order completes', async () => {
    const accountId = 'acct_lost_stripe';
    const email = `lost-${randomUUID().slice(0, 8)}@stripe-gone.example`;
    await stack.db.transaction().execute(async (trx) => {
      const hash = (await trx.selectFrom('users').select('password_hash').where('id', '=', DEMO_IDS.users.giulia).executeTakeFirstOrThrow()).password_hash;
      await trx.insertInto('accounts').values({ id: accountId, name: 'Lost Stripe Ltd', kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: `usr_${accountId}`, stripe_customer_id: 'cus_neverknownatstripe' }).execute();
      await trx.insertInto('users').values({ id: `usr_${accountId}`, account_id: accountId, email, name: 'Lia', password_hash: hash, role: 'account_admin' }).execute();
      await trx.insertInto('payment_methods').values({ id: newId('pm'), account_id: accountId, kind: 'card', stripe_payment_method_id: 'pm_neverknownatstripe', card_brand: 'visa', card_last4: '4242', card_exp_month: 12, card_exp_year: 2030, is_default: true }).execute();
    });
    const lia = await callerFor(stack.deps(), { productEmail: email });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      // The trial's start already makes sure of the customer (WF-1's first activity).
      const { subscriptionId } = await lia.subscriptions.startTrial({ productId: 'prd_meeting' });
      for (let i = 0; i < 200 && (await lia.subscriptions.status({ subscriptionId })).status !== 'trial'; i++) await new Promise((r) => setTimeout(r, 100));
      const { cartId } = await lia.cart.add({ subscriptionId, tierId: 'tier_meeting_business', seats: 1, frequency: 'monthly' });
      // The card form first: a SetupIntent for a customer Stripe knows.
      await expect(lia.checkout.setupCard()).resolves.toMatchObject({ clientSecret: expect.stringMatching(/^seti_/) });
      const account = await stack.db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', accountId).executeTakeFirstOrThrow();
      expect(account.stripe_customer_id).toMatch(/^cus_/);
      expect(account.stripe_customer_id).not.toBe('cus_neverknownatstripe');
      await expect(stripeClient(env()).customers.retrieve(account.stripe_customer_id!)).resolves.toMatchObject({ metadata: { seatplan_account_id: accountId } });

      const { quote } = await lia.cart.get();
      const placed = await lia.checkout.placeOrder({ cartId: cartId!, expectedTotal: quote!.total, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
      for (let i = 0; i < 300; i++) {
        const o = await lia.orders.get({ orderId: placed.orderId });
        if (o.status === 'completed') break;
        if (o.status === 'failed' || o.status === 'cancelled') throw new Error(`order ${o.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await lia.orders.get({ orderId: placed.orderId })).status).toBe('completed');
    } finally {
      console.warn = warn;
    }
    // Logged once, in the audit log too; the lost card can no longer be charged (a new one is the default).
    expect(warnings.filter((w) => w.includes('cus_neverknownatstripe') && w.includes('unknown to Stripe')), warnings.join('\n')).toHaveLength(1);
    const entries = await stack.db.selectFrom('audit_log').select(['action', 'data']).where('account_id', '=', accountId).where('action', '=', 'stripe.customer_replaced').execute();
    expect(entries).toEqual([{ action: 'stripe.customer_replaced', data: expect.objectContaining({ missing_customer: 'cus_neverknownatstripe', cards_forgotten: 1 }) }]);
    const cards = await stack.db.selectFrom('payment_methods').select(['stripe_payment_method_id', 'is_default']).where('account_id', '=', accountId).execute();
    expect(cards.filter((c) => c.stripe_payment_method_id === 'pm_neverknownatstripe')).toEqual([]);
    expect(cards.filter((c) => c.is_default)).toEqual([{ stripe_payment_method_id: expect.stringMatching(/^pm_/), is_default: true }]);
  });

  it('BC-3: a card Stripe does not know gets "enter your card details again" in the caller\'s language', async () => {
    const giulia = await callerFor(stack.deps(), { productEmail: 'giulia@bottega-rossi.example' }, 'it');
    const { cartId } = await giulia.cart.add({ subscriptionId: DEMO_IDS.subscriptions.bottegaMeeting, tierId: 'tier_meeting_business', seats: 1, frequency: 'monthly' });
    const { quote } = await giulia.cart.get();
    await expect(giulia.checkout.placeOrder({ cartId, expectedTotal: quote!.total, idempotencyKey: key(), paymentMethodId: 'pm_neverknownatstripe' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: translate('it', 'errors.card.notFound') });
  });
});
