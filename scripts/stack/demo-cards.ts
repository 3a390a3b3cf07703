import type { Db } from '../../db/client';
import { DEMO_RENEWALS } from '../../db/seed/demo';
import type { PaymentGateway } from '../../server/payments/stripe-gateway';
import { saveCard } from '../../server/services/payment-methods';
import { ensureStripeCustomer } from '../../server/services/stripe-customers';

/**
 * BC-9 demo: the saved cards of the demo renewal accounts, made at start-up because they live in
 * Stripe (localstripe's store, or a real test-mode account): a Stripe customer per account and a test
 * card token attached to it (`pm_card_visa` pays; `pm_card_chargeCustomerFail` saves fine and is
 * declined when charged). Accounts that already have a card are left as they are.
 */
export async function ensureDemoCards(deps: { db: Db; payments: PaymentGateway }): Promise<void> {
  for (const demo of DEMO_RENEWALS) {
    const has = await deps.db.selectFrom('payment_methods').select('id').where('account_id', '=', demo.accountId).where('is_default', '=', true).executeTakeFirst();
    if (has) continue;
    const customerId = await ensureStripeCustomer(deps, demo.accountId);
    const card = await deps.payments.attachPaymentMethod(demo.cardToken, customerId);
    await deps.db.transaction().execute((trx) => saveCard(trx, demo.accountId, card));
  }
}
