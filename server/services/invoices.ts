import type { Db } from '../../db/client';
import type { Selectable } from 'kysely';
import type { CreditNoteLinesTable, Currency, InvoiceLinesTable, PartySnapshot } from '../../db/schema';
import { userError } from '../errors';
import type { InvoiceDocument } from '../invoices/pdf';

/** A stored line as the PDF prints it: its figures, and what it is (for its description in the viewer's language). */
const documentLine = (l: Selectable<InvoiceLinesTable> | Selectable<CreditNoteLinesTable>) => ({
  description: l.description, kind: l.kind, productName: l.product_name, tierName: l.tier_name, frequency: l.frequency,
  quantity: l.quantity, unitAmount: l.unit_amount, amount: l.amount, periodStart: l.period_start, periodEnd: l.period_end,
});

/** One row of the BC-8 billing history: an invoice (or receipt) or a credit note correcting one. */
export interface BillingHistoryRow {
  kind: 'invoice' | 'credit_note';
  id: string;
  number: string;
  issuedAt: Date;
  currency: Currency;
  /** The invoice's total; a credit note's amount (credited, shown negative). */
  total: bigint;
  status: string;
  /** A credit note: the number of the invoice it corrects. */
  corrects: string | null;
}

export const BILLING_HISTORY_PAGE = 25;

/** A position in the history, newest first: the (issued_at, number) of a row, opaque to the page. */
export interface HistoryCursor { issuedAt: Date; number: string }

export function encodeHistoryCursor(row: HistoryCursor): string {
  return Buffer.from(`${row.issuedAt.toISOString()}|${row.number}`).toString('base64url');
}

/** The cursor in a link, or null when it was not made by encodeHistoryCursor (the page then starts at the newest). */
export function decodeHistoryCursor(raw: string): HistoryCursor | null {
  const [iso, number, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const issuedAt = new Date(iso ?? '');
  if (rest.length || !number || !/^[A-Z]{2}-\d{4}-\d{6,}$/.test(number) || Number.isNaN(issuedAt.getTime())) return null;
  return { issuedAt, number };
}

/**
 * BC-8: one page of the account's billing history — invoices and credit notes in one list, newest
 * first, keyset-paged on (issued_at, number) so every page costs the same however long the history
 * grows. `before` pages towards older documents, `after` back towards newer ones.
 */
export async function listBillingHistory(db: Db, accountId: string, opts: { before?: HistoryCursor; after?: HistoryCursor; limit?: number } = {}) {
  const limit = opts.limit ?? BILLING_HISTORY_PAGE;
  const at = opts.before ?? opts.after;
  const op: '<' | '>' = opts.before ? '<' : '>';
  const dir = opts.after ? 'asc' : 'desc';
  // Each side stops at limit + 1 rows on its (account_id, issued_at, number) index; the merge orders at most 2 × (limit + 1).
  const [invoices, notes] = await Promise.all([
    db
      .selectFrom('invoices as i')
      .select(['i.id', 'i.number', 'i.issued_at', 'i.currency', 'i.total', 'i.status'])
      .where('i.account_id', '=', accountId)
      .$if(at !== undefined, (q) => q.where((eb) => eb(eb.refTuple('i.issued_at', 'i.number'), op, eb.tuple(at!.issuedAt, at!.number))))
      .orderBy('i.issued_at', dir)
      .orderBy('i.number', dir)
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom('credit_notes as c')
      .innerJoin('invoices as ci', 'ci.id', 'c.invoice_id')
      .select(['c.id', 'c.number', 'c.issued_at', 'c.currency', 'c.amount', 'ci.number as corrects'])
      .where('c.account_id', '=', accountId)
      .$if(at !== undefined, (q) => q.where((eb) => eb(eb.refTuple('c.issued_at', 'c.number'), op, eb.tuple(at!.issuedAt, at!.number))))
      .orderBy('c.issued_at', dir)
      .orderBy('c.number', dir)
      .limit(limit + 1)
      .execute(),
  ]);
  const newestFirst = (a: BillingHistoryRow, b: BillingHistoryRow) => b.issuedAt.getTime() - a.issuedAt.getTime() || (b.number < a.number ? -1 : b.number > a.number ? 1 : 0);
  const rows = [
    ...invoices.map((r): BillingHistoryRow => ({ kind: 'invoice', id: r.id, number: r.number, issuedAt: r.issued_at, currency: r.currency as Currency, total: r.total, status: r.status, corrects: null })),
    ...notes.map((r): BillingHistoryRow => ({ kind: 'credit_note', id: r.id, number: r.number, issuedAt: r.issued_at, currency: r.currency as Currency, total: r.amount, status: 'credited', corrects: r.corrects })),
  ].sort((a, b) => (opts.after ? -newestFirst(a, b) : newestFirst(a, b)));
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (opts.after) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    rows: page,
    /** Cursor of the next (older) page, if there is one. */
    older: last && (opts.after || more) ? encodeHistoryCursor({ issuedAt: last.issuedAt, number: last.number }) : null,
    /** Cursor of the previous (newer) page, if there is one. */
    newer: first && (opts.before || (opts.after && more)) ? encodeHistoryCursor({ issuedAt: first.issuedAt, number: first.number }) : null,
  };
}

/** One invoice of the account, with its lines, as printed. */
export async function getInvoiceDocument(db: Db, accountId: string, invoiceId: string): Promise<InvoiceDocument & { id: string }> {
  const inv = await db.selectFrom('invoices').selectAll().where('id', '=', invoiceId).where('account_id', '=', accountId).executeTakeFirst();
  if (!inv) throw userError('NOT_FOUND', 'errors.invoice.notFound');
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
    lines: lines.map(documentLine),
  };
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
  if (!cn) throw userError('NOT_FOUND', 'errors.creditNote.notFound');
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
    lines: lines.map(documentLine),
  };
}
