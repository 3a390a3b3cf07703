import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import type { ProductUser } from '../auth/principals';
import { hit } from '../auth/throttle';
import { sendEmailOnce } from '../email/send-once';
import type { Mailer } from '../email/transport';
import { userError } from '../errors';
import { audit } from './audit';

/**
 * AC-1 "Add licenses" in the Admin Center, with the three outcomes of seed 003:
 * - the billing admin of an online account goes to the Billing Center's Subscriptions page;
 * - any other admin of an online account is told to contact the billing admin, by name and email,
 *   with an "Email billing admin" action;
 * - an account managed in the Corporate Billing Portal gets "pick a product to go to billing", with
 *   links to the portal — and no name (004: only the billing contact can see it there).
 */
export type AddLicensesOutcome =
  | { outcome: 'subscriptions' }
  | { outcome: 'contact_billing_admin'; billingAdmin: { name: string; email: string } | null }
  | { outcome: 'corporate'; products: Array<{ id: string; name: string }> };

export async function addLicenses(db: Db, user: ProductUser): Promise<AddLicensesOutcome> {
  if (user.accountKind === 'corporate') {
    const products = await db
      .selectFrom('subscriptions as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select(['p.id', 'p.name'])
      .where('s.account_id', '=', user.accountId)
      .orderBy('p.sort')
      .execute();
    return { outcome: 'corporate', products };
  }
  if (user.isBillingContact) return { outcome: 'subscriptions' };
  const admin = await db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['u.name', 'u.email'])
    .where('a.id', '=', user.accountId)
    .executeTakeFirst();
  return { outcome: 'contact_billing_admin', billingAdmin: admin ?? null };
}

/**
 * AC-1 "Email billing admin": a real email through SMTP to the billing admin, from an admin of the
 * same online account; at most RULES.billingAdminEmailPerUser per sender per hour.
 */
export async function emailBillingAdmin(
  deps: { db: Db; mailer: Mailer; appUrl: string },
  user: ProductUser,
  input: { message: string },
): Promise<{ sentTo: string }> {
  const { db } = deps;
  if (user.accountKind !== 'online') throw userError('FORBIDDEN', 'errors.auth.corporateAccount');
  if (user.isBillingContact) throw userError('BAD_REQUEST', 'errors.admin.isBillingAdmin', {}, { reason: 'is_billing_admin' });
  const admin = await db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['u.name', 'u.email', 'u.locale'])
    .where('a.id', '=', user.accountId)
    .executeTakeFirst();
  if (!admin) throw userError('NOT_FOUND', 'errors.admin.noBillingAdmin');
  const budget = await hit(db, 'billingAdminEmailPerUser', user.id);
  if (budget.blocked) {
    throw userError('TOO_MANY_REQUESTS', 'admin.contact.throttled', { n: budget.retryAfterMinutes }, {
      reason: 'throttled',
      retryAfterMinutes: budget.retryAfterMinutes,
    });
  }
  const id = newId('bac');
  await sendEmailOnce(
    { db, mailer: deps.mailer },
    {
      key: `billing-admin-contact:${id}`,
      to: admin.email,
      locale: admin.locale,
      template: 'billingAdminContact',
      data: {
        billingAdminName: admin.name,
        fromName: user.name,
        fromEmail: user.email,
        accountName: user.accountName,
        message: input.message,
        subscriptionsUrl: new URL('/billing/subscriptions', deps.appUrl).toString(),
      },
    },
  );
  await audit(db, { actor: { realm: 'product', id: user.id }, accountId: user.accountId, action: 'admin.email_billing_admin', subjectId: id });
  return { sentTo: admin.email };
}
