import { readWhenChanged, type OrderChanges, type WatchOptions } from './order-changes';
import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { workflowIds } from '../../workflows/shared';
import type { PortalUser } from '../auth/principals';
import { env } from '../env';
import { userError } from '../errors';
import type { Locale } from '../i18n/locale';
import { renderUserMessage } from '../i18n/user-message';
import { writeOrder } from '../orders/write';
import { cardLabel } from '../payments/card-label';
import type { PaymentGateway } from '../payments/stripe-gateway';
import { nudgeOrderPayment, requestPaymentRetry } from '../temporal/starters';
import { assertCanAddSeats, automaticPaymentMethod } from './add-seats';
import { audit } from './audit';
import type { ServiceDeps } from './deps';
import { deliverOrder } from './order-delivery';
import { repairEachRow, type ReconcileRowFailure } from './reconcile-rows';
import { decideQuote, tellQuoteWorkflow } from './quotes/lifecycle';
import { loadQuote, quoteLineDescription, type QuoteView } from './quotes/view';

// CP-10 / CP-4 Accetta: the service order of an open quote. "Completa il pagamento" opens its review
// (Contatto per amministratori, Metodo di pagamento, Indirizzo di fatturazione); "Salva e procedi
// all'ordine del servizio" saves it as a draft; "Dettagli ordine di servizio" shows it; "Effettua
// ordine di servizio" places it (the quote is accepted then) and WF-3 fulfils it.

export interface AdminContactInput {
  /** An existing user of the account to make (or keep) an admin, or null for a new admin. */
  userId: string | null;
  name: string;
  email: string;
}

export interface BillingAddressInput {
  street: string;
  city: string;
  postcode: string;
  region: string | null;
}

/** The open quote of the contact's account, locked; NOT_FOUND for another account's, CONFLICT when no longer open. */
async function lockOpenQuote(trx: Trx, user: PortalUser, quoteId: string, at: Date) {
  const q = await trx.selectFrom('quotes').select(['id', 'account_id', 'status', 'expires_at']).where('id', '=', quoteId).forUpdate().executeTakeFirst();
  if (!q || q.account_id !== user.accountId || q.status === 'draft') throw userError('NOT_FOUND', 'errors.quote.notFound');
  if (q.status !== 'pending') throw userError('CONFLICT', 'errors.quote.notOpen');
  if (q.expires_at.getTime() <= at.getTime()) throw userError('CONFLICT', 'errors.quote.expired');
  return q;
}

/** Completa il pagamento: what the review shows — the quote, the account's users who can be the admin, its card and address, and a draft already saved. */
export async function serviceOrderCheckout(deps: { db: Db; now: () => Date }, user: PortalUser, quoteId: string) {
  const quote = await loadQuote(deps.db, quoteId);
  if (!quote || quote.accountId !== user.accountId || quote.status === 'draft') throw userError('NOT_FOUND', 'errors.quote.notFound');
  await assertCanAddSeats(deps.db, user.accountId);
  const users = await deps.db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('account_id', '=', user.accountId).where('disabled_at', 'is', null).orderBy('name').execute();
  const account = await deps.db.selectFrom('accounts').select(['billing_street', 'billing_city', 'billing_postcode', 'billing_region', 'country']).where('id', '=', user.accountId).executeTakeFirstOrThrow();
  const draft = await deps.db.selectFrom('service_orders').selectAll().where('quote_id', '=', quoteId).executeTakeFirst();
  const card = await automaticPaymentMethod(deps.db, user.accountId);
  return {
    quote,
    admins: users.map((u) => ({ id: u.id, name: u.name, email: u.email, isAdmin: u.role === 'account_admin' })),
    card: card && { brand: card.card_brand, last4: card.card_last4, expMonth: card.card_exp_month, expYear: card.card_exp_year },
    billingAddress: { street: account.billing_street, city: account.billing_city, postcode: account.billing_postcode, region: account.billing_region, country: account.country },
    serviceOrder: draft ? { id: draft.id, status: draft.status, adminUserId: draft.admin_user_id, adminName: draft.admin_contact_name, adminEmail: draft.admin_contact_email } : null,
  };
}

/**
 * Salva e procedi all'ordine del servizio: the review saved as the quote's draft service order (one
 * per quote) — the admin contact to create or update, the card it will charge, the billing address
 * (written to the account, as Bill To → Edit would: not the country). Nothing is charged or provisioned yet.
 */
export async function saveServiceOrderDraft(deps: { db: Db; now: () => Date }, user: PortalUser, input: { quoteId: string; admin: AdminContactInput; billingAddress: BillingAddressInput }) {
  const now = deps.now();
  const email = input.admin.email.trim().toLowerCase();
  return deps.db.transaction().execute(async (trx) => {
    await lockOpenQuote(trx, user, input.quoteId, now);
    await assertCanAddSeats(trx, user.accountId);
    const card = (await automaticPaymentMethod(trx, user.accountId))!;
    let adminUserId: string | null = null;
    const sameEmail = await trx.selectFrom('users').select(['id', 'account_id']).where('email', '=', email).executeTakeFirst();
    if (input.admin.userId) {
      const existing = await trx.selectFrom('users').select(['id', 'email']).where('id', '=', input.admin.userId).where('account_id', '=', user.accountId).executeTakeFirst();
      if (!existing) throw userError('BAD_REQUEST', 'errors.addSeats.adminNotFound');
      if (sameEmail && sameEmail.id !== existing.id) throw userError('CONFLICT', 'errors.addSeats.adminEmailTaken');
      adminUserId = existing.id;
    } else if (sameEmail) {
      // The email of a person of this account: that person is updated, not created twice.
      if (sameEmail.account_id !== user.accountId) throw userError('CONFLICT', 'errors.addSeats.adminEmailTaken');
      adminUserId = sameEmail.id;
    }
    const values = {
      admin_action: adminUserId ? ('update' as const) : ('create' as const),
      admin_user_id: adminUserId,
      admin_contact_name: input.admin.name.trim(),
      admin_contact_email: email,
      payment_method_id: card.id,
      billing_address: { street: input.billingAddress.street, city: input.billingAddress.city, postcode: input.billingAddress.postcode, region: input.billingAddress.region },
    };
    const existing = await trx.selectFrom('service_orders').select(['id', 'status']).where('quote_id', '=', input.quoteId).forUpdate().executeTakeFirst();
    let id: string;
    if (existing) {
      if (existing.status !== 'draft') throw userError('CONFLICT', 'errors.serviceOrder.alreadyPlaced');
      id = existing.id;
      await trx.updateTable('service_orders').set(values).where('id', '=', id).execute();
    } else {
      id = newId('so');
      await trx.insertInto('service_orders').values({ id, account_id: user.accountId, quote_id: input.quoteId, status: 'draft', ...values }).execute();
    }
    await trx
      .updateTable('accounts')
      .set({ billing_street: input.billingAddress.street, billing_city: input.billingAddress.city, billing_postcode: input.billingAddress.postcode, billing_region: input.billingAddress.region })
      .where('id', '=', user.accountId)
      .execute();
    await audit(trx, { actor: { realm: 'portal', id: user.credentialId }, accountId: user.accountId, action: 'service_order.saved', subjectId: id, data: { quoteId: input.quoteId, admin: values.admin_action } });
    return { serviceOrderId: id };
  });
}

/** Dettagli ordine di servizio, and its progress once placed: the steps as the workflow wrote them. */
export async function getServiceOrder(deps: { db: Db; payments: PaymentGateway }, user: PortalUser, serviceOrderId: string, locale: Locale = 'en') {
  const { db } = deps;
  const so = await db.selectFrom('service_orders').selectAll().where('id', '=', serviceOrderId).executeTakeFirst();
  if (!so || so.account_id !== user.accountId) throw userError('NOT_FOUND', 'errors.serviceOrder.notFound');
  const quote = (await loadQuote(db, so.quote_id))!;
  const card = so.payment_method_id
    ? await db.selectFrom('payment_methods').select(['card_brand', 'card_last4']).where('id', '=', so.payment_method_id).executeTakeFirst()
    : undefined;
  const provisions = await db
    .selectFrom('service_order_provisions as p')
    .innerJoin('products as pr', 'pr.id', 'p.product_id')
    .select(['p.product_id', 'pr.name as product_name', 'p.seats', 'p.status', 'p.attempts', 'p.applied_at', 'p.rolled_back_at'])
    .where('p.service_order_id', '=', so.id)
    .orderBy('pr.sort')
    .execute();
  // The order's invoice, issued by its fulfilment.
  const invoice = so.order_id ? await db.selectFrom('invoices').select(['id', 'number', 'due_at', 'purchase_order_number']).where('order_id', '=', so.order_id).executeTakeFirst() : undefined;
  const receipt = await db.selectFrom('email_outbox').select(['sent_at']).where('idempotency_key', '=', `service-order-${so.id}:receipt`).executeTakeFirst();
  // The latest payment attempt; while it waits for 3-D Secure the page runs it with the intent's client secret.
  const pay = so.order_id
    ? await db.selectFrom('payments').select(['status', 'card_brand', 'card_last4', 'stripe_payment_intent_id', 'failure_message', 'step']).where('order_id', '=', so.order_id).orderBy('created_at', 'desc').executeTakeFirst()
    : undefined;
  const clientSecret = pay?.status === 'requires_action' && pay.stripe_payment_intent_id ? (await deps.payments.getPaymentIntent(pay.stripe_payment_intent_id)).clientSecret : null;
  return {
    id: so.id,
    status: so.status,
    quote,
    admin: so.admin_action ? { action: so.admin_action, name: so.admin_contact_name!, email: so.admin_contact_email! } : null,
    card: card ? { brand: card.card_brand, last4: card.card_last4 } : null,
    billingAddress: so.billing_address,
    placedAt: so.placed_at,
    slaDueAt: so.sla_due_at,
    slaBreachedAt: so.sla_breached_at,
    paymentDueAt: so.payment_due_at,
    paidAt: so.paid_at,
    provisionedAt: so.provisioned_at,
    completedAt: so.completed_at,
    compensatedAt: so.compensated_at,
    // In the reader's language when stored by key (the English text stays for operations).
    failureReason: so.failure_key ? renderUserMessage(locale, { key: so.failure_key, params: (so.failure_params ?? undefined) as Record<string, string> | undefined }) : so.failure_reason,
    provisions: provisions.map((p) => ({ productId: p.product_id, productName: p.product_name, seats: p.seats, status: p.status, attempts: p.attempts, appliedAt: p.applied_at, rolledBackAt: p.rolled_back_at })),
    invoice: invoice ? { id: invoice.id, number: invoice.number, dueAt: invoice.due_at, purchaseOrderNumber: invoice.purchase_order_number } : null,
    receiptSent: Boolean(receipt?.sent_at),
    payment: pay ? { status: pay.status, step: pay.step, card: cardLabel(pay.card_brand, pay.card_last4), failureMessage: pay.failure_message, clientSecret } : null,
  };
}

const SERVICE_ORDER_ENDS = ['completed', 'failed', 'compensated'];

/**
 * The service order page's read: the service order with its version; with `after` (the version the
 * page shows) it answers when the service order changed from it (`readWhenChanged`), told by the
 * order that carries its money (0054). A draft has no order, and nothing changes it on its own: it is
 * read once. Settled: ended (a completed one once its receipt went out).
 */
export async function watchServiceOrder(deps: { db: Db; payments: PaymentGateway; orderChanges?: OrderChanges }, user: PortalUser, serviceOrderId: string, locale: Locale, opts: WatchOptions) {
  const carrier = opts.after
    ? await deps.db.selectFrom('service_orders').select('order_id').where('id', '=', serviceOrderId).where('account_id', '=', user.accountId).executeTakeFirst()
    : undefined;
  const settled = (so: { status: string; receiptSent: boolean }) => so.status === 'draft' || (SERVICE_ORDER_ENDS.includes(so.status) && (so.status !== 'completed' || so.receiptSent));
  return readWhenChanged(carrier?.order_id ? deps.orderChanges : undefined, carrier?.order_id ?? '', () => getServiceOrder(deps, user, serviceOrderId, locale), settled, opts);
}

export type PlaceDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'taskQueue' | 'now'>;

/**
 * Effettua ordine di servizio: in one transaction the quote is accepted (it must still be open and
 * unexpired, and the account still allowed to add seats), the order that carries the money is written
 * (its amounts are the quote's), and the service order is placed with its 24-hour promise; WF-3 starts
 * after the commit (order-delivery.ts). Placing twice answers with the same order; a start lost after the
 * commit is redone by `ensureServiceOrderWorkflows`.
 */
export async function placeServiceOrder(deps: PlaceDeps, user: PortalUser, input: { serviceOrderId: string }) {
  const now = deps.now();
  const placed = await deps.db.transaction().execute(async (trx) => {
    const so = await trx.selectFrom('service_orders').selectAll().where('id', '=', input.serviceOrderId).forUpdate().executeTakeFirst();
    if (!so || so.account_id !== user.accountId) throw userError('NOT_FOUND', 'errors.serviceOrder.notFound');
    if (so.status !== 'draft') return { so, fresh: false };
    if (!so.admin_action || !so.payment_method_id) throw userError('CONFLICT', 'errors.serviceOrder.notReady');
    await lockOpenQuote(trx, user, so.quote_id, now);
    await assertCanAddSeats(trx, user.accountId);
    const quote = (await loadQuote(trx, so.quote_id))!;
    const account = await trx.selectFrom('accounts').select(['vat_number']).where('id', '=', user.accountId).executeTakeFirstOrThrow();
    const orderId = await writeServiceOrderOrder(trx, { serviceOrderId: so.id, accountId: user.accountId, placedByUserId: user.userId, vatNumber: account.vat_number, quote, at: now });
    await decideQuote(trx, { quoteId: quote.id, to: 'accepted', at: now, actor: { realm: 'portal', id: user.credentialId } });
    const row = await trx
      .updateTable('service_orders')
      .set({ status: 'placed', placed_at: now, order_id: orderId, workflow_id: workflowIds.serviceOrder(so.id), sla_due_at: new Date(now.getTime() + env().SERVICE_ORDER_SLA_HOURS * 3_600_000) })
      .where('id', '=', so.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { actor: { realm: 'portal', id: user.credentialId }, accountId: user.accountId, action: 'service_order.placed', subjectId: so.id, data: { quoteId: quote.id, orderId, total: quote.total.toString() } });
    return { so: row, fresh: true };
  });
  if (placed.fresh) await tellQuoteWorkflow(deps, { quoteId: placed.so.quote_id, status: 'accepted' });
  // Like every order kind's Place order: the committed order goes to its workflow (WF-3; a repeat attaches).
  if (placed.so.order_id) await deliverOrder(deps, placed.so.order_id);
  return { serviceOrderId: placed.so.id, status: placed.so.status };
}

/** The idempotency key of a service order's order: the service order's own, so a service order never has two orders. */
export const serviceOrderIdempotencyKey = (serviceOrderId: string) => `service-order:${serviceOrderId}`;

/**
 * The order that carries a service order's money, written by the order core: one `seat_addition` line
 * per product of the quote — on the account's subscription of the product, co-termed or a new annual
 * term, prorated exactly as the quote priced it (its figures are the order's: the ones the contact
 * accepted) — the quote's PO, and an invoice due on issue (the card pays it). Its idempotency key is
 * the service order's, so a service order never has two orders.
 */
async function writeServiceOrderOrder(trx: Trx, input: { serviceOrderId: string; accountId: string; placedByUserId: string; vatNumber: string | null; quote: QuoteView; at: Date }): Promise<string> {
  const { quote } = input;
  const subs = await trx.selectFrom('subscriptions').select(['id', 'product_id']).where('account_id', '=', input.accountId).where('status', '=', 'active').execute();
  const { orderId } = await writeOrder(trx, {
    accountId: input.accountId,
    kind: 'service_order',
    currency: quote.currency,
    lines: quote.lines.map((l) => ({
      kind: 'seat_addition' as const,
      subscriptionId: subs.find((s) => s.product_id === l.productId)?.id ?? null,
      productId: l.productId,
      tierId: l.tierId,
      seats: l.seats,
      frequency: 'annual' as const,
      periodStart: l.termStart,
      periodEnd: l.termEnd,
      planAmount: l.amount,
      unitAmount: l.unitAmount,
      description: quoteLineDescription(l),
    })),
    creditApplied: 0n,
    tax: quote.tax,
    total: quote.total,
    taxRateBasisPoints: quote.taxRateBasisPoints,
    reverseCharge: quote.reverseCharge,
    vatNumber: input.vatNumber,
    idempotencyKey: serviceOrderIdempotencyKey(input.serviceOrderId),
    workflowId: () => workflowIds.serviceOrder(input.serviceOrderId),
    placedByUserId: input.placedByUserId,
    at: input.at,
    creditNote: 'Credit balance used for a service order',
    purchaseOrderNumber: quote.purchaseOrderNumber,
    invoiceDueDays: 0,
  });
  return orderId;
}

/** After a decline: the contact updated the card (Payment method tab) and pays again — a new payment attempt of WF-3. */
export async function retryServiceOrderPayment(deps: PlaceDeps, user: PortalUser, input: { serviceOrderId: string }) {
  const so = await deps.db.selectFrom('service_orders').select(['id', 'account_id', 'status', 'order_id', 'workflow_id']).where('id', '=', input.serviceOrderId).executeTakeFirst();
  if (!so || so.account_id !== user.accountId) throw userError('NOT_FOUND', 'errors.serviceOrder.notFound');
  if (so.status !== 'awaiting_payment' || !so.order_id || !so.workflow_id) throw userError('CONFLICT', 'errors.serviceOrder.notAwaitingPayment');
  await assertCanAddSeats(deps.db, user.accountId);
  // Each attempt is one payment row: the next attempt's number (a repeated click asks for the same one).
  const attempts = await deps.db.selectFrom('payments').select((eb) => eb.fn.countAll<string>().as('n')).where('order_id', '=', so.order_id).executeTakeFirstOrThrow();
  await requestPaymentRetry(await deps.temporal(), so.workflow_id, so.order_id, Number(attempts.n) + 1);
  return { serviceOrderId: so.id };
}

/** 3-D Secure finished in the page: wake the workflow (the Stripe webhook does too; either is enough). */
export async function serviceOrderPaymentActionDone(deps: PlaceDeps, user: PortalUser, input: { serviceOrderId: string }) {
  const so = await deps.db.selectFrom('service_orders').select(['id', 'account_id', 'order_id', 'workflow_id']).where('id', '=', input.serviceOrderId).executeTakeFirst();
  if (!so || so.account_id !== user.accountId) throw userError('NOT_FOUND', 'errors.serviceOrder.notFound');
  if (so.order_id && so.workflow_id) await nudgeOrderPayment(await deps.temporal(), so.workflow_id, so.order_id);
  return { serviceOrderId: so.id };
}

/** WF-3 recovery: every placed service order whose order is still open gets its workflow (attached to when it runs). */
export async function ensureServiceOrderWorkflows(deps: Omit<PlaceDeps, 'now'>): Promise<{ delivered: number; failed: ReconcileRowFailure[] }> {
  const open = await deps.db.selectFrom('service_orders').select('order_id').where('status', 'in', ['placed', 'awaiting_payment', 'provisioning']).where('order_id', 'is not', null).execute();
  const failed = await repairEachRow('serviceOrders', open, (so) => so.order_id!, (so) => deliverOrder(deps, so.order_id!));
  return { delivered: open.length - failed.length, failed };
}
