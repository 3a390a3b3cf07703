import type { DbOrTrx, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import type { Currency, Frequency, OrderKind, OrderLineKind } from '../../db/schema';
import { userError } from '../errors';

/**
 * One line of an order to write. What a line carries depends on its kind (see OrderLineKind): a plan
 * line (conversion, change, seat addition, renewal) names its product, tier, seats, frequency and period;
 * an invoice payment names only its invoice. Its amount due is `planAmount − creditAmount` (a partial
 * payment is a line of that amount); several lines may touch several subscriptions, or none.
 */
export interface OrderLineDraft {
  kind: OrderLineKind;
  subscriptionId?: string | null;
  /** A change is priced against this version of its subscription; fulfilment applies it only to that version. */
  subscriptionVersion?: number | null;
  invoiceId?: string | null;
  productId?: string | null;
  tierId?: string | null;
  seats?: number;
  frequency?: Frequency | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  /** N: the full price of what the line buys (for an invoice payment: the amount paid). */
  planAmount: bigint;
  /** C: a change's credit for unused time on the previous plan (0 otherwise). */
  creditAmount?: bigint;
  /** The price of one unit for a whole term, when `planAmount` is prorated (seats added co-termed): the invoice's unit price. */
  unitAmount?: bigint | null;
  description: string;
}

/** An order as priced by its kind's one pricing function (the same one the preview used). */
export interface OrderDraft {
  accountId: string;
  kind: OrderKind;
  currency: Currency;
  lines: OrderLineDraft[];
  /** Credit balance this order uses (written to the credit ledger with `creditNote`). */
  creditApplied: bigint;
  tax: bigint;
  /** What the workflow charges: max(0, Σ(N − C) − credit applied) + tax — checked here. */
  total: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  vatNumber: string | null;
  /** Made once per attempt by the page (or the workflow): the same key never makes a second order. */
  idempotencyKey: string;
  /** The workflow that will process the order, from its ID (business IDs: see workflows/shared.ts). */
  workflowId: (orderId: string) => string | null;
  cartId?: string | null;
  placedByUserId: string | null;
  at: Date;
  /** The credit ledger's note for the balance used, e.g. "Credit balance used for a subscription order". */
  creditNote: string;
  /** Printed on the order's invoice: the buyer's purchase order number (a corporate account's valid PO). */
  purchaseOrderNumber?: string | null;
  /** The invoice is due this many days after it is issued (0: on issue, as a card-paid corporate invoice prints); omitted: no due date. */
  invoiceDueDays?: number | null;
}

/** Σ(N − C) of the lines: the order's subtotal (negative when the credits for unused time exceed the rest). */
const linesSubtotal = (lines: Pick<OrderLineDraft, 'planAmount' | 'creditAmount'>[]) => lines.reduce((sum, l) => sum + l.planAmount - (l.creditAmount ?? 0n), 0n);

/**
 * THE order writer, for every order kind: in the caller's transaction (which has locked and priced what
 * the order is about), the order with its idempotency key, its lines — a change line marked in flight, so
 * a second change of its subscription is refused by the database — and the credit balance it uses.
 * A repeated idempotency key fails on `orders_idempotency_key_key`; callers answer with the first order.
 */
export async function writeOrder(trx: Trx, draft: OrderDraft): Promise<{ orderId: string }> {
  if (draft.lines.length === 0) throw new Error('an order needs at least one line');
  const subtotal = linesSubtotal(draft.lines);
  const due = subtotal - draft.creditApplied;
  if (draft.creditApplied < 0n || draft.total !== (due > 0n ? due : 0n) + draft.tax) {
    throw new Error(`order amounts do not add up: subtotal ${subtotal}, credit ${draft.creditApplied}, tax ${draft.tax}, total ${draft.total}`);
  }
  const orderId = newId('ord');
  await trx
    .insertInto('orders')
    .values({
      id: orderId,
      account_id: draft.accountId,
      kind: draft.kind,
      status: 'processing',
      currency: draft.currency,
      subtotal,
      credit_applied: draft.creditApplied,
      tax: draft.tax,
      total: draft.total,
      tax_rate_basis_points: draft.taxRateBasisPoints,
      reverse_charge: draft.reverseCharge,
      vat_number: draft.vatNumber,
      idempotency_key: draft.idempotencyKey,
      workflow_id: draft.workflowId(orderId),
      cart_id: draft.cartId ?? null,
      placed_by_user_id: draft.placedByUserId,
      purchase_order_number: draft.purchaseOrderNumber ?? null,
      invoice_due_days: draft.invoiceDueDays ?? null,
      created_at: draft.at,
      updated_at: draft.at,
    })
    .execute();
  await trx
    .insertInto('order_lines')
    .values(
      draft.lines.map((l) => ({
        id: newId('ol'),
        order_id: orderId,
        kind: l.kind,
        subscription_id: l.subscriptionId ?? null,
        subscription_version: l.subscriptionVersion ?? null,
        invoice_id: l.invoiceId ?? null,
        product_id: l.productId ?? null,
        tier_id: l.tierId ?? null,
        seats: l.seats ?? 0,
        frequency: l.frequency ?? null,
        period_start: l.periodStart ?? null,
        period_end: l.periodEnd ?? null,
        plan_amount: l.planAmount,
        credit_amount: l.creditAmount ?? 0n,
        unit_amount: l.unitAmount ?? null,
        description: l.description,
        // A change holds its subscription's one-change-in-flight lock until the order ends (WF-2 rule).
        change_in_flight: l.kind === 'change',
      })),
    )
    .execute();
  if (draft.creditApplied > 0n) {
    await trx.insertInto('credit_ledger').values({ id: newId('cl'), account_id: draft.accountId, currency: draft.currency, amount: -draft.creditApplied, reason: 'applied_to_order', order_id: orderId, note: draft.creditNote }).execute();
  }
  return { orderId };
}

/** The order an idempotency key already made, if any; a key used by another account is refused. */
export async function orderByIdempotencyKey(db: DbOrTrx, accountId: string, idempotencyKey: string) {
  const row = await db.selectFrom('orders').select(['id', 'status', 'account_id']).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  if (row && row.account_id !== accountId) throw userError('CONFLICT', 'errors.request.reused');
  return row;
}
