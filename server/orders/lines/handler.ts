import type { Trx } from '../../../db/client';
import type { DocumentLineKind, Frequency, Order, OrderLineKind, SubscriptionStatus } from '../../../db/schema';
import type { UserMessage } from '../../../workflows/shared';
import type { OrderInvoiceLine } from '../../invoices/issue';
import { documentLineDescription } from '../../invoices/labels';

/** An order line as fulfilment reads it: the row, with its product's and tier's names (null for a line about no plan). */
export interface FulfilmentLine {
  kind: OrderLineKind;
  subscription_id: string | null;
  subscription_version: number | null;
  invoice_id: string | null;
  tier_id: string | null;
  seats: number;
  frequency: Frequency | null;
  period_start: Date | null;
  period_end: Date | null;
  plan_amount: bigint;
  credit_amount: bigint;
  /** The price of one unit for a whole term when plan_amount is prorated (seat additions), else null. */
  unit_amount: bigint | null;
  product: string | null;
  tier: string | null;
}

/** A subscription of the order as it was before any line applied (its row locked for the whole fulfilment). */
export interface SubscriptionBefore {
  id: string;
  status: SubscriptionStatus;
  tier_id: string;
  seats: number;
  frequency: Frequency;
  current_period_start: Date | null;
  current_period_end: Date | null;
  /** Its version when fulfilment locked it (a change applies only to the version it was priced against). */
  version: number;
}

/** How an order's invoice is issued when it is fulfilled on net terms (nothing paid yet): open, due `days` after its issue. */
export interface NetTerms {
  days: number;
  purchaseOrderNumber: string | null;
}

/** The due date of an invoice issued at `issuedAt` on net terms. */
export const netTermsDueAt = (issuedAt: Date, terms: Pick<NetTerms, 'days'>) => new Date(issuedAt.getTime() + terms.days * 86_400_000);

export interface FulfilmentContext {
  /** The order, its row locked by the caller. */
  order: Order;
  /** Money was taken for the order (a refusal then says it is refunded). */
  paid: boolean;
  /** The order is fulfilled on net terms: its invoice is issued open, due these days later, to be paid later (a corporate renewal); null when paid now. */
  onTerms: NetTerms | null;
  /** The fulfilment's instant: when the lines apply and the order's document is issued. */
  at: Date;
  subscriptions: ReadonlyMap<string, SubscriptionBefore>;
}

/**
 * The extension point of fulfilment, one per line kind (server/orders/lines/index.ts). Fulfilment asks
 * every line's `refusal` before it applies any, so an order is applied whole or not at all, then
 * `apply`s each line in the order's one transaction, then prints `invoiceLines` on the order's invoice.
 */
export interface LineHandler {
  /** Why the line can no longer be applied (the customer reads it, in their language), or null. Must not write. */
  refusal(trx: Trx, line: FulfilmentLine, ctx: FulfilmentContext): Promise<UserMessage | null>;
  apply(trx: Trx, line: FulfilmentLine, ctx: FulfilmentContext): Promise<void>;
  /** What the invoice prints for the line, before any credit balance; [] when the line is not invoiced (paying an invoice). */
  invoiceLines(line: FulfilmentLine): OrderInvoiceLine[];
  /** An order with such a line gets an invoice even when nothing is due (a conversion always does). */
  invoiceWhenZero?: boolean;
}

/** A line about a plan of a subscription (conversion, change, renewal): these fields are set (order_lines_kind_shape_check). */
export type PlanLine = FulfilmentLine & { subscription_id: string; tier_id: string; frequency: Frequency; product: string; tier: string };

export function planLine(line: FulfilmentLine): PlanLine {
  if (!line.subscription_id || !line.tier_id || !line.frequency || line.product === null || line.tier === null) throw new Error(`a ${line.kind} line without its subscription or plan`);
  return line as PlanLine;
}

/**
 * The subscription takes a plan line: its tier, seats and frequency, the line's period (the billing
 * date becomes its start) and what was charged for it; version + 1. Callers add their own conditions.
 */
export function takePlan(trx: Trx, line: PlanLine) {
  return trx
    .updateTable('subscriptions')
    .set((eb) => ({
      tier_id: line.tier_id,
      seats: line.seats,
      frequency: line.frequency,
      current_period_start: line.period_start!,
      current_period_end: line.period_end!,
      last_charge_amount: line.plan_amount,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', line.subscription_id);
}

/** What a document line is (0015), with its English description for operations; the PDF prints it per locale. */
export function documentLine(kind: DocumentLineKind, product: string | null, tier: string | null, frequency: Frequency | null) {
  const description = documentLineDescription('en', { description: '', kind, productName: product, tierName: tier, frequency });
  return { description, kind, product_name: product, tier_name: tier, frequency };
}

/** A plan line's invoice line: the plan for its period, seats × unit price. */
export function planInvoiceLine(line: PlanLine): OrderInvoiceLine {
  return { ...documentLine('plan', line.product, line.tier, line.frequency), quantity: line.seats, unit_amount: line.plan_amount / BigInt(Math.max(1, line.seats)), amount: line.plan_amount, period_start: line.period_start, period_end: line.period_end };
}
