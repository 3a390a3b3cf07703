import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import type { Currency, Frequency, OrderStatus } from '../../db/schema';
import { notFound } from '../errors';
import type { PaymentGateway } from '../payments/stripe-gateway';
import { nudgeOrderPayment } from '../temporal/starters';
import { orderWorkflowId } from './checkout';

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
  failureReason: string | null;
  createdAt: Date;
  completedAt: Date | null;
  lines: Array<{ subscriptionId: string | null; productName: string; tierName: string; seats: number; frequency: Frequency; planAmount: bigint; periodStart: Date | null; periodEnd: Date | null }>;
  payment: null | { status: string; failureMessage: string | null; cardLast4: string | null; clientSecret: string | null };
  invoice: null | { id: string; number: string };
  /** A net-negative change is documented by a credit note instead of an invoice. */
  creditNote: null | { id: string; number: string };
  emailSent: boolean;
  workflowId: string | null;
}

/** The order page's view, read from the database (the source of truth the workflow writes to). */
export async function getOrder(deps: { db: Db; payments: PaymentGateway }, accountId: string, orderId: string): Promise<OrderView> {
  const { db } = deps;
  const o = await db.selectFrom('orders').selectAll().where('id', '=', orderId).where('account_id', '=', accountId).executeTakeFirst();
  if (!o) throw notFound('Order not found.');
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
    .select(['l.subscription_id', 'p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.plan_amount', 'l.period_start', 'l.period_end'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const pay = await db.selectFrom('payments').select(['status', 'failure_message', 'stripe_payment_intent_id']).where('order_id', '=', orderId).where('step', '=', 'charge').executeTakeFirst();
  const card = await db.selectFrom('payment_methods').select('card_last4').where('account_id', '=', accountId).where('is_default', '=', true).executeTakeFirst();
  const inv = await db.selectFrom('invoices').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst();
  const mail = await db.selectFrom('email_outbox').select('sent_at').where('idempotency_key', 'like', o.kind === 'change' ? `%-${orderId}:confirmation` : `%:${orderId}:confirmation`).executeTakeFirst();
  const creditNote = o.kind === 'change' ? await db.selectFrom('credit_notes').select(['id', 'number']).where('order_id', '=', orderId).executeTakeFirst() : undefined;
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
    failureReason: o.failure_reason,
    createdAt: o.created_at,
    completedAt: o.completed_at,
    lines: lines.map((l) => ({ subscriptionId: l.subscription_id, productName: l.product, tierName: l.tier, seats: l.seats, frequency: l.frequency as Frequency, planAmount: l.plan_amount, periodStart: l.period_start, periodEnd: l.period_end })),
    payment: pay ? { status: pay.status, failureMessage: pay.failure_message, cardLast4: card?.card_last4 ?? null, clientSecret } : null,
    invoice: inv ? { id: inv.id, number: inv.number } : null,
    creditNote: creditNote ? { id: creditNote.id, number: creditNote.number } : null,
    emailSent: Boolean(mail?.sent_at),
    workflowId: orderWorkflowId(o.workflow_id),
  };
}

/** The page finished 3-D Secure in Stripe.js: wake the workflow now rather than waiting for the webhook. */
export async function paymentActionDone(deps: { db: Db; temporal: () => Promise<Client> }, accountId: string, orderId: string) {
  const o = await deps.db.selectFrom('orders').select(['status', 'workflow_id']).where('id', '=', orderId).where('account_id', '=', accountId).executeTakeFirst();
  if (!o) throw notFound('Order not found.');
  const workflowId = orderWorkflowId(o.workflow_id);
  if (workflowId && (o.status === 'awaiting_payment' || o.status === 'processing')) await nudgeOrderPayment(await deps.temporal(), workflowId, orderId);
  return { ok: true };
}

export async function listOrders(db: Db, accountId: string) {
  return db.selectFrom('orders').select(['id', 'status', 'total', 'currency', 'created_at']).where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(50).execute();
}
