import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { addMonthsUTC, DEMO_IDS } from '../../db/seed/demo';
import { hashPassword } from '../../server/auth/password';

/**
 * A corporate account of its own for a test (MailDev and the e2e app database are shared): billing
 * contact with a portal user ID, an account admin, Rita as its sales rep, an annual contract that began
 * `monthsIntoTerm` months ago with Meeting (Enterprise, 50 seats) and Training (Business, 10 seats), a
 * valid PO, and — unless `card: false` — a default card (`stripePaymentMethodId` when the test has one).
 */
export async function createCorporateAccount(
  db: Db,
  opts: { now?: Date; monthsIntoTerm?: number; country?: string; currency?: 'USD' | 'EUR'; eligible?: boolean; card?: boolean; stripeCustomerId?: string; stripePaymentMethodId?: string; locale?: 'en' | 'it'; repId?: string } = {},
) {
  const now = opts.now ?? new Date();
  const tag = randomBytes(4).toString('hex');
  const accountId = newId('acct');
  const contractStart = addMonthsUTC(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())), -(opts.monthsIntoTerm ?? 4));
  const contractEnd = addMonthsUTC(contractStart, 12);
  const hash = await hashPassword('seatplan-demo');
  const contact = { id: newId('usr'), email: `contact-${tag}@corp.example`, name: `Contact ${tag}` };
  const admin = { id: newId('usr'), email: `admin-${tag}@corp.example`, name: `Admin ${tag}` };
  const portalLoginId = `corp-${tag}`;
  const currency = opts.currency ?? 'USD';
  const subs = { meeting: newId('sub'), training: newId('sub') };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({
        id: accountId, name: `Corp ${tag}`, kind: 'corporate', currency, country: opts.country ?? 'US', billing_contact_user_id: contact.id,
        self_service_eligible: opts.eligible ?? true, sales_rep_staff_id: opts.repId ?? DEMO_IDS.staff.rita, contract_start: contractStart, contract_end: contractEnd,
        billing_street: '1 Corporate Way', billing_city: 'Springfield', billing_postcode: '62704', billing_region: 'IL', stripe_customer_id: opts.stripeCustomerId ?? null,
      })
      .execute();
    await trx
      .insertInto('users')
      .values([
        { ...contact, account_id: accountId, role: 'account_admin', password_hash: hash, locale: opts.locale ?? 'en' },
        { ...admin, account_id: accountId, role: 'account_admin', password_hash: hash },
      ])
      .execute();
    await trx.insertInto('portal_credentials').values({ id: newId('pc'), account_id: accountId, user_id: contact.id, login_id: portalLoginId, password_hash: hash }).execute();
    const unit = async (tierId: string) =>
      (await trx.selectFrom('prices').select('unit_amount').where('tier_id', '=', tierId).where('frequency', '=', 'annual').where('currency', '=', currency).executeTakeFirstOrThrow()).unit_amount;
    await trx
      .insertInto('subscriptions')
      .values([
        { id: subs.meeting, account_id: accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_enterprise', seats: 50, frequency: 'annual', status: 'active', current_period_start: contractStart, current_period_end: contractEnd, last_charge_amount: 50n * (await unit('tier_meeting_enterprise')), currency },
        { id: subs.training, account_id: accountId, product_id: 'prd_training', tier_id: 'tier_training_business', seats: 10, frequency: 'annual', status: 'active', current_period_start: contractStart, current_period_end: contractEnd, last_charge_amount: 10n * (await unit('tier_training_business')), currency },
      ])
      .execute();
    await trx.insertInto('purchase_orders').values({ id: newId('po'), account_id: accountId, number: `PO-${tag.toUpperCase()}`, expires_on: new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10) }).execute();
    if (opts.card !== false) {
      await trx
        .insertInto('payment_methods')
        .values({ id: newId('pm'), account_id: accountId, kind: 'card', card_brand: 'visa', card_last4: '4242', card_exp_month: 12, card_exp_year: now.getUTCFullYear() + 3, is_default: true, stripe_payment_method_id: opts.stripePaymentMethodId ?? null })
        .execute();
    }
  });
  return { accountId, tag, contact, admin, portalLoginId, contractStart, contractEnd, subscriptions: subs, purchaseOrderNumber: `PO-${tag.toUpperCase()}` };
}
