import type { DbOrTrx } from '../../../db/client';
import type { Currency, PartySnapshot, QuoteStatus, QuoteTermKind } from '../../../db/schema';
import { formatMoney } from '../../billing';
import { env } from '../../env';
import type { InvoiceDocument } from '../../invoices/pdf';

export interface QuoteLineView {
  id: string;
  productId: string;
  productName: string;
  tierId: string;
  tierName: string;
  seats: number;
  listUnitAmount: bigint;
  discountBasisPoints: number;
  unitAmount: bigint;
  amount: bigint;
  termKind: QuoteTermKind;
  termStart: Date;
  termEnd: Date;
}

export interface QuoteView {
  id: string;
  number: string;
  accountId: string;
  accountName: string;
  status: QuoteStatus;
  source: 'sales_rep' | 'add_seats';
  currency: Currency;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  purchaseOrderNumber: string | null;
  notes: string | null;
  expiresAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  viewedAt: Date | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  supersededByNumber: string | null;
  rep: { id: string; name: string; email: string } | null;
  lines: QuoteLineView[];
}

/** A quote with its lines and names, as every page, PDF and email shows it. Null when it does not exist. */
export async function loadQuote(db: DbOrTrx, quoteId: string): Promise<QuoteView | null> {
  const q = await db
    .selectFrom('quotes as q')
    .innerJoin('accounts as a', 'a.id', 'q.account_id')
    .leftJoin('staff as s', 's.id', 'q.created_by_staff_id')
    .leftJoin('quotes as sup', 'sup.id', 'q.superseded_by_quote_id')
    .select([
      'q.id', 'q.number', 'q.account_id', 'a.name as account_name', 'q.status', 'q.source', 'q.currency', 'q.subtotal', 'q.tax', 'q.total',
      'q.tax_rate_basis_points', 'q.reverse_charge', 'q.purchase_order_number', 'q.notes', 'q.expires_at', 'q.created_at', 'q.sent_at',
      'q.viewed_at', 'q.decided_at', 'q.rejection_reason', 'sup.number as superseded_by_number', 's.id as rep_id', 's.name as rep_name', 's.email as rep_email',
    ])
    .where('q.id', '=', quoteId)
    .executeTakeFirst();
  if (!q) return null;
  const lines = await db
    .selectFrom('quote_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
    .select(['l.id', 'l.product_id', 'p.name as product_name', 'l.tier_id', 't.name as tier_name', 'l.seats', 'l.list_unit_amount', 'l.discount_basis_points', 'l.unit_amount', 'l.amount', 'l.term_kind', 'l.term_start', 'l.term_end'])
    .where('l.quote_id', '=', quoteId)
    .orderBy('l.sort')
    .orderBy('p.sort')
    .execute();
  return {
    id: q.id,
    number: q.number,
    accountId: q.account_id,
    accountName: q.account_name,
    status: q.status,
    source: q.source,
    currency: q.currency,
    subtotal: q.subtotal,
    tax: q.tax,
    total: q.total,
    taxRateBasisPoints: q.tax_rate_basis_points,
    reverseCharge: q.reverse_charge,
    purchaseOrderNumber: q.purchase_order_number,
    notes: q.notes,
    expiresAt: q.expires_at,
    createdAt: q.created_at,
    sentAt: q.sent_at,
    viewedAt: q.viewed_at,
    decidedAt: q.decided_at,
    rejectionReason: q.rejection_reason,
    supersededByNumber: q.superseded_by_number,
    rep: q.rep_id ? { id: q.rep_id, name: q.rep_name!, email: q.rep_email! } : null,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      productName: l.product_name,
      tierId: l.tier_id,
      tierName: l.tier_name,
      seats: l.seats,
      listUnitAmount: l.list_unit_amount,
      discountBasisPoints: l.discount_basis_points,
      unitAmount: l.unit_amount,
      amount: l.amount,
      termKind: l.term_kind,
      termStart: l.term_start,
      termEnd: l.term_end,
    })),
  };
}

/** "Meeting Enterprise — 10 seats", the stored description of a line (documents print it as issued). */
export function quoteLineDescription(l: { productName: string; tierName: string; seats: number; termKind: QuoteTermKind }): string {
  return `${l.productName} ${l.tierName} — ${l.seats} ${l.seats === 1 ? 'seat' : 'seats'}${l.termKind === 'co_term' ? ', co-termed to the contract end' : ', new annual term'}`;
}

/** One line of a quote email, in the reader's language. */
export function quoteLineSummary(l: QuoteLineView, currency: Currency, locale: 'en' | 'it'): string {
  const seats = locale === 'it' ? `${l.seats} ${l.seats === 1 ? 'postazione' : 'postazioni'}` : `${l.seats} ${l.seats === 1 ? 'seat' : 'seats'}`;
  return `${l.productName} ${l.tierName} — ${seats}: ${formatMoney({ amount: l.amount, currency }, locale)}`;
}

/** The seller printed on quotes, from configuration (SELLER_*), as on invoices. */
function seller(): PartySnapshot {
  const e = env();
  return { name: e.SELLER_NAME, street: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vat_number: e.SELLER_VAT_NUMBER };
}

/** CP-4: the quote as a PDF document for the one renderer (server/invoices/pdf.ts). */
export async function quoteDocument(db: DbOrTrx, q: QuoteView): Promise<InvoiceDocument> {
  const a = await db
    .selectFrom('accounts as a')
    .leftJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['a.name', 'a.billing_street', 'a.billing_city', 'a.billing_postcode', 'a.billing_region', 'a.country', 'a.vat_number', 'u.email'])
    .where('a.id', '=', q.accountId)
    .executeTakeFirstOrThrow();
  return {
    kind: 'quote',
    number: q.number,
    issuedAt: q.sentAt ?? q.createdAt,
    status: q.status,
    currency: q.currency,
    subtotal: q.subtotal,
    tax: q.tax,
    total: q.total,
    amountPaid: 0n,
    taxRateBasisPoints: q.taxRateBasisPoints,
    reverseCharge: q.reverseCharge,
    seller: seller(),
    buyer: { name: a.name, street: a.billing_street, city: a.billing_city, postcode: a.billing_postcode, region: a.billing_region, country: a.country, vat_number: a.vat_number, email: a.email },
    purchaseOrderNumber: q.purchaseOrderNumber,
    validUntil: q.expiresAt,
    portalUrl: `${env().APP_URL}/portal/quotes/${q.id}`,
    lines: q.lines.map((l) => ({
      description: quoteLineDescription(l),
      quantity: l.seats,
      unitAmount: l.unitAmount,
      amount: l.amount,
      periodStart: l.termStart,
      periodEnd: l.termEnd,
      listUnitAmount: l.listUnitAmount,
      discountBasisPoints: l.discountBasisPoints,
    })),
  };
}
