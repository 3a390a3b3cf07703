import type { Db } from '../../db/client';
import type { PaymentGateway } from '../payments/stripe-gateway';
import { audit } from './audit';

/**
 * One Stripe customer per account. The account row is locked while the customer is created, so two
 * concurrent first purchases cannot create two customers (we do not rely on Stripe idempotency keys,
 * which localstripe ignores).
 *
 * Stripe data can go missing under a running database: the operator switched from localstripe to
 * real test mode (as the README invites), or a test account at Stripe was wiped. A stored customer
 * Stripe does not know would fail every checkout of that account for ever, so it is checked before
 * a card is set up or accepted and, if gone, replaced by a new customer (issue 14 item 3): the
 * account's saved cards, which lived on the old customer, are forgotten (the customer is asked for a
 * card again), and the replacement is logged and written to the audit log.
 */
export async function ensureStripeCustomer(deps: { db: Db; payments: PaymentGateway }, accountId: string): Promise<string> {
  const existing = await deps.db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', accountId).executeTakeFirstOrThrow();
  if (existing.stripe_customer_id && (await deps.payments.customerExists(existing.stripe_customer_id))) return existing.stripe_customer_id;
  const missing = existing.stripe_customer_id;
  return deps.db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('accounts as a')
      .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
      .select(['a.stripe_customer_id', 'a.name', 'u.email'])
      .where('a.id', '=', accountId)
      .forUpdate('a')
      .executeTakeFirstOrThrow();
    // Another request made (or replaced) the customer while we waited for the lock.
    if (account.stripe_customer_id && account.stripe_customer_id !== missing) return account.stripe_customer_id;
    const { customerId } = await deps.payments.createCustomer({ accountId, name: account.name, email: account.email });
    await trx.updateTable('accounts').set({ stripe_customer_id: customerId }).where('id', '=', accountId).execute();
    if (missing) {
      // The cards saved on the lost customer are gone with it: none may be charged, a new one is asked for.
      const forgotten = await trx
        .updateTable('payment_methods')
        .set({ is_default: false, stripe_payment_method_id: null })
        .where('account_id', '=', accountId)
        .where('kind', '=', 'card')
        .where('stripe_payment_method_id', 'is not', null)
        .returning('id')
        .execute();
      console.warn(`[stripe] customer ${missing} of account ${accountId} is unknown to Stripe: replaced by ${customerId}; ${forgotten.length} saved card(s) forgotten`);
      await audit(trx, { actor: { realm: 'system', id: null }, accountId, action: 'stripe.customer_replaced', subjectId: accountId, data: { missing_customer: missing, new_customer: customerId, cards_forgotten: forgotten.length } });
    }
    return customerId;
  });
}
