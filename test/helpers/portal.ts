import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { nextInvoiceNumber } from '../../db/invoice-numbers';
import type { PartySnapshot } from '../../db/schema';
import { DEMO_SELLER } from '../../db/seed/demo';
import { createAccount, unique } from './realms';

const DAY = 86_400_000;

/**
 * A corporate account of its own for a portal test (MailDev and, in e2e, the app database are shared):
 * a billing contact with a unique portal user ID, a billing address in `country`, and `invoices`
 * monthly invoices (the newest open, the one before part-paid and overdue, the rest paid).
 */
export async function corporateFixture(db: Db, opts: { country?: 'US' | 'IT'; invoices?: number; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const loginId = unique('portal');
  const acct = await createAccount(db, { kind: 'corporate', portalLoginId: loginId });
  const it = opts.country === 'IT';
  await db
    .updateTable('accounts')
    .set(it
      ? { country: 'IT', currency: 'EUR', billing_street: 'Via Roma 1', billing_city: 'Milano', billing_postcode: '20121', billing_region: 'MI', phone: '+39 02 1234 5678' }
      : { billing_street: '1 Main Street', billing_city: 'Springfield', billing_postcode: '62704', billing_region: 'IL', phone: '+1 217 555 0100' })
    .where('id', '=', acct.accountId)
    .execute();
  const invoiceIds: string[] = [];
  const buyer: PartySnapshot = { name: `Fixture ${acct.tag}`, country: it ? 'IT' : 'US', contact_name: acct.billing.name, portal_user_id: loginId, email: acct.billing.email };
  const n = opts.invoices ?? 0;
  for (let k = n - 1; k >= 0; k--) {
    const issuedAt = new Date(now.getTime() - (k * 30 + 2) * DAY);
    const total = 100_000n + BigInt(k);
    const paid = k === 0 ? 0n : k === 1 ? 40_000n : total;
    const id = newId('inv');
    await db.transaction().execute(async (trx) => {
      const num = await nextInvoiceNumber(trx, issuedAt);
      await trx.insertInto('invoices').values({
        id, account_id: acct.accountId, number: num.number, year: num.year, seq: num.seq, issued_at: issuedAt, due_at: new Date(issuedAt.getTime() + 30 * DAY),
        currency: it ? 'EUR' : 'USD', subtotal: total, tax: 0n, total, amount_paid: paid, status: paid === total ? 'paid' : 'open', buyer, seller: DEMO_SELLER,
        purchase_order_number: `PO-${acct.tag}`,
      }).execute();
      await trx.insertInto('invoice_lines').values({ id: newId('inl'), invoice_id: id, description: 'Meeting Enterprise — annual term', quantity: 10, unit_amount: total / 10n, amount: total - (total % 10n), sort: 0 }).execute();
      // What was paid is a recorded payment, as in the demo data (the invoice's amount paid follows its payments).
      if (paid > 0n) await trx.insertInto('payments').values({ id: newId('pay'), account_id: acct.accountId, invoice_id: id, step: 'invoice-payment', amount: paid, currency: it ? 'EUR' : 'USD', status: 'succeeded' }).execute();
      if (total % 10n !== 0n) await trx.insertInto('invoice_lines').values({ id: newId('inl'), invoice_id: id, description: 'Rounding', quantity: 1, unit_amount: total % 10n, amount: total % 10n, sort: 1 }).execute();
    });
    invoiceIds.push(id);
  }
  return { ...acct, loginId, invoiceIds: invoiceIds.reverse() };
}
