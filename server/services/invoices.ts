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
