import type { Db } from '../../../db/client';
import type { Currency } from '../../../db/schema';
import { invoiceBalance, invoiceState, type InvoiceState } from '../../billing/invoice-state';

/** CP-5 / 004 "Visualizzare e/o stampare le ultime 20 fatture". */
export const PORTAL_INVOICE_LIMIT = 20;

export interface PortalInvoiceRow {
  id: string;
  number: string;
  issuedAt: Date;
  dueAt: Date | null;
  purchaseOrderNumber: string | null;
  currency: Currency;
  total: bigint;
  amountPaid: bigint;
  balance: bigint;
  state: InvoiceState;
}

/** Cronologia fatture: the account's last 20 invoices, newest first, with what is paid, the balance and the state at `at`. */
export async function listPortalInvoices(db: Db, accountId: string, at: Date): Promise<PortalInvoiceRow[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'issued_at', 'due_at', 'purchase_order_number', 'currency', 'total', 'amount_paid', 'status'])
    .where('account_id', '=', accountId)
    .orderBy('issued_at', 'desc')
    .orderBy('year', 'desc')
    .orderBy('seq', 'desc')
    .limit(PORTAL_INVOICE_LIMIT)
    .execute();
  return rows.map((r) => {
    const figures = { status: r.status, total: r.total, amountPaid: r.amount_paid, dueAt: r.due_at };
    return {
      id: r.id, number: r.number, issuedAt: r.issued_at, dueAt: r.due_at, purchaseOrderNumber: r.purchase_order_number, currency: r.currency,
      total: r.total, amountPaid: r.amount_paid, balance: invoiceBalance(figures), state: invoiceState(figures, at),
    };
  });
}
