import { sql } from 'kysely';
import type { Db } from '../../db/client';
import { UNFINISHED_ORDER_STATUSES, type OrderKind, type OrderStatus } from '../../db/schema';
import { userError } from '../errors';
import { temporalWorkflowsSearchUrl, temporalWorkflowUrl } from '../temporal/ui-link';
import { orderWorkflowId } from './order-delivery';
import { containsPattern, decodeTimeCursor, page } from './lists';

/**
 * BO-2 operations: every order of every kind in one list, read generically from `orders` (a new kind
 * of order shows up here as soon as its rows exist), and one order with everything the database knows
 * about it — lines, payments, refunds, invoices, emails, a timeline — next to its workflow in the
 * Temporal UI. Read-only: nothing here charges, refunds or changes an order.
 */

export interface OpsConfig {
  stuckAfterMinutes: number;
  temporalUiUrl: string;
  namespace: string;
}

export interface OrderFilters {
  kind?: OrderKind;
  status?: OrderStatus;
  /** An account ID, or part of an account's name. */
  account?: string;
  /** Only orders placed at least this many minutes ago. */
  minAgeMinutes?: number;
  /** Only unfinished orders older than the stuck threshold. */
  stuck?: boolean;
  cursor?: string | null;
  limit?: number;
}

const PAGE = 50;
const MINUTE = 60_000;
/** Placed before this instant and still unfinished = stuck. */
const stuckCutoff = (cfg: OpsConfig, now: Date) => new Date(now.getTime() - cfg.stuckAfterMinutes * MINUTE);
const unfinished = (status: OrderStatus) => (UNFINISHED_ORDER_STATUSES as readonly OrderStatus[]).includes(status);

export async function listOrders(db: Db, cfg: OpsConfig, now: Date, f: OrderFilters) {
  const limit = Math.min(f.limit ?? PAGE, 200);
  let q = db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .select(['o.id', 'o.kind', 'o.status', 'o.currency', 'o.total', 'o.created_at', 'o.updated_at', 'o.completed_at', 'o.workflow_id', 'o.failure_reason', 'a.id as account_id', 'a.name as account_name', 'a.kind as account_kind']);
  if (f.kind) q = q.where('o.kind', '=', f.kind);
  if (f.status) q = q.where('o.status', '=', f.status);
  const account = f.account?.trim();
  if (account) q = /^acct_[0-9A-Za-z_]+$/.test(account) ? q.where('o.account_id', '=', account) : q.where('a.name', 'ilike', containsPattern(account));
  if (f.minAgeMinutes) q = q.where('o.created_at', '<=', new Date(now.getTime() - f.minAgeMinutes * MINUTE));
  if (f.stuck) q = q.where('o.status', 'in', UNFINISHED_ORDER_STATUSES).where('o.created_at', '<=', stuckCutoff(cfg, now));
  const after = decodeTimeCursor(f.cursor);
  if (after) q = q.where((eb) => eb(eb.refTuple('o.created_at', 'o.id'), '<', eb.tuple(after.at, after.id)));
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit + 1).execute();
  const { rows: kept, nextCursor } = page(rows, limit, (r) => ({ value: r.created_at.toISOString(), id: r.id }));
  return {
    stuckAfterMinutes: cfg.stuckAfterMinutes,
    rows: kept.map((r) => {
      const ageSeconds = Math.max(0, Math.floor((now.getTime() - r.created_at.getTime()) / 1000));
      return {
        id: r.id,
        kind: r.kind,
        status: r.status,
        currency: r.currency,
        total: r.total,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        completedAt: r.completed_at,
        ageSeconds,
        stuck: unfinished(r.status) && ageSeconds >= cfg.stuckAfterMinutes * 60,
        workflowId: orderWorkflowId(r.workflow_id),
        failureReason: r.failure_reason,
        account: { id: r.account_id, name: r.account_name, kind: r.account_kind },
      };
    }),
    nextCursor,
  };
}

export type TimelineEvent = { at: Date; event: string; detail: string | null };

export async function getOpsOrder(db: Db, cfg: OpsConfig, now: Date, orderId: string) {
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('users as u', 'u.id', 'o.placed_by_user_id')
    .selectAll('o')
    .select(['a.name as account_name', 'a.kind as account_kind', 'u.email as placed_by_email'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!o) throw userError('NOT_FOUND', 'errors.ops.orderNotFound');
  const [lines, payments, serviceOrder, creditNotes, credit, auditRows] = await Promise.all([
    // Every kind of line: a plan line names a product and tier, an invoice payment line only its invoice.
    db
      .selectFrom('order_lines as l')
      .leftJoin('products as p', 'p.id', 'l.product_id')
      .leftJoin('plan_tiers as t', 't.id', 'l.tier_id')
      .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
      .select(['l.id', 'l.kind', 'l.subscription_id', 'p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount', 'l.description', 'l.invoice_id', 'i.number as invoice_number'])
      .where('l.order_id', '=', o.id)
      .orderBy('l.id')
      .execute(),
    db.selectFrom('payments').selectAll().where('order_id', '=', o.id).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('service_orders').select(['id', 'status', 'created_at', 'placed_at', 'completed_at', 'workflow_id', 'failure_reason', 'quote_id']).where('order_id', '=', o.id).executeTakeFirst(),
    db.selectFrom('credit_notes').select(['id', 'number', 'amount', 'currency', 'issued_at', 'reason']).where('order_id', '=', o.id).orderBy('issued_at').execute(),
    db.selectFrom('credit_ledger').select(['id', 'amount', 'currency', 'reason', 'created_at', 'note']).where('order_id', '=', o.id).orderBy('created_at').execute(),
    db.selectFrom('audit_log').select(['id', 'at', 'actor_realm', 'action', 'data']).where('subject_id', '=', o.id).orderBy('at').orderBy('id').execute(),
  ]);
  const paymentIds = payments.map((p) => p.id);
  const paidInvoiceIds = [...new Set([...payments.map((p) => p.invoice_id), ...lines.map((l) => l.invoice_id)].filter((id): id is string => Boolean(id)))];
  const [refunds, invoices] = await Promise.all([
    paymentIds.length ? db.selectFrom('refunds').selectAll().where('payment_id', 'in', paymentIds).orderBy('created_at').execute() : Promise.resolve([]),
    db
      .selectFrom('invoices')
      .select(['id', 'number', 'issued_at', 'due_at', 'total', 'amount_paid', 'status', 'currency'])
      .where((eb) => (paidInvoiceIds.length ? eb.or([eb('order_id', '=', o.id), eb('id', 'in', paidInvoiceIds)]) : eb('order_id', '=', o.id)))
      .orderBy('issued_at')
      .execute(),
  ]);
  // Emails are keyed per logical email; every key of an order's email names the order (or its service order).
  const keys = [o.id, ...(serviceOrder ? [serviceOrder.id] : [])];
  const emails = await db
    .selectFrom('email_outbox')
    .select(['id', 'idempotency_key', 'to_address', 'subject', 'template', 'attempts', 'last_error', 'sent_at', 'created_at'])
    .where((eb) => eb.or(keys.map((k) => eb('idempotency_key', 'like', containsPattern(k)))))
    .orderBy('created_at')
    .execute();

  const timeline: TimelineEvent[] = [
    { at: o.created_at, event: 'order.placed', detail: o.placed_by_email },
    ...(serviceOrder?.placed_at ? [{ at: serviceOrder.placed_at, event: 'service_order.placed', detail: serviceOrder.id }] : []),
    ...payments.flatMap((p) => [
      { at: p.created_at, event: 'payment.created', detail: `${p.step}${p.stripe_payment_intent_id ? ` · ${p.stripe_payment_intent_id}` : ''}` },
      ...(p.status !== 'pending' ? [{ at: p.updated_at, event: `payment.${p.status}`, detail: p.failure_message ?? p.step }] : []),
    ]),
    ...refunds.map((r) => ({ at: r.created_at, event: r.stripe_refund_id ? 'refund.succeeded' : 'refund.claimed', detail: r.reason })),
    ...credit.map((c) => ({ at: c.created_at, event: `credit.${c.reason}`, detail: c.note })),
    ...invoices.map((i) => ({ at: i.issued_at, event: 'invoice.issued', detail: i.number })),
    ...creditNotes.map((c) => ({ at: c.issued_at, event: 'credit_note.issued', detail: c.number })),
    ...emails.flatMap((m) => [
      { at: m.created_at, event: 'email.queued', detail: `${m.template} → ${m.to_address}` },
      ...(m.sent_at ? [{ at: m.sent_at, event: 'email.sent', detail: `${m.template} → ${m.to_address}` }] : []),
    ]),
    ...auditRows.map((a) => ({ at: a.at, event: `audit.${a.action}`, detail: a.actor_realm })),
    ...(serviceOrder?.completed_at ? [{ at: serviceOrder.completed_at, event: `service_order.${serviceOrder.status}`, detail: serviceOrder.failure_reason }] : []),
    ...(o.completed_at ? [{ at: o.completed_at, event: 'order.completed', detail: null }] : []),
    ...(!o.completed_at && !unfinished(o.status) ? [{ at: o.updated_at, event: `order.${o.status}`, detail: o.failure_reason }] : []),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const workflowId = orderWorkflowId(o.workflow_id) ?? serviceOrder?.workflow_id ?? null;
  const ageSeconds = Math.max(0, Math.floor((now.getTime() - o.created_at.getTime()) / 1000));
  return {
    id: o.id,
    kind: o.kind,
    status: o.status,
    account: { id: o.account_id, name: o.account_name, kind: o.account_kind },
    currency: o.currency,
    subtotal: o.subtotal,
    creditApplied: o.credit_applied,
    tax: o.tax,
    taxRateBasisPoints: o.tax_rate_basis_points,
    reverseCharge: o.reverse_charge,
    total: o.total,
    idempotencyKey: o.idempotency_key,
    failureReason: o.failure_reason,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    completedAt: o.completed_at,
    ageSeconds,
    stuck: unfinished(o.status) && ageSeconds >= cfg.stuckAfterMinutes * 60,
    lines: lines.map((l) => ({ id: l.id, kind: l.kind, subscriptionId: l.subscription_id, product: l.product, tier: l.tier, seats: l.seats, frequency: l.frequency, periodStart: l.period_start, periodEnd: l.period_end, planAmount: l.plan_amount, creditAmount: l.credit_amount, description: l.description, invoiceNumber: l.invoice_number })),
    payments: payments.map((p) => ({ id: p.id, step: p.step, amount: p.amount, currency: p.currency, status: p.status, stripePaymentIntentId: p.stripe_payment_intent_id, card: p.card_last4 ? `${p.card_brand ?? 'card'} •••• ${p.card_last4}` : null, failureCode: p.failure_code, failureMessage: p.failure_message, createdAt: p.created_at, updatedAt: p.updated_at, invoiceId: p.invoice_id })),
    refunds: refunds.map((r) => ({ id: r.id, paymentId: r.payment_id, amount: r.amount, stripeRefundId: r.stripe_refund_id, reason: r.reason, createdAt: r.created_at })),
    invoices: invoices.map((i) => ({ id: i.id, number: i.number, issuedAt: i.issued_at, dueAt: i.due_at, total: i.total, paid: i.amount_paid, status: i.status, currency: i.currency })),
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, amount: c.amount, currency: c.currency, issuedAt: c.issued_at, reason: c.reason })),
    emails: emails.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, template: m.template, attempts: m.attempts, lastError: m.last_error, sentAt: m.sent_at, createdAt: m.created_at })),
    serviceOrder: serviceOrder ? { id: serviceOrder.id, status: serviceOrder.status, quoteId: serviceOrder.quote_id, failureReason: serviceOrder.failure_reason } : null,
    timeline,
    workflow: workflowId
      ? {
          id: workflowId,
          namespace: cfg.namespace,
          url: temporalWorkflowUrl(cfg.temporalUiUrl, cfg.namespace, workflowId),
          accountWorkflowsUrl: temporalWorkflowsSearchUrl(cfg.temporalUiUrl, cfg.namespace, `SeatplanAccountId="${o.account_id}"`),
        }
      : null,
  };
}

/**
 * Failed and compensated orders of the last `days` days, newest first: orders that ended failed or
 * cancelled, and orders whose payment was refunded (or whose service order was compensated) whatever
 * their status — the ones operations must look at.
 */
export async function listFailures(db: Db, now: Date, days: number) {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('service_orders as so', 'so.order_id', 'o.id')
    .select((eb) => [
      'o.id', 'o.kind', 'o.status', 'o.currency', 'o.total', 'o.created_at', 'o.updated_at', 'o.failure_reason', 'o.workflow_id', 'a.id as account_id', 'a.name as account_name', 'so.status as service_order_status',
      eb
        .selectFrom('refunds as r')
        .innerJoin('payments as p', 'p.id', 'r.payment_id')
        .select(sql<bigint>`coalesce(sum(r.amount), 0)::bigint`.as('s'))
        .whereRef('p.order_id', '=', 'o.id')
        .as('refunded'),
    ])
    .where('o.updated_at', '>=', since)
    .where((eb) =>
      eb.or([
        eb('o.status', 'in', ['failed', 'cancelled']),
        eb('so.status', 'in', ['failed', 'compensated']),
        eb.exists(eb.selectFrom('refunds as r').innerJoin('payments as p', 'p.id', 'r.payment_id').select('r.id').whereRef('p.order_id', '=', 'o.id')),
      ]),
    )
    .orderBy('o.updated_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(500)
    .execute();
  return {
    since,
    rows: rows.map((r) => {
      const refunded = BigInt(r.refunded ?? 0n);
      return {
        id: r.id,
        kind: r.kind,
        status: r.status,
        currency: r.currency,
        total: r.total,
        refunded,
        compensated: refunded > 0n || r.service_order_status === 'compensated',
        failureReason: r.failure_reason,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        workflowId: orderWorkflowId(r.workflow_id),
        account: { id: r.account_id, name: r.account_name },
      };
    }),
  };
}

/** For the back-office home: how many orders are stuck now, and failures of the last day. */
export async function opsCounts(db: Db, cfg: OpsConfig, now: Date) {
  const stuck = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('status', 'in', UNFINISHED_ORDER_STATUSES)
    .where('created_at', '<=', stuckCutoff(cfg, now))
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('status', 'in', ['failed', 'cancelled'])
    .where('updated_at', '>=', new Date(now.getTime() - 86_400_000))
    .executeTakeFirstOrThrow();
  return { stuck: Number(stuck.n), failedLastDay: Number(failed.n), stuckAfterMinutes: cfg.stuckAfterMinutes };
}
