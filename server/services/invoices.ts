import type { Db } from '../../db/client';
import type { Currency, PartySnapshot } from '../../db/schema';
import { notFound } from '../errors';
import type { InvoiceDocument } from '../invoices/pdf';

/** BC-8: the account's invoices and receipts, newest first. */
export async function listInvoices(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'issued_at', 'currency', 'total', 'amount_paid', 'status', 'order_id'])
    .where('account_id', '=', accountId)
    .orderBy('issued_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, issuedAt: r.issued_at, currency: r.currency as Currency, total: r.total, amountPaid: r.amount_paid, status: r.status, orderId: r.order_id }));
}

/** One invoice of the account, with its lines, as printed. */
export async function getInvoiceDocument(db: Db, accountId: string, invoiceId: string): Promise<InvoiceDocument & { id: string }> {
  const inv = await db.selectFrom('invoices').selectAll().where('id', '=', invoiceId).where('account_id', '=', accountId).executeTakeFirst();
  if (!inv) throw notFound('Invoice not found.');
  const lines = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('sort').orderBy('id').execute();
  return {
    id: inv.id,
    number: inv.number,
    issuedAt: inv.issued_at,
    dueAt: inv.due_at,
    status: inv.status,
    currency: inv.currency as Currency,
    subtotal: inv.subtotal,
    tax: inv.tax,
    total: inv.total,
    amountPaid: inv.amount_paid,
    taxRateBasisPoints: inv.tax_rate_basis_points,
    reverseCharge: inv.reverse_charge,
    seller: inv.seller as PartySnapshot,
    buyer: inv.buyer as PartySnapshot,
    purchaseOrderNumber: inv.purchase_order_number,
    lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, unitAmount: l.unit_amount, amount: l.amount, periodStart: l.period_start, periodEnd: l.period_end })),
  };
}

/** BC-8: the account's credit notes (WF-2 net-negative changes), newest first, with the invoice each corrects. */
export async function listCreditNotes(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('credit_notes as c')
    .innerJoin('invoices as i', 'i.id', 'c.invoice_id')
    .select(['c.id', 'c.number', 'c.issued_at', 'c.currency', 'c.amount', 'i.number as invoice_number'])
    .where('c.account_id', '=', accountId)
    .orderBy('c.issued_at', 'desc')
    .orderBy('c.seq', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, issuedAt: r.issued_at, currency: r.currency as Currency, total: r.amount, invoiceNumber: r.invoice_number }));
}

/** One credit note of the account, with its lines and the invoice it corrects, as printed. */
export async function getCreditNoteDocument(db: Db, accountId: string, creditNoteId: string): Promise<InvoiceDocument & { id: string }> {
  const cn = await db
    .selectFrom('credit_notes as c')
    .innerJoin('invoices as i', 'i.id', 'c.invoice_id')
    .selectAll('c')
    .select(['i.number as invoice_number', 'i.issued_at as invoice_issued_at'])
    .where('c.id', '=', creditNoteId)
    .where('c.account_id', '=', accountId)
    .executeTakeFirst();
  if (!cn) throw notFound('Credit note not found.');
  const lines = await db.selectFrom('credit_note_lines').selectAll().where('credit_note_id', '=', creditNoteId).orderBy('sort').orderBy('id').execute();
  return {
    id: cn.id,
    kind: 'creditNote',
    number: cn.number,
    issuedAt: cn.issued_at,
    status: 'issued',
    currency: cn.currency as Currency,
    // The credit goes to the account's credit balance, which is used before tax: the note carries no VAT.
    subtotal: cn.amount,
    tax: 0n,
    total: cn.amount,
    amountPaid: 0n,
    taxRateBasisPoints: 0,
    reverseCharge: cn.reverse_charge,
    seller: cn.seller as PartySnapshot,
    buyer: cn.buyer as PartySnapshot,
    purchaseOrderNumber: null,
    corrects: { number: cn.invoice_number, issuedAt: cn.invoice_issued_at },
    lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, unitAmount: l.unit_amount, amount: l.amount, periodStart: l.period_start, periodEnd: l.period_end })),
  };
}
