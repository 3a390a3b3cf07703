import type { Db } from '../../../db/client';
import { isCheckViolation, isUniqueViolation } from '../../../db/client';
import type { Currency } from '../../../db/schema';
import { workflowIds, type ChangePaymentOutcome } from '../../../workflows/shared';
import type { PortalUser } from '../../auth/principals';
import { amountProblem, canPayByCard, paymentRange, type PaymentRange } from '../../billing/invoice-payment';
import { formatMoney } from '../../billing/money';
import { invoiceState } from '../../billing/invoice-state';
import { AppError, userError } from '../../errors';
import type { Locale } from '../../i18n/locale';
import { WorkflowNotFoundError } from '@temporalio/client';
import { renderOrderFailure, userMessage } from '../../i18n/user-message';
import { endUnfulfilledOrder } from '../../orders/undo';
import { invoicePaymentFigures } from '../../invoices/payments';
import { writeOrder } from '../../orders/write';
import { cardLabel } from '../../payments/card-label';
import { submitInvoicePayment } from '../../temporal/starters';
import type { ServiceDeps } from '../deps';
import { acceptCard } from '../payment-methods';
import { submitToWorkflow } from '../order-delivery';
import { audit } from '../audit';
import { repairEachRow, type ReconcileRowFailure } from '../reconcile-rows';

// CP-6 / WF-5: a corporate billing contact pays an invoice, in full or in part, by card — an
// `invoice_payment` order on the one order core, processed by its WF-5 workflow.

type PayDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'now' | 'payments' | 'taskQueue'>;

export interface InvoicePaymentView {
  invoiceId: string;
  number: string;
  currency: Currency;
  total: bigint;
  amountPaid: bigint;
  range: PaymentRange;
  state: ReturnType<typeof invoiceState>;
  /** A card can pay something now. */
  payable: boolean;
  /** The account's saved card ("Visa •••• 4242"), which the payment uses unless a new card is given. */
  savedCard: string | null;
}

async function savedCard(db: Db, accountId: string) {
  return db
    .selectFrom('payment_methods')
    .select(['stripe_payment_method_id', 'card_brand', 'card_last4'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'card')
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

const notFound = () => userError('NOT_FOUND', 'errors.invoicePayment.notFound');

/** The pay page: the invoice's figures, what a card may pay now, and the saved card. Another account's invoice is not found. */
export async function invoicePaymentView(deps: Pick<PayDeps, 'db' | 'now'>, accountId: string, invoiceId: string): Promise<InvoicePaymentView> {
  const found = await invoicePaymentFigures(deps.db, accountId, invoiceId);
  if (!found) throw notFound();
  const { invoice: inv, figures } = found;
  const range = paymentRange(figures);
  const card = await savedCard(deps.db, accountId);
  return {
    invoiceId: inv.id,
    number: inv.number,
    currency: figures.currency,
    total: inv.total,
    amountPaid: inv.amount_paid,
    range,
    state: invoiceState({ status: inv.status, total: inv.total, amountPaid: inv.amount_paid, dueAt: inv.due_at }, deps.now()),
    payable: inv.status === 'open' && canPayByCard(range),
    savedCard: card ? cardLabel(card.card_brand, card.card_last4) : null,
  };
}

/** Why `amount` cannot be paid of this invoice now, as the error the contact reads. */
function refusal(inv: { number: string; status: string }, amount: bigint, range: PaymentRange, currency: Currency, locale: Locale): AppError | null {
  const fmt = (v: bigint) => formatMoney({ amount: v, currency }, locale);
  if (inv.status === 'paid' || (inv.status === 'open' && range.balance === 0n)) return userError('CONFLICT', 'errors.invoicePayment.paid', { number: inv.number }, { field: 'amount' });
  if (inv.status !== 'open') return userError('CONFLICT', 'errors.invoicePayment.notPayable', { number: inv.number });
  const problem = amountProblem(amount, range);
  if (!problem) return null;
  const params = { balance: fmt(range.balance), min: fmt(range.minimum), max: fmt(range.payable - range.minimum >= range.minimum ? range.payable - range.minimum : range.payable), left: fmt(range.payable - amount) };
  const details = { field: 'amount', reason: problem };
  switch (problem) {
    case 'aboveBalance':
      return userError('BAD_REQUEST', 'errors.invoicePayment.aboveBalance', params, details);
    case 'belowMinimum':
      return userError('BAD_REQUEST', 'errors.invoicePayment.belowMinimum', params, details);
    case 'leavesTooLittle':
      return userError('BAD_REQUEST', 'errors.invoicePayment.leavesTooLittle', params, details);
    case 'inProgress':
      return userError('CONFLICT', 'errors.invoicePayment.inProgress', { ...params, max: fmt(range.payable) }, details);
  }
}

export interface PayInvoiceInput {
  invoiceId: string;
  /** Minor units. */
  amount: bigint;
  /** A new card confirmed by Stripe Elements; null: the saved card. */
  paymentMethodId: string | null;
  idempotencyKey: string;
  locale: Locale;
  /** Tests shorten the 3-D Secure wait. */
  paymentActionTimeoutSeconds?: number;
}

export interface PaidInvoice {
  orderId: string;
  duplicate: boolean;
  payment: ChangePaymentOutcome | null;
}

/**
 * CP-6 Pay. In one transaction with the invoice locked: the amount checked against what is left of the
 * balance (payments recorded or in flight and open invoice-payment orders: the same measure the
 * database's guard checks, so two payments racing for one balance serialize and the second is refused
 * before any charge), then the order with its one `invoice_payment` line and its idempotency key. After
 * commit its WF-5 workflow starts and answers with the payment's outcome. The same idempotency key
 * answers with the same order (and hands it to its workflow again, in case the first request never did).
 */
export async function payInvoice(deps: PayDeps, portalUser: PortalUser, input: PayInvoiceInput): Promise<PaidInvoice> {
  const { db } = deps;
  const accountId = portalUser.accountId;
  const prior = await db.selectFrom('orders as o').innerJoin('order_lines as l', 'l.order_id', 'o.id').select(['o.id', 'o.status', 'o.account_id', 'l.invoice_id']).where('o.idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
  if (prior) {
    if (prior.account_id !== accountId || prior.invoice_id !== input.invoiceId) throw userError('CONFLICT', 'errors.request.reused');
    return { orderId: prior.id, duplicate: true, payment: await redeliver(deps, prior.id, accountId, input) };
  }
  // Checked before anything is written (and again under the lock below): a clear answer, nothing charged.
  const first = await invoicePaymentFigures(db, accountId, input.invoiceId);
  if (!first) throw notFound();
  const early = refusal(first.invoice, input.amount, paymentRange(first.figures), first.figures.currency, input.locale);
  if (early) throw early;
  let paymentMethodId = input.paymentMethodId;
  if (paymentMethodId) {
    await acceptCard(deps, accountId, paymentMethodId);
  } else {
    const saved = await savedCard(db, accountId);
    if (!saved?.stripe_payment_method_id) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
    paymentMethodId = saved.stripe_payment_method_id;
  }
  const now = deps.now();
  let orderId: string;
  try {
    orderId = await db.transaction().execute(async (trx) => {
      const locked = await invoicePaymentFigures(trx, accountId, input.invoiceId, { lock: true });
      if (!locked) throw notFound();
      const problem = refusal(locked.invoice, input.amount, paymentRange(locked.figures), locked.figures.currency, input.locale);
      if (problem) throw problem;
      const { orderId } = await writeOrder(trx, {
        accountId,
        kind: 'invoice_payment',
        currency: locked.figures.currency,
        lines: [{ kind: 'invoice_payment', invoiceId: input.invoiceId, planAmount: input.amount, description: `Payment of invoice ${locked.invoice.number}` }],
        creditApplied: 0n,
        tax: 0n,
        total: input.amount,
        taxRateBasisPoints: 0,
        reverseCharge: false,
        vatNumber: null,
        idempotencyKey: input.idempotencyKey,
        workflowId: workflowIds.invoicePayment,
        placedByUserId: portalUser.userId,
        at: now,
        creditNote: `Payment of invoice ${locked.invoice.number}`,
      });
      await audit(trx, { actor: { realm: 'portal', id: portalUser.credentialId }, accountId, action: 'portal.invoice_payment_started', subjectId: input.invoiceId, data: { order: orderId, amount: input.amount.toString() } });
      return orderId;
    });
  } catch (err) {
    const twin = await db.selectFrom('orders').select('id').where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (twin || isUniqueViolation(err, 'orders_idempotency_key_key')) return payInvoice(deps, portalUser, input);
    // The database's guard (0032): another payment took the balance between our check and the insert.
    if (isCheckViolation(err, 'payments_within_invoice_total') || isCheckViolation(err, 'order_lines_invoice_open')) {
      const again = await invoicePaymentFigures(db, accountId, input.invoiceId);
      throw (again && refusal(again.invoice, input.amount, paymentRange(again.figures), again.figures.currency, input.locale)) ?? userError('CONFLICT', 'errors.invoicePayment.inProgress', { max: '0' });
    }
    throw err;
  }
  const payment = await deliver(deps, orderId, { accountId, invoiceId: input.invoiceId, paymentMethodId, paymentActionTimeoutSeconds: input.paymentActionTimeoutSeconds });
  return { orderId, duplicate: false, payment };
}

function deliver(deps: PayDeps, orderId: string, x: { accountId: string; invoiceId: string; paymentMethodId: string; paymentActionTimeoutSeconds?: number }) {
  return submitToWorkflow(deps, orderId, async () => submitInvoicePayment(await deps.temporal(), deps.taskQueue, { orderId, ...x }));
}

/** A repeated request: an order still open is handed to its workflow again (attaching when it runs). */
async function redeliver(deps: PayDeps, orderId: string, accountId: string, input: PayInvoiceInput) {
  const o = await deps.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
  if (o.status !== 'pending' && o.status !== 'processing' && o.status !== 'awaiting_payment') return null;
  const paymentMethodId = input.paymentMethodId ?? (await savedCard(deps.db, accountId))?.stripe_payment_method_id ?? null;
  if (!paymentMethodId) return null;
  try {
    return await deliver(deps, orderId, { accountId, invoiceId: input.invoiceId, paymentMethodId, paymentActionTimeoutSeconds: input.paymentActionTimeoutSeconds });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return null; // Temporal still away: the order stays as it is, the page shows it in progress.
  }
}

export interface InvoicePaymentProgress {
  orderId: string;
  invoiceId: string;
  status: string;
  amount: bigint;
  currency: Currency;
  /** Stripe.js runs 3-D Secure with it while the payment waits for the contact. */
  clientSecret: string | null;
  failureReason: string | null;
  refunded: boolean;
  /** The receipt's figures once the payment is recorded. */
  receipt: null | { balance: bigint; paidToDate: bigint; card: string | null };
  emailSent: boolean;
}

/** The pay page polls this while WF-5 works (read from the database the workflow writes to). */
export async function invoicePaymentProgress(deps: Pick<PayDeps, 'db' | 'payments'>, accountId: string, orderId: string, locale: Locale): Promise<InvoicePaymentProgress> {
  const { db } = deps;
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .selectAll('o')
    .select('l.invoice_id')
    .where('o.id', '=', orderId)
    .where('o.account_id', '=', accountId)
    .where('o.kind', '=', 'invoice_payment')
    .executeTakeFirst();
  if (!o) throw userError('NOT_FOUND', 'errors.invoicePayment.orderNotFound');
  const pay = await db.selectFrom('payments').select(['status', 'stripe_payment_intent_id']).where('order_id', '=', orderId).where('step', '=', 'charge').executeTakeFirst();
  let clientSecret: string | null = null;
  if (pay?.status === 'requires_action' && pay.stripe_payment_intent_id && o.status === 'awaiting_payment') {
    clientSecret = (await deps.payments.getPaymentIntent(pay.stripe_payment_intent_id)).clientSecret;
  }
  const r = await db.selectFrom('payment_receipts').select(['balance', 'paid_to_date', 'card_brand', 'card_last4']).where('order_id', '=', orderId).executeTakeFirst();
  const mail = await db.selectFrom('email_outbox').select('sent_at').where('idempotency_key', '=', `${workflowIds.invoicePayment(orderId)}:receipt`).executeTakeFirst();
  return {
    orderId,
    invoiceId: o.invoice_id!,
    status: o.status,
    amount: o.total,
    currency: o.currency as Currency,
    clientSecret,
    failureReason: renderOrderFailure(locale, o),
    refunded: pay?.status === 'refunded',
    receipt: r ? { balance: r.balance, paidToDate: r.paid_to_date, card: cardLabel(r.card_brand, r.card_last4) } : null,
    emailSent: Boolean(mail?.sent_at),
  };
}

/**
 * WF-5 recovery (run with the other reconcilers after the worker is up): an invoice payment order whose
 * workflow never started — committed while Temporal was unreachable, and not retried by the contact —
 * would hold its claim on the invoice's balance for ever. Nothing was charged (only the workflow
 * charges), so it is cancelled and the balance is payable again. Orders younger than `minAgeMs` are
 * left alone: their request may still be handing them over.
 */
export async function ensureInvoicePaymentWorkflows(deps: Pick<PayDeps, 'db' | 'temporal'>, opts: { minAgeMs?: number; now?: Date } = {}): Promise<{ cancelled: number; failed: ReconcileRowFailure[] }> {
  const before = new Date((opts.now ?? new Date()).getTime() - (opts.minAgeMs ?? 60_000));
  const open = await deps.db.selectFrom('orders').select(['id', 'workflow_id']).where('kind', '=', 'invoice_payment').where('status', 'in', ['pending', 'processing', 'awaiting_payment']).where('created_at', '<', before).orderBy('created_at').execute();
  if (open.length === 0) return { cancelled: 0, failed: [] };
  const client = await deps.temporal();
  let cancelled = 0;
  const failed = await repairEachRow('invoicePayments', open, (o) => o.id, async (o) => {
    try {
      await client.workflow.getHandle(o.workflow_id ?? workflowIds.invoicePayment(o.id)).describe();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      await endUnfulfilledOrder(deps.db, o.id, 'cancelled', userMessage('errors.invoicePayment.notStarted'));
      cancelled++;
    }
  });
  return { cancelled, failed };
}
