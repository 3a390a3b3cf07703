import type { Db } from '../../db/client';
import type { PaymentGateway } from '../payments/stripe-gateway';

/**
 * One Stripe customer per account. The account row is locked while the customer is created, so two
 * concurrent first purchases cannot create two customers (we do not rely on Stripe idempotency keys,
 * which localstripe ignores).
 */
export async function ensureStripeCustomer(deps: { db: Db; payments: PaymentGateway }, accountId: string): Promise<string> {
  const existing = await deps.db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', accountId).executeTakeFirstOrThrow();
  if (existing.stripe_customer_id) return existing.stripe_customer_id;
  return deps.db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('accounts as a')
      .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
      .select(['a.stripe_customer_id', 'a.name', 'u.email'])
      .where('a.id', '=', accountId)
      .forUpdate('a')
      .executeTakeFirstOrThrow();
    if (account.stripe_customer_id) return account.stripe_customer_id;
    const { customerId } = await deps.payments.createCustomer({ accountId, name: account.name, email: account.email });
    await trx.updateTable('accounts').set({ stripe_customer_id: customerId }).where('id', '=', accountId).execute();
    return customerId;
  });
}
