import { sql } from 'kysely';
import type { Db, DbOrTrx, Trx } from '../../db/client';
import type { Currency } from '../../db/schema';
import type { InvoicePaymentFigures } from '../billing/invoice-payment';
import { formatMoney } from '../billing/money';
import { sendEmailOnce } from '../email/send-once';
import type { Mailer } from '../email/transport';
import { toLocale } from '../i18n/locale';
import { cardLabel } from '../payments/card-label';
import { renderReceiptPdf, type PaymentReceipt } from './receipt-pdf';

// CP-6: an invoice's payments as the database counts them (0031/0032), and the receipt of each one.

/**
 * What an invoice's payments claim of it: payments in flight or succeeded and the open invoice-payment
 * orders (the database's own measure, `invoice_claimed`, the same one its guards check), except the
 * given order's. Read it with the invoice row locked to act on it.
 */
export async function invoiceClaimed(db: DbOrTrx, invoiceId: string, exceptOrderId: string | null = null): Promise<bigint> {
  const { rows } = await sql<{ claimed: string }>`SELECT invoice_claimed(${invoiceId}, NULL, ${exceptOrderId}) AS claimed`.execute(db);
  return BigInt(rows[0]!.claimed);
}

/** An invoice's figures for a payment (its row locked with `lock`), or null when it is not this account's. */
export async function invoicePaymentFigures(db: DbOrTrx, accountId: string, invoiceId: string, opts: { lock?: boolean; exceptOrderId?: string } = {}) {
  let q = db
    .selectFrom('invoices')
    .select(['id', 'number', 'status', 'currency', 'total', 'amount_paid', 'issued_at', 'due_at'])
    .where('id', '=', invoiceId)
    .where('account_id', '=', accountId);
  if (opts.lock) q = q.forUpdate();
  const inv = await q.executeTakeFirst();
  if (!inv) return null;
  const figures: InvoicePaymentFigures = { currency: inv.currency as Currency, total: inv.total, amountPaid: inv.amount_paid, claimed: await invoiceClaimed(db, invoiceId, opts.exceptOrderId ?? null) };
  return { invoice: inv, figures };
}

/**
 * The receipt of a payment just recorded against an invoice (`payOpenInvoice`), in the same
 * transaction: what was paid, with which card, what the invoice's payments have paid with it and the
 * balance left — as they are now, and fixed (the receipt is immutable, whatever is paid later).
 */
export async function writeReceipt(trx: Trx, input: { orderId: string; accountId: string; invoiceId: string; currency: Currency; payment: { id: string; amount: bigint; card_brand: string | null; card_last4: string | null }; total: bigint; amountPaid: bigint }) {
  const { payment } = input;
  const receipt = {
    payment_id: payment.id,
    invoice_id: input.invoiceId,
    account_id: input.accountId,
    order_id: input.orderId,
    currency: input.currency,
    amount: payment.amount,
    invoice_total: input.total,
    paid_to_date: input.amountPaid,
    balance: input.total - input.amountPaid,
    card_brand: payment.card_brand,
    card_last4: payment.card_last4,
  };
  await trx.insertInto('payment_receipts').values(receipt).execute();
  return receipt;
}

/**
 * WF-5's receipt email: to the account's billing contact, in their language, with the receipt as a PDF
 * — once per order, however often this runs (the outbox is keyed by `idempotencyKey`). The figures are
 * the receipt's, fixed when the payment was recorded.
 */
export async function sendPaymentReceipt(deps: { db: Db; mailer: Mailer; appUrl: string }, orderId: string, idempotencyKey: string): Promise<void> {
  const { db } = deps;
  const r = await db
    .selectFrom('payment_receipts as r')
    .innerJoin('invoices as i', 'i.id', 'r.invoice_id')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['r.payment_id', 'r.invoice_id', 'r.currency', 'r.amount', 'r.invoice_total', 'r.paid_to_date', 'r.balance', 'r.card_brand', 'r.card_last4', 'r.issued_at', 'i.number', 'i.issued_at as invoice_issued_at', 'i.seller', 'i.buyer', 'a.name as account', 'u.name', 'u.email', 'u.locale'])
    .where('r.order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  const locale = toLocale(r.locale);
  const currency = r.currency as Currency;
  const fmt = (amount: bigint) => formatMoney({ amount, currency }, locale);
  const card = cardLabel(r.card_brand, r.card_last4);
  const receipt: PaymentReceipt = {
    paymentId: r.payment_id, paidAt: r.issued_at, invoiceNumber: r.number, invoiceIssuedAt: r.invoice_issued_at, currency,
    amount: r.amount, invoiceTotal: r.invoice_total, paidToDate: r.paid_to_date, balance: r.balance, card, seller: r.seller, buyer: r.buyer,
  };
  await sendEmailOnce(deps, {
    key: idempotencyKey,
    to: r.email,
    locale,
    template: 'invoicePaymentReceipt',
    data: { name: r.name, account: r.account, invoiceNumber: r.number, amount: fmt(r.amount), balance: fmt(r.balance), card, paidInFull: r.balance === 0n, invoiceUrl: `${deps.appUrl}/portal/invoices/${r.invoice_id}` },
    attachments: async () => [{ filename: `receipt-${r.number}-${r.payment_id}.pdf`, content: await renderReceiptPdf(receipt, locale), contentType: 'application/pdf' }],
  });
}
