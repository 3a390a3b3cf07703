import type { Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { nextInvoiceNumber } from '../../db/invoice-numbers';
import type { DocumentLineKind, Frequency, Order, PartySnapshot } from '../../db/schema';

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
  const account = await trx.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const contact = account.billing_contact_user_id
    ? await trx.selectFrom('users').select(['email']).where('id', '=', account.billing_contact_user_id).executeTakeFirst()
    : undefined;
  return {
    name: account.name,
    street: account.billing_street,
    city: account.billing_city,
    postcode: account.billing_postcode,
    region: account.billing_region,
    country: account.country,
    vat_number: vatNumber ?? account.vat_number,
    email: contact?.email ?? null,
  };
}

export interface IssueOrderInvoice {
  order: Pick<Order, 'id' | 'account_id' | 'currency' | 'subtotal' | 'credit_applied' | 'tax' | 'total' | 'reverse_charge' | 'tax_rate_basis_points' | 'vat_number'>;
  seller: PartySnapshot;
  issuedAt: Date;
  lines: OrderInvoiceLine[];
  /** Printed on the invoice: the buyer's purchase order number (any kind; e.g. a corporate account's valid PO). */
  purchaseOrderNumber?: string | null;
  /** The due date printed on the invoice, not before `issuedAt` (a paid invoice is due on issue); null: none. */
  dueAt?: Date | null;
}

/**
 * The paid invoice of an order (every kind's fulfilment), inside the caller's transaction: the buyer
 * as they are now (with the order's VAT number), the next gapless number, the order's amounts
 * (subtotal net of the credit balance applied), its PO and due date when it has them, and the given
 * lines in order.
 */
export async function issuePaidOrderInvoice(trx: Trx, input: IssueOrderInvoice): Promise<{ id: string; number: string }> {
  const { order } = input;
  const buyer = await buyerSnapshot(trx, order.account_id, order.vat_number);
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
      amount_paid: order.total,
      status: 'paid',
      reverse_charge: order.reverse_charge,
      tax_rate_basis_points: order.tax_rate_basis_points,
      buyer,
      seller: input.seller,
      purchase_order_number: input.purchaseOrderNumber ?? null,
      due_at: input.dueAt ?? null,
    })
    .execute();
  await trx.insertInto('invoice_lines').values(input.lines.map((l, i) => ({ id: newId('il'), invoice_id: invoiceId, sort: i, ...l }))).execute();
  return { id: invoiceId, number: num.number };
}
