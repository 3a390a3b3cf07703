import type { Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { userError } from '../errors';
import { CardError } from '../payments/stripe-gateway';
import type { ServiceDeps } from './deps';
import { ensureStripeCustomer } from './stripe-customers';

// The account's cards: collected by Stripe.js against a SetupIntent, checked against the account's
// Stripe customer when an order uses one, and remembered as the default card for the next order.

/** Stripe.js collects the card in the page against this SetupIntent; the card is saved to the account's customer. */
export async function createCardSetup(deps: Pick<ServiceDeps, 'db' | 'payments'>, accountId: string) {
  const customerId = await ensureStripeCustomer(deps, accountId);
  return deps.payments.createSetupIntent({ customerId, accountId });
}

/**
 * Checks that the card belongs to this account's Stripe customer (attaching a fresh one, which is where
 * Stripe declines a bad card), and remembers it as the account's default card for reuse.
 */
export async function acceptCard(deps: Pick<ServiceDeps, 'db' | 'payments'>, accountId: string, paymentMethodId: string) {
  const customerId = await ensureStripeCustomer(deps, accountId);
  const card = await deps.payments.getPaymentMethod(paymentMethodId);
  if (!card) throw userError('BAD_REQUEST', 'errors.card.notFound', {}, { field: 'card' });
  if (card.customerId && card.customerId !== customerId) throw userError('FORBIDDEN', 'errors.card.otherCustomer');
  if (!card.customerId) {
    try {
      await deps.payments.attachPaymentMethod(paymentMethodId, customerId);
    } catch (err) {
      if (err instanceof CardError) throw userError('BAD_REQUEST', 'errors.card.refused', { code: err.code ?? 'card_declined' }, { field: 'card', code: err.code });
      throw err;
    }
  }
  return card;
}

export async function saveCard(trx: Trx, accountId: string, card: { id: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }) {
  const existing = await trx.selectFrom('payment_methods').select(['id', 'is_default']).where('account_id', '=', accountId).where('stripe_payment_method_id', '=', card.id).executeTakeFirst();
  if (existing?.is_default) return;
  await trx.updateTable('payment_methods').set({ is_default: false }).where('account_id', '=', accountId).where('is_default', '=', true).execute();
  if (existing) {
    await trx.updateTable('payment_methods').set({ is_default: true }).where('id', '=', existing.id).execute();
  } else {
    await trx
      .insertInto('payment_methods')
      .values({ id: newId('pm'), account_id: accountId, kind: 'card', stripe_payment_method_id: card.id, card_brand: card.brand, card_last4: card.last4, card_exp_month: card.expMonth, card_exp_year: card.expYear, is_default: true })
      .execute();
  }
}

