import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/client';
import { newId } from '../../../db/ids';
import type { JsonObject } from '../../../db/schema';
import type { PortalUser } from '../../auth/principals';
import { sendEmailOnce } from '../../email/send-once';
import type { Mailer } from '../../email/transport';
import { userError } from '../../errors';
import { billToForm, type BillToFields } from '../../portal/forms';
import { audit } from '../audit';

export interface BillTo {
  contactName: string;
  contactEmail: string;
  street: string | null;
  city: string | null;
  postcode: string | null;
  region: string | null;
  /** Shown, never editable in the portal (004: "Indirizzo (escluso il paese)"). */
  country: string;
  phone: string | null;
}

/** "Fatturare a" (004): the billing contact (a user of the account) and the account's billing address. */
export async function getBillTo(db: Db, accountId: string): Promise<BillTo> {
  const a = await db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['u.name', 'u.email', 'a.billing_street', 'a.billing_city', 'a.billing_postcode', 'a.billing_region', 'a.country', 'a.phone'])
    .where('a.id', '=', accountId)
    .executeTakeFirstOrThrow();
  return { contactName: a.name, contactEmail: a.email, street: a.billing_street, city: a.billing_city, postcode: a.billing_postcode, region: a.billing_region, country: a.country, phone: a.phone };
}

/**
 * CP-3 Bill To → Modifica → Salva. In one transaction (the account row locked): the form is checked
 * against the account's own country (postcode shape), the contact's name and email and the address
 * and phone are written, and the audit log records who changed what (before and after). The portal
 * user ID is not touched. A new contact email is told to the old and the new address after commit.
 */
export async function updateBillTo(
  deps: { db: Db; mailer: Mailer; appUrl: string },
  portalUser: PortalUser,
  input: BillToFields & { country?: string },
): Promise<{ changed: string[]; emailChanged: boolean }> {
  const { db } = deps;
  const { country, ...fields } = input;
  const result = await db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('accounts')
      .select(['id', 'name', 'country', 'billing_contact_user_id', 'billing_street', 'billing_city', 'billing_postcode', 'billing_region', 'phone'])
      .where('id', '=', portalUser.accountId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (country !== undefined && country.trim().toUpperCase() !== account.country) throw userError('BAD_REQUEST', 'portal.err.countryLocked', undefined, { field: 'country' });
    const parsed = billToForm(account.country).safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw userError('BAD_REQUEST', issue.message as 'portal.err.postcodeShape', (issue as { params?: Record<string, string> }).params, { field: String(issue.path[0] ?? '') });
    }
    const v = parsed.data;
    const contact = await trx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', portalUser.userId).forUpdate().executeTakeFirstOrThrow();
    const before: JsonObject = {
      contactName: contact.name, contactEmail: contact.email, street: account.billing_street, city: account.billing_city,
      postcode: account.billing_postcode, region: account.billing_region, phone: account.phone,
    };
    const after: JsonObject = { contactName: v.contactName, contactEmail: v.contactEmail, street: v.street, city: v.city, postcode: v.postcode, region: v.region, phone: v.phone };
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return { changed, emailChanged: false, changeId: null, before, account };
    if (after.contactName !== before.contactName || after.contactEmail !== before.contactEmail) {
      try {
        await trx.updateTable('users').set({ name: v.contactName, email: v.contactEmail }).where('id', '=', contact.id).execute();
      } catch (err) {
        if (isUniqueViolation(err, 'users_email_key')) throw userError('BAD_REQUEST', 'portal.err.emailTaken', undefined, { field: 'contactEmail' });
        throw err;
      }
    }
    await trx
      .updateTable('accounts')
      .set({ billing_street: v.street, billing_city: v.city, billing_postcode: v.postcode, billing_region: v.region, phone: v.phone })
      .where('id', '=', account.id)
      .execute();
    const changeId = newId('btc');
    const pick = (o: JsonObject) => Object.fromEntries(changed.map((k) => [k, o[k]]));
    await audit(trx, {
      actor: { realm: 'portal', id: portalUser.credentialId },
      accountId: account.id,
      action: 'portal.bill_to_changed',
      subjectId: account.id,
      data: { changeId, before: pick(before), after: pick(after) },
    });
    return { changed, emailChanged: after.contactEmail !== before.contactEmail, changeId, before, account };
  });

  if (result.emailChanged && result.changeId) {
    const oldEmail = String(result.before.contactEmail);
    const newEmail = fields.contactEmail.trim().toLowerCase();
    const data = { name: fields.contactName.trim(), account: result.account.name, oldEmail, newEmail, portalUserId: portalUser.loginId, portalUrl: `${deps.appUrl}/portal` };
    for (const to of ['old', 'new'] as const) {
      // The change is committed: a mail server that is down must not turn it into an error page (the outbox keeps the row).
      await sendEmailOnce(
        { db, mailer: deps.mailer },
        { key: `bill-to-email-changed:${result.changeId}:${to}`, to: to === 'old' ? oldEmail : newEmail, locale: portalUser.locale, template: 'billToEmailChanged', data: { ...data, to } },
      ).catch((err: unknown) => console.error(`bill-to email to the ${to} address not sent`, err));
    }
  }
  return { changed: result.changed, emailChanged: result.emailChanged };
}
