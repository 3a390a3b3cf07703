import type { Db } from '../../db/client';
import { formatMoney } from '../billing/money';
import { invoiceBalance } from '../billing/invoice-state';
import { sendEmailOnce } from '../email/send-once';
import type { Mailer } from '../email/transport';
import { getInvoiceDocument } from '../services/invoices';
import { documentFormat } from './labels';
import { renderInvoicePdf } from './pdf';

/**
 * 004 "Tutte le fatture vengono inviate tramite email" / CP-8: an issued invoice goes by email, its PDF
 * attached, to the account's billing contact and to each invoice recipient — once per address, however
 * often this runs (one outbox key per invoice and address; a retried activity sends nothing twice). The
 * PDF and the email are in the contact's language. Call it after the invoice's transaction commits.
 */
export async function deliverInvoice(deps: { db: Db; mailer: Mailer; appUrl: string }, invoiceId: string): Promise<{ sentTo: string[] }> {
  const { db } = deps;
  const inv = await db.selectFrom('invoices').select(['account_id']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .leftJoin('portal_credentials as pc', 'pc.account_id', 'a.id')
    .select(['a.id', 'a.name', 'a.kind', 'u.name as contact_name', 'u.email as contact_email', 'u.locale', 'pc.login_id'])
    .where('a.id', '=', inv.account_id)
    .executeTakeFirstOrThrow();
  const recipients = await db.selectFrom('invoice_recipients').select('email').where('account_id', '=', account.id).orderBy('created_at').execute();
  const locale = account.locale === 'it' ? 'it' : 'en';
  const doc = await getInvoiceDocument(db, account.id, invoiceId);
  const f = documentFormat(locale);
  let pdf: Promise<Uint8Array> | null = null;
  const attachments = async () => [{ filename: `${doc.number}.pdf`, content: await (pdf ??= renderInvoicePdf(doc, locale)), contentType: 'application/pdf' }];
  const corporate = account.kind === 'corporate';
  const data = {
    account: account.name,
    number: doc.number,
    issuedOn: f.date(doc.issuedAt),
    dueOn: doc.dueAt ? f.date(doc.dueAt) : null,
    total: formatMoney({ amount: doc.total, currency: doc.currency }, locale),
    balance: formatMoney({ amount: invoiceBalance(doc), currency: doc.currency }, locale),
    purchaseOrder: doc.purchaseOrderNumber,
    contactName: account.contact_name,
    portalUserId: corporate ? account.login_id : null,
    invoiceUrl: corporate ? `${deps.appUrl}/portal/invoices/${invoiceId}` : `${deps.appUrl}/billing/invoices`,
  };
  const addresses = [...new Set([account.contact_email, ...recipients.map((r) => r.email)])];
  for (const to of addresses) {
    await sendEmailOnce({ db, mailer: deps.mailer }, { key: `invoice-issued:${invoiceId}:${to}`, to, locale, template: 'invoiceIssued', data, attachments });
  }
  return { sentTo: addresses };
}
