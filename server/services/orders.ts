import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import type { Currency, Frequency, OrderLineKind, OrderStatus } from '../../db/schema';
import { userError } from '../errors';
import type { Locale } from '../i18n/locale';
import { renderOrderFailure } from '../i18n/user-message';
import { cardLabel } from '../payments/card-label';
import type { PaymentGateway } from '../payments/stripe-gateway';
import { nudgeOrderPayment } from '../temporal/starters';
import { orderWorkflowId } from './order-delivery';
import { orderSettled, readWhenChanged, type OrderChanges, type WatchOptions } from './order-changes';

export interface OrderView {
  id: string;
  /** 'conversion' (WF-1) or 'change' (WF-2): the order page words its steps accordingly. */
  kind: string;
  status: OrderStatus;
  currency: Currency;
  subtotal: bigint;
  creditApplied: bigint;
  tax: bigint;
  total: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  vatNumber: string | null;
  /** Why it did not go through, in the reader's language. */
  failureReason: string | null;
  createdAt: Date;
  completedAt: Date | null;
  /** Every line: a trial conversion, or (BC-4/BC-5) a change with its credit for unused time. */
  lines: Array<{ kind: OrderLineKind; subscriptionId: string | null; productName: string; tierName: string; seats: number; frequency: Frequency; planAmount: bigint; creditAmount: bigint; periodStart: Date | null; periodEnd: Date | null }>;
  /** max(0, Σ C − Σ N): what a net-negative order added to the credit balance. */
  creditAdded: bigint;
  /**
   * The order's charge, null when nothing was due. `card` is the card that payment charged (recorded
   * with its PaymentIntent), never the account's current default card; `refunded` is what was given back.
   */
  payment: null | { status: string; failureMessage: string | null; card: null | { brand: string | null; last4: string; label: string }; refunded: bigint; clientSecret: string | null };
  invoice: null | { id: string; number: string };
  /** A net-negative change is documented by a credit note instead of an invoice. */
  creditNote: null | { id: string; number: string };
  emailSent: boolean;
  workflowId: string | null;
}

/**
 * The order's confirmation email, by its exact idempotency key — the one its workflow sends it under
 * (WF-2: `<workflow>:confirmation`, WF-1: `<trial workflow>:<order>:confirmation`), so the unique index
 * finds it. A suffix match (`LIKE '%…'`) read the whole outbox on every poll of the order page.
 */
function confirmationEmail(db: Db, o: { id: string; kind: string; workflow_id: string | null }) {
  const workflowId = orderWorkflowId(o.workflow_id);
  const key = o.kind === 'change' ? `${workflowId}:confirmation` : `${workflowId}:${o.id}:confirmation`;
  const q = db.selectFrom('email_outbox').select('sent_at');
  // An order without a recorded workflow (none today) falls back to the suffix match.
  return (workflowId ? q.where('idempotency_key', '=', key) : q.where('idempotency_key', 'like', o.kind === 'change' ? `%-${o.id}:confirmation` : `%:${o.id}:confirmation`)).executeTakeFirst();
}

/** The order page's view, read from the database (the source of truth the workflow writes to). */
export async function getOrder(deps: { db: Db; payments: PaymentGateway }, accountId: string, orderId: string, locale: Locale = 'en'): Promise<OrderView> {
  const { db } = deps;
  const o = await db.selectFrom('orders').selectAll().where('id', '=', orderId).where('account_id', '=', accountId).executeTakeFirst();
  if (!o) throw userError('NOT_FOUND', 'errors.order.notFound');
  // The rest at once: each read needs only the order, and a polled order page asks several times a second.
  const [lines, pay, inv, mail, creditNote] = await Promise.all([
    db
      .selectFrom('order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
      .select(['l.kind', 'l.subscription_id', 'p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.plan_amount', 'l.credit_amount', 'l.period_start', 'l.period_end'])
      .where('l.order_id', '=', orderId)
      .orderBy('l.id')
      .execute(),
    db
      .selectFrom('payments as p')
      .select((eb) => [
        'p.status',
        'p.failure_message',
        'p.stripe_payment_intent_id',
        'p.card_brand',
        'p.card_last4',
        eb.fn.coalesce(eb.selectFrom('refunds as r').select((e) => e.fn.sum<bigint>('r.amount').as('s')).whereRef('r.payment_id', '=', 'p.id'), eb.lit(0)).as('refunded'),
      ])
      .where('p.order_id', '=', orderId)
      .where('p.step', '=', 'charge')
      .executeTakeFirst(),
    db.selectFrom('invoices').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst(),
    confirmationEmail(db, o),
    // A net-negative change order, or a net-negative BC-5 cart, is documented by a credit note.
    db.selectFrom('credit_notes').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst(),
  ]);
  const cardText = cardLabel(pay?.card_brand, pay?.card_last4);
  let clientSecret: string | null = null;
  if (pay?.status === 'requires_action' && pay.stripe_payment_intent_id && o.status === 'awaiting_payment') {
    // Only the account's own billing admin reaches this; the secret lets Stripe.js run 3-D Secure.
    clientSecret = (await deps.payments.getPaymentIntent(pay.stripe_payment_intent_id)).clientSecret;
  }
  return {
    id: o.id,
    kind: o.kind,
    status: o.status,
    currency: o.currency as Currency,
    subtotal: o.subtotal,
    creditApplied: o.credit_applied,
    tax: o.tax,
    total: o.total,
    taxRateBasisPoints: o.tax_rate_basis_points,
    reverseCharge: o.reverse_charge,
    vatNumber: o.vat_number,
    failureReason: renderOrderFailure(locale, o),
    createdAt: o.created_at,
    completedAt: o.completed_at,
    lines: lines.map((l) => ({ kind: l.kind, subscriptionId: l.subscription_id, productName: l.product, tierName: l.tier, seats: l.seats, frequency: l.frequency as Frequency, planAmount: l.plan_amount, creditAmount: l.credit_amount, periodStart: l.period_start, periodEnd: l.period_end })),
    creditAdded: o.subtotal < 0n ? -o.subtotal : 0n,
    payment: pay
      ? {
          status: pay.status,
          failureMessage: pay.failure_message,
          card: pay.card_last4 && cardText ? { brand: pay.card_brand, last4: pay.card_last4, label: cardText } : null,
          // Claimed refunds count once Stripe has them (the payment is then marked refunded).
          refunded: pay.status === 'refunded' ? BigInt(pay.refunded) : 0n,
          clientSecret,
        }
      : null,
    invoice: inv ? { id: inv.id, number: inv.number } : null,
    creditNote: creditNote ? { id: creditNote.id, number: creditNote.number } : null,
    emailSent: Boolean(mail?.sent_at),
    workflowId: orderWorkflowId(o.workflow_id),
  };
}

/** The order page's read: the order with its version; with `after`, it answers when the order changed from it (`readWhenChanged`). */
export function watchOrder(
  deps: { db: Db; payments: PaymentGateway; orderChanges?: OrderChanges },
  accountId: string,
  orderId: string,
  locale: Locale,
  opts: WatchOptions = {},
): Promise<OrderView & { version: string }> {
  return readWhenChanged(deps.orderChanges, orderId, () => getOrder(deps, accountId, orderId, locale), orderSettled, opts);
}

/** The page finished 3-D Secure in Stripe.js: wake the workflow now rather than waiting for the webhook. */
export async function paymentActionDone(deps: { db: Db; temporal: () => Promise<Client> }, accountId: string, orderId: string) {
  const o = await deps.db.selectFrom('orders').select(['status', 'workflow_id']).where('id', '=', orderId).where('account_id', '=', accountId).executeTakeFirst();
  if (!o) throw userError('NOT_FOUND', 'errors.order.notFound');
  const workflowId = orderWorkflowId(o.workflow_id);
  if (workflowId && (o.status === 'awaiting_payment' || o.status === 'processing')) await nudgeOrderPayment(await deps.temporal(), workflowId, orderId);
  return { ok: true };
}

export async function listOrders(db: Db, accountId: string) {
  return db.selectFrom('orders').select(['id', 'status', 'total', 'currency', 'created_at']).where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(50).execute();
}
