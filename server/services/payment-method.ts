import type { Db } from '../../db/client';
import type { PaymentGateway } from '../payments/stripe-gateway';
import { audit } from './audit';
import { acceptCard, saveCard } from './checkout';

/** The card an online account pays with (its default payment method), as the Billing Center shows it. */
export interface SavedCard {
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** BC-9: the account's saved card — the one the next renewal and any pending dunning retry charge. */
export async function savedCard(db: Db, accountId: string): Promise<SavedCard | null> {
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
 * BC-9 payment method page: replaces the saved card with one the billing admin entered (Stripe.js
 * saved it through a SetupIntent, outside any checkout). The card must belong to the account's Stripe
 * customer (a fresh one is attached, which is where Stripe declines a bad card); it becomes the
 * default, so the next renewal and any pending retry use it. Nothing is charged.
 */
export async function replaceCard(deps: { db: Db; payments: PaymentGateway }, input: { accountId: string; userId: string; paymentMethodId: string }): Promise<SavedCard> {
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
