import type { Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { nextInvoiceNumber } from '../../db/invoice-numbers';
import type { DocumentLineKind, Frequency, Order, PartySnapshot, VatNumberCheck } from '../../db/schema';
import { validPurchaseOrder } from '../services/portal/purchase-orders';

export interface OrderInvoiceLine {
  /** English, for operations and exports; the PDF prints the line by what it is, in the viewer's language. */
  description: string;
  kind: DocumentLineKind;
  product_name: string | null;
  tier_name: string | null;
  frequency: Frequency | null;
  quantity: number;
  unit_amount: bigint;
  amount: bigint;
  period_start: Date | null;
  period_end: Date | null;
}

/** The buyer as printed on a billing document issued now: the account's billing address and contact, the order's VAT number if it gave one. */
export async function buyerSnapshot(trx: Trx, accountId: string, vatNumber: string | null): Promise<PartySnapshot> {
  // The account with its billing contact (if any), in one read.
  const { contact_email, contact_name, ...account } = await trx
    .selectFrom('accounts as a')
    .leftJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .selectAll('a')
    .select(['u.email as contact_email', 'u.name as contact_name'])
    .where('a.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const contact = contact_email === null ? undefined : { email: contact_email, name: contact_name };
  // Seeds 000/004: a corporate invoice names the billing contact together with their portal user ID.
  const portal = account.kind === 'corporate' ? await trx.selectFrom('portal_credentials').select('login_id').where('account_id', '=', accountId).executeTakeFirst() : undefined;
  return {
    name: account.name,
    street: account.billing_street,
    city: account.billing_city,
    postcode: account.billing_postcode,
    region: account.billing_region,
    country: account.country,
    vat_number: vatNumber ?? account.vat_number,
    // §8: how far the printed VAT number was checked (the account's record is about its own number).
    ...vatNumberCheck(vatNumber ?? account.vat_number, account),
    email: contact?.email ?? null,
    ...(account.kind === 'corporate' ? { contact_name: contact?.name ?? null, portal_user_id: portal?.login_id ?? null } : {}),
  };
}

function vatNumberCheck(printed: string | null, account: { vat_number: string | null; vat_number_check: VatNumberCheck | null; vat_number_checked_at: Date | null }): Pick<PartySnapshot, 'vat_number_check' | 'vat_number_checked_at'> {
  if (!printed) return {};
  if (printed !== account.vat_number || !account.vat_number_check) return { vat_number_check: 'format', vat_number_checked_at: null };
  return { vat_number_check: account.vat_number_check, vat_number_checked_at: account.vat_number_checked_at?.toISOString() ?? null };
}

export interface IssueOrderInvoice {
  order: Pick<Order, 'id' | 'account_id' | 'currency' | 'subtotal' | 'credit_applied' | 'tax' | 'total' | 'reverse_charge' | 'tax_rate_basis_points' | 'vat_number'>;
  seller: PartySnapshot;
  issuedAt: Date;
  lines: OrderInvoiceLine[];
  /** Printed on the invoice: the order's purchase order number (a service order's quote's); default: the PO valid on the issue date. */
  purchaseOrderNumber?: string | null;
  /** The due date printed on the invoice, not before `issuedAt` (a paid invoice is due on issue); null: none. */
  dueAt?: Date | null;
  /** Issued unpaid, due `dueAt`, naming `purchaseOrderNumber` (these win over the fields above). */
  open?: { dueAt: Date; purchaseOrderNumber: string | null };
}

/**
 * The invoice of an order (every kind's fulfilment), inside the caller's transaction: the buyer as they
 * are now (with the order's VAT number), the next gapless number, the order's amounts (subtotal net of
 * the credit balance applied), its PO and due date when it has them, and the given lines in order. Paid
 * (the order's payment paid it), or `open` with its due date and purchase order number — issued before
 * its order is paid (a renewal whose charge failed) or on net terms (a corporate renewal) — and paid
 * later by `payOpenInvoice`.
 */
export async function issueOrderInvoice(trx: Trx, input: IssueOrderInvoice): Promise<{ id: string; number: string }> {
  const { order } = input;
  const buyer = await buyerSnapshot(trx, order.account_id, order.vat_number);
  // CP-9: the purchase order valid on the issue date is printed on the invoice.
  const po = await validPurchaseOrder(trx, order.account_id, input.issuedAt);
  // Last of the reads: the number holds the year's counter row until the transaction ends (every issuer waits for it).
  const num = await nextInvoiceNumber(trx, input.issuedAt);
  const invoiceId = newId('inv');
  await trx
    .insertInto('invoices')
    .values({
      id: invoiceId,
      account_id: order.account_id,
      order_id: order.id,
      number: num.number,
      year: num.year,
      seq: num.seq,
      issued_at: input.issuedAt,
      currency: order.currency,
      subtotal: order.subtotal - order.credit_applied,
      tax: order.tax,
      total: order.total,
      amount_paid: input.open ? 0n : order.total,
      status: input.open ? 'open' : 'paid',
      due_at: input.open?.dueAt ?? input.dueAt ?? null,
      reverse_charge: order.reverse_charge,
      tax_rate_basis_points: order.tax_rate_basis_points,
      buyer,
      seller: input.seller,
      // Net terms name their PO (a corporate renewal, chosen by the same rule at the term's start); else the
      // order's own (a service order prints its quote's); else the one valid on the issue date (CP-9).
      purchase_order_number: input.open?.purchaseOrderNumber ?? input.purchaseOrderNumber ?? po?.number ?? null,
    })
    .execute();
  await trx.insertInto('invoice_lines').values(input.lines.map((l, i) => ({ id: newId('il'), invoice_id: invoiceId, sort: i, ...l }))).execute();
  return { id: invoiceId, number: num.number };
}

/**
 * THE way an issued invoice gets paid (CP-6 / WF-5 invoice payment orders; WF-4's renewal invoices
 * issued open are meant to be paid the same way): in the transaction of the fulfilment of the order that
 * pays it, that order's succeeded payment is recorded against the invoice (`payments.invoice_id`), and
 * the invoice's amount paid and status follow from its payments (migration 0031) — never written by hand.
 * `amount` is what the order pays of it; the order must have exactly that much succeeded and not yet
 * recorded. Callers check first (their line's refusal) that the invoice is open and takes the amount:
 * anything else here is a bug, and rolls the fulfilment back.
 */
export async function payOpenInvoice(trx: Trx, input: { invoiceId: string; orderId: string; amount: bigint }) {
  const inv = await trx.selectFrom('invoices').select(['id', 'status']).where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
  if (inv?.status !== 'open') throw new Error(`invoice ${input.invoiceId} is not open`);
  const recorded = await trx
    .updateTable('payments')
    .set({ invoice_id: input.invoiceId })
    .where('order_id', '=', input.orderId)
    .where('status', '=', 'succeeded')
    .where('invoice_id', 'is', null)
    .returning(['id', 'amount', 'card_brand', 'card_last4'])
    .execute();
  const sum = recorded.reduce((s, p) => s + p.amount, 0n);
  if (recorded.length !== 1 || sum !== input.amount) throw new Error(`order ${input.orderId} has ${recorded.length} succeeded payment(s) of ${sum} to record, not one of ${input.amount}`);
  const after = await trx.selectFrom('invoices').select(['total', 'amount_paid', 'status']).where('id', '=', input.invoiceId).executeTakeFirstOrThrow();
  return { payment: recorded[0]!, total: after.total, amountPaid: after.amount_paid, status: after.status };
}
