import type { DbOrTrx, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { userError } from '../errors';
import { CardError } from '../payments/stripe-gateway';
import { audit } from './audit';
import type { ServiceDeps } from './deps';
import { ensureStripeCustomer } from './stripe-customers';

// The account's cards: collected by Stripe.js against a SetupIntent, checked against the account's
// Stripe customer when an order uses one, and remembered as the default card for the next order — the
// one a renewal (WF-4) and any pending dunning retry charge. Read and replaced only here.

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

/** The card an online account pays with (its default payment method), as the Billing Center shows it. */
export interface SavedCard {
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** BC-9: the account's saved card — the one the next renewal and any pending dunning retry charge. */
export async function savedCard(db: DbOrTrx, accountId: string): Promise<SavedCard | null> {
  const row = await db
    .selectFrom('payment_methods')
    .select(['card_brand', 'card_last4', 'card_exp_month', 'card_exp_year'])
    .where('account_id', '=', accountId)
    .where('is_default', '=', true)
    .where('kind', '=', 'card')
    .executeTakeFirst();
  return row ? { brand: row.card_brand, last4: row.card_last4, expMonth: row.card_exp_month, expYear: row.card_exp_year } : null;
}

/**
 * The Stripe PaymentMethod an order of the account is charged with, as saved NOW: the default card
 * (a card replaced since the last attempt is the one charged), or null when the account's default
 * method is not a card (a corporate account paying by wire, check or direct debit) or there is none.
 */
export async function chargeableCard(db: DbOrTrx, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('payment_methods')
    .select('stripe_payment_method_id')
    .where('account_id', '=', accountId)
    .where('is_default', '=', true)
    .where('kind', '=', 'card')
    .executeTakeFirst();
  return row?.stripe_payment_method_id ?? null;
}

/**
 * BC-9 payment method page: replaces the saved card with one the billing admin entered (Stripe.js
 * saved it through a SetupIntent, outside any checkout). The card must belong to the account's Stripe
 * customer (a fresh one is attached, which is where Stripe declines a bad card); it becomes the
 * default, so the next renewal and any pending retry use it. Nothing is charged.
 */
export async function replaceCard(deps: Pick<ServiceDeps, 'db' | 'payments'>, input: { accountId: string; userId: string; paymentMethodId: string }): Promise<SavedCard> {
  const card = await acceptCard(deps, input.accountId, input.paymentMethodId);
  const before = await savedCard(deps.db, input.accountId);
  await deps.db.transaction().execute(async (trx) => {
    await saveCard(trx, input.accountId, card);
    await audit(trx, {
      actor: { realm: 'product', id: input.userId },
      accountId: input.accountId,
      action: 'billing.card_replaced',
      data: { before: before?.last4 ?? null, after: card.last4 },
    });
  });
  return { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear };
}
