import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/client';
import { newId } from '../../../db/ids';
import type { PortalUser } from '../../auth/principals';
import { userError } from '../../errors';
import { MAX_RECIPIENTS } from '../../portal/forms';
import { audit } from '../audit';

export interface InvoiceRecipient {
  id: string;
  email: string;
  name: string | null;
  addedAt: Date;
}

/** CP-8: the contacts who receive the account's invoices by email, besides the billing contact. */
export async function listRecipients(db: Db, accountId: string): Promise<InvoiceRecipient[]> {
  const rows = await db.selectFrom('invoice_recipients').select(['id', 'email', 'name', 'created_at']).where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, addedAt: r.created_at }));
}

/**
 * CP-8 "Aggiungere contatti per ricevere le fatture tramite email": no duplicates, not the billing
 * contact (who always receives them), at most MAX_RECIPIENTS (the account row is locked, so two
 * concurrent adds cannot both pass the count). Audited.
 */
export async function addRecipient(db: Db, portalUser: PortalUser, input: { email: string; name: string | null }): Promise<InvoiceRecipient> {
  if (input.email === portalUser.email) throw userError('BAD_REQUEST', 'portal.err.recipientIsContact', { email: input.email }, { field: 'email' });
  try {
    return await db.transaction().execute(async (trx) => {
      await trx.selectFrom('accounts').select('id').where('id', '=', portalUser.accountId).forUpdate().executeTakeFirstOrThrow();
      const { n } = await trx.selectFrom('invoice_recipients').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', portalUser.accountId).executeTakeFirstOrThrow();
      if (Number(n) >= MAX_RECIPIENTS) throw userError('BAD_REQUEST', 'portal.err.recipientsMax', { max: MAX_RECIPIENTS });
      const id = newId('irc');
      const row = await trx.insertInto('invoice_recipients').values({ id, account_id: portalUser.accountId, email: input.email, name: input.name }).returning(['id', 'email', 'name', 'created_at']).executeTakeFirstOrThrow();
      await audit(trx, { actor: { realm: 'portal', id: portalUser.credentialId }, accountId: portalUser.accountId, action: 'portal.invoice_recipient_added', subjectId: id, data: { after: { email: input.email, name: input.name } } });
      return { id: row.id, email: row.email, name: row.name, addedAt: row.created_at };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'invoice_recipients_account_id_email_key')) throw userError('BAD_REQUEST', 'portal.err.recipientDuplicate', { email: input.email }, { field: 'email' });
    throw err;
  }
}

export async function removeRecipient(db: Db, portalUser: PortalUser, id: string): Promise<{ email: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('invoice_recipients').where('id', '=', id).where('account_id', '=', portalUser.accountId).returning(['id', 'email', 'name']).executeTakeFirst();
    if (!row) throw userError('NOT_FOUND', 'portal.err.recipientNotFound');
    await audit(trx, { actor: { realm: 'portal', id: portalUser.credentialId }, accountId: portalUser.accountId, action: 'portal.invoice_recipient_removed', subjectId: row.id, data: { before: { email: row.email, name: row.name } } });
    return { email: row.email };
  });
}
