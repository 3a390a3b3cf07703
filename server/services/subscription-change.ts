import { createHmac, timingSafeEqual } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Db, DbOrTrx } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import { creditBalance } from '../../db/credit';
import { newId } from '../../db/ids';
import type { Currency, Frequency } from '../../db/schema';
import { workflowIds, type ChangePaymentOutcome } from '../../workflows/shared';
import { classifyTierChange, decideTax, findUnitPrice, money, prorateChange, subscriptionPrice, type TierChange } from '../billing';
import { AppError, userError } from '../errors';
import { workflowRefusal } from '../i18n/user-message';
import type { PaymentGateway } from '../payments/stripe-gateway';
import { resumeSubscriptionChange, submitSubscriptionChange } from '../temporal/starters';
import { acceptCard, cancelRefusedOrder, saveCard } from './checkout';
import { billingErrorToAppError, loadPriceBook, loadTaxRates } from './checkout-quote';

// BC-4 / WF-2: modify an active subscription. `quoteChange` is THE pricing of a change — the order
// summary (preview), the order's transaction and therefore the workflow's charge all come from it, and
// it only calls the pure `prorateChange`.

export const MAX_CHANGE_SEATS = 1000;
/** How long a previewed quote can be placed as shown (its change time is the preview's). */
export const QUOTE_TTL_MS = 15 * 60 * 1000;

export interface ChangeTarget {
  tierId: string;
  seats: number;
  frequency: Frequency;
}

export interface ChangeQuote {
  subscriptionId: string;
  productId: string;
  productName: string;
  currency: Currency;
  current: { tierId: string; tierName: string; seats: number; frequency: Frequency; periodStart: Date; periodEnd: Date; version: number };
  target: ChangeTarget & { tierName: string; unitAmount: bigint };
  tierChange: TierChange;
  /** The change time: the new billing period starts here. */
  at: Date;
  periodStart: Date;
  periodEnd: Date;
  planCost: bigint;
  unusedCredit: bigint;
  creditBalance: bigint;
  creditApplied: bigint;
  netDue: bigint;
  tax: bigint;
  total: bigint;
  creditBalanceAfter: bigint;
  /** max(0, C − N): what a net-negative change adds to the credit balance. */
  creditAdded: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  taxNote: string | null;
  vatNumber: string | null;
}

export interface ChangeFormView {
  subscriptionId: string;
  productName: string;
  currency: Currency;
  current: { tierId: string; seats: number; frequency: Frequency; periodEnd: Date | null };
  assignedSeats: number;
  tiers: Array<{ id: string; name: string; rank: number; unitAmount: { monthly: bigint | null; annual: bigint | null }; lower: boolean }>;
  creditBalance: bigint;
  /** Items already in the open cart: the button then reads "Add to cart" (seed 002 note). */
  cartItems: number;
  changeInProgress: string | null;
}


function normalizeVat(v: string | null | undefined): string | null {
  return v?.trim() ? v.trim().toUpperCase().replace(/\s+/g, '') : null;
}

async function openChangeOrder(db: DbOrTrx, subscriptionId: string) {
  const row = await db.selectFrom('order_lines').select('order_id').where('subscription_id', '=', subscriptionId).where('change_in_flight', '=', true).executeTakeFirst();
  return row?.order_id ?? null;
}

export const changeInProgress = (orderId: string | null) =>
  userError('CONFLICT', 'errors.change.inProgress', {}, { reason: 'change_in_progress', orderId });

async function loadSubscription(db: DbOrTrx, accountId: string, subscriptionId: string, lock = false) {
  let q = db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.account_id', 's.product_id', 's.tier_id', 's.seats', 's.frequency', 's.status', 's.current_period_start', 's.current_period_end', 's.last_charge_amount', 's.version', 's.currency', 'p.name as product_name', 't.name as tier_name', 't.rank as tier_rank', 'a.kind as account_kind', 'a.country', 'a.currency as account_currency'])
    .where('s.id', '=', subscriptionId);
  if (lock) q = q.forUpdate('s');
  const sub = await q.executeTakeFirst();
  if (!sub || sub.account_id !== accountId) throw userError('NOT_FOUND', 'errors.subscription.notFound');
  if (sub.account_kind !== 'online') throw userError('FORBIDDEN', 'errors.auth.corporateAccount');
  if (sub.status !== 'active' || !sub.current_period_start || !sub.current_period_end || sub.last_charge_amount === null) {
    throw userError('CONFLICT', 'errors.change.notActive', { status: sub.status }, { reason: 'not_active' });
  }
  return sub;
}

async function assignedSeats(db: DbOrTrx, subscriptionId: string): Promise<number> {
  const r = await db.selectFrom('seat_assignments').select((eb) => eb.fn.countAll<string>().as('n')).where('subscription_id', '=', subscriptionId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** BC-4 order form: the product's tiers (lower ones marked: they need Customer Care), current choice, credit. */
export async function changeForm(db: Db, input: { accountId: string; subscriptionId: string; at: Date }): Promise<ChangeFormView> {
  const sub = await loadSubscription(db, input.accountId, input.subscriptionId);
  const currency = sub.currency as Currency;
  const tiers = await db.selectFrom('plan_tiers').select(['id', 'name', 'rank']).where('product_id', '=', sub.product_id).orderBy('rank').execute();
  const book = await loadPriceBook(db, tiers.map((t) => t.id), currency, input.at);
  const unit = (tierId: string, f: Frequency) => book.find((b) => b.tierId === tierId && b.frequency === f)?.unitAmount ?? null;
  const cart = await db.selectFrom('carts as c').innerJoin('cart_items as i', 'i.cart_id', 'c.id').select((eb) => eb.fn.countAll<string>().as('n')).where('c.account_id', '=', input.accountId).where('c.status', '=', 'open').where('i.subscription_id', '<>', sub.id).executeTakeFirstOrThrow();
  return {
    subscriptionId: sub.id,
    productName: sub.product_name,
    currency,
    current: { tierId: sub.tier_id, seats: sub.seats, frequency: sub.frequency as Frequency, periodEnd: sub.current_period_end },
    assignedSeats: await assignedSeats(db, sub.id),
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, rank: t.rank, unitAmount: { monthly: unit(t.id, 'monthly'), annual: unit(t.id, 'annual') }, lower: t.rank < sub.tier_rank })),
    creditBalance: await creditBalance(db, input.accountId, currency),
    cartItems: Number(cart.n),
    changeInProgress: await openChangeOrder(db, sub.id),
  };
}

/**
 * Prices a change of `subscriptionId` to `target` at `at` (the change time), with the catalog and tax
 * rates in force at `priceAt` (the moment of pricing; equal to `at` for a preview). Enforces BC-4's
 * rules: no downgrade to a lower tier online, no fewer seats than assigned, a real change, one change
 * at a time, and the change time inside the current period.
 */
export async function quoteChange(
  db: DbOrTrx,
  input: { accountId: string; subscriptionId: string; target: ChangeTarget; at: Date; priceAt?: Date; vatNumber?: string | null; sellerCountry: string; lock?: boolean },
): Promise<ChangeQuote> {
  const { target } = input;
  if (!Number.isInteger(target.seats) || target.seats < 1 || target.seats > MAX_CHANGE_SEATS) throw userError('BAD_REQUEST', 'errors.seats.range', { max: MAX_CHANGE_SEATS }, { field: 'seats' });
  const sub = await loadSubscription(db, input.accountId, input.subscriptionId, input.lock);
  const currency = sub.currency as Currency;
  const tier = await db.selectFrom('plan_tiers').select(['id', 'name', 'rank', 'product_id']).where('id', '=', target.tierId).executeTakeFirst();
  if (!tier || tier.product_id !== sub.product_id) throw userError('BAD_REQUEST', 'errors.change.unknownTier', { product: sub.product_name }, { field: 'tierId' });
  const tierChange = classifyTierChange({ id: sub.tier_id, productId: sub.product_id, rank: sub.tier_rank }, { id: tier.id, productId: tier.product_id, rank: tier.rank });
  if (tierChange === 'downgrade') throw userError('BAD_REQUEST', 'errors.change.downgradeRefused', {}, { field: 'tierId', reason: 'downgrade_refused' });
  if (tierChange === 'same' && target.seats === sub.seats && target.frequency === sub.frequency) {
    throw userError('BAD_REQUEST', 'errors.change.noChange', {}, { reason: 'no_change' });
  }
  if (target.seats < sub.seats) {
    const assigned = await assignedSeats(db, sub.id);
    if (target.seats < assigned) {
      throw userError(
        'BAD_REQUEST', 'errors.change.seatsBelowAssigned', { assigned, product: sub.product_name, unassign: assigned - target.seats, seats: target.seats },
        { field: 'seats', reason: 'seats_below_assigned', assigned, unassign: assigned - target.seats },
      );
    }
  }
  const inFlight = await openChangeOrder(db, sub.id);
  if (inFlight) throw changeInProgress(inFlight);
  const at = input.at;
  if (at.getTime() < sub.current_period_start!.getTime() || at.getTime() >= sub.current_period_end!.getTime()) {
    throw userError('CONFLICT', 'errors.change.periodEnded', {}, { reason: 'period_ended' });
  }
  const priceAt = input.priceAt ?? at;
  try {
    const book = await loadPriceBook(db, [tier.id], currency, priceAt);
    const unit = findUnitPrice(book, tier.id, target.frequency, currency);
    const taxDecision = decideTax({ sellerCountry: input.sellerCountry, buyerCountry: sub.country, buyerVatNumber: input.vatNumber ?? null, rates: await loadTaxRates(db, priceAt) });
    const balance = await creditBalance(db, input.accountId, currency);
    const q = prorateChange({
      currentPeriod: { start: sub.current_period_start!, end: sub.current_period_end! },
      paid: money(sub.last_charge_amount!, currency),
      changeAt: at,
      newPrice: subscriptionPrice(unit, target.seats),
      newFrequency: target.frequency,
      creditBalance: money(balance, currency),
      tax: taxDecision,
    });
    const surplus = q.unusedCredit.amount - q.planCost.amount;
    return {
      subscriptionId: sub.id,
      productId: sub.product_id,
      productName: sub.product_name,
      currency,
      current: { tierId: sub.tier_id, tierName: sub.tier_name, seats: sub.seats, frequency: sub.frequency as Frequency, periodStart: sub.current_period_start!, periodEnd: sub.current_period_end!, version: sub.version },
      target: { ...target, tierName: tier.name, unitAmount: unit.amount },
      tierChange,
      at,
      periodStart: q.newPeriod.start,
      periodEnd: q.newPeriod.end,
      planCost: q.planCost.amount,
      unusedCredit: q.unusedCredit.amount,
      creditBalance: balance,
      creditApplied: q.creditApplied.amount,
      netDue: q.netDue.amount,
      tax: q.tax.amount,
      total: q.totalDue.amount,
      creditBalanceAfter: q.creditBalanceAfter.amount,
      creditAdded: surplus > 0n ? surplus : 0n,
      taxRateBasisPoints: taxDecision.rateBasisPoints,
      reverseCharge: taxDecision.reverseCharge,
      taxNote: taxDecision.note ?? null,
      vatNumber: normalizeVat(input.vatNumber),
    };
  } catch (err) {
    throw billingErrorToAppError(err, { productName: sub.product_name }) ?? err;
  }
}

// ---- the quote token: what the user saw, so Place order charges exactly that or asks again ----

function fingerprint(q: ChangeQuote): string {
  return [q.subscriptionId, q.current.version, q.target.tierId, q.target.seats, q.target.frequency, q.at.getTime(), q.vatNumber ?? '', q.planCost, q.unusedCredit, q.creditBalance, q.creditApplied, q.tax, q.total, q.creditBalanceAfter, q.periodEnd.getTime()].join('|');
}

function mac(secret: string, q: ChangeQuote): string {
  return createHmac('sha256', secret).update(fingerprint(q)).digest('base64url');
}

/** `<change time in ms>.<HMAC of the figures>`: it cannot be forged, and it goes stale when any figure changes. */
export function quoteToken(secret: string, q: ChangeQuote): string {
  return `${q.at.getTime()}.${mac(secret, q)}`;
}

function tokenMatches(secret: string, token: string, q: ChangeQuote): boolean {
  const expected = Buffer.from(quoteToken(secret, q));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function tokenTime(token: string, now: Date): Date | null {
  const m = /^(\d{1,15})\.[A-Za-z0-9_-]{43}$/.exec(token);
  if (!m) return null;
  const at = Number(m[1]);
  if (at > now.getTime() || now.getTime() - at > QUOTE_TTL_MS) return null;
  return new Date(at);
}

export interface ChangeDeps {
  db: Db;
  temporal: () => Promise<Client>;
  now: () => Date;
  payments: PaymentGateway;
  sellerCountry: string;
  taskQueue: string;
  /** Signs quote tokens (AUTH_SECRET). */
  quoteSecret: string;
}

export interface ChangePreview {
  quote: ChangeQuote;
  quoteToken: string;
}

/** BC-4 order summary: the figures of the change if placed now, and the token that pins them. */
export async function previewChange(deps: Pick<ChangeDeps, 'db' | 'now' | 'sellerCountry' | 'quoteSecret'>, input: { accountId: string; subscriptionId: string; target: ChangeTarget; vatNumber?: string | null }): Promise<ChangePreview> {
  const quote = await quoteChange(deps.db, { ...input, at: deps.now(), sellerCountry: deps.sellerCountry });
  return { quote, quoteToken: quoteToken(deps.quoteSecret, quote) };
}

export interface PlaceChangeInput {
  accountId: string;
  userId: string;
  subscriptionId: string;
  target: ChangeTarget;
  quoteToken: string;
  idempotencyKey: string;
  paymentMethodId: string | null;
  vatNumber?: string | null;
}

export interface PlacedChange {
  orderId: string;
  status: string;
  duplicate: boolean;
  payment: ChangePaymentOutcome | null;
}

/** The figures moved since the preview: nothing is charged; the user gets the new figures to confirm. */
async function quoteChanged(deps: ChangeDeps, input: PlaceChangeInput, why: 'errors.change.summaryExpired' | 'errors.change.amountsChanged'): Promise<AppError> {
  const fresh = await previewChange(deps, input);
  return userError('CONFLICT', why, {}, { reason: 'quote_changed', preview: fresh });
}

/**
 * BC-4 Place order. In one transaction, with the subscription locked: the change is priced again by
 * `quoteChange` at the previewed change time and must match the preview exactly (else the user sees the
 * new figures and confirms again); the order, its line (marked in flight: one change per subscription,
 * enforced by a unique index) and the credit used are written. After commit the WF-2 workflow starts
 * and answers with the payment's outcome. The same idempotency key returns the same order.
 */
export async function placeChange(deps: ChangeDeps, input: PlaceChangeInput): Promise<PlacedChange> {
  const { db } = deps;
  const prior = await db.selectFrom('orders').select(['id', 'status', 'account_id']).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
  if (prior) {
    if (prior.account_id !== input.accountId) throw userError('CONFLICT', 'errors.request.reused');
    let payment: ChangePaymentOutcome | null = null;
    if (OPEN_CHANGE_STATUSES.includes(prior.status)) {
      // The first request may have committed the order but never reached Temporal: hand it over now
      // (attaching to the workflow when it runs already). Temporal still away: the order stays as it is.
      try {
        payment = await deliverChange(deps, prior.id, await changeWorkflowInput(db, prior.id));
      } catch (err) {
        if (err instanceof AppError) throw err;
      }
    }
    const row = await db.selectFrom('orders').select('status').where('id', '=', prior.id).executeTakeFirstOrThrow();
    return { orderId: prior.id, status: row.status, duplicate: true, payment };
  }
  const now = deps.now();
  const at = tokenTime(input.quoteToken, now);
  if (!at) throw await quoteChanged(deps, input, 'errors.change.summaryExpired');
  const quoteInput = { accountId: input.accountId, subscriptionId: input.subscriptionId, target: input.target, at, priceAt: now, vatNumber: input.vatNumber, sellerCountry: deps.sellerCountry };
  const first = await quoteChange(db, quoteInput);
  if (!tokenMatches(deps.quoteSecret, input.quoteToken, first)) {
    throw await quoteChanged(deps, input, 'errors.change.amountsChanged');
  }
  let card: Awaited<ReturnType<typeof acceptCard>> | null = null;
  if (first.total > 0n) {
    if (!input.paymentMethodId) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
    card = await acceptCard(deps, input.accountId, input.paymentMethodId);
  }

  const orderId = newId('ord');
  let quote: ChangeQuote;
  try {
    quote = await db.transaction().execute(async (trx) => {
      const q = await quoteChange(trx, { ...quoteInput, lock: true });
      if (!tokenMatches(deps.quoteSecret, input.quoteToken, q)) throw userError('CONFLICT', 'errors.change.amountsChanged', {}, { reason: 'quote_changed_in_transaction' });
      if (q.total > 0n && !card) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
      await trx
        .insertInto('orders')
        .values({
          id: orderId,
          account_id: input.accountId,
          kind: 'change',
          status: 'processing',
          currency: q.currency,
          subtotal: q.planCost - q.unusedCredit,
          credit_applied: q.creditApplied,
          tax: q.tax,
          total: q.total,
          tax_rate_basis_points: q.taxRateBasisPoints,
          reverse_charge: q.reverseCharge,
          vat_number: q.vatNumber,
          idempotency_key: input.idempotencyKey,
          workflow_id: workflowIds.subscriptionChange(orderId),
          placed_by_user_id: input.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('order_lines')
        .values({
          id: newId('ol'),
          order_id: orderId,
          subscription_id: q.subscriptionId,
          product_id: q.productId,
          tier_id: q.target.tierId,
          seats: q.target.seats,
          frequency: q.target.frequency,
          period_start: q.periodStart,
          period_end: q.periodEnd,
          plan_amount: q.planCost,
          credit_amount: q.unusedCredit,
          description: `${q.productName} ${q.target.tierName} (was ${q.current.tierName}, ${q.current.seats} seats, ${q.current.frequency})`,
          change_in_flight: true,
          subscription_version: q.current.version,
        })
        .execute();
      if (q.creditApplied > 0n) {
        await trx.insertInto('credit_ledger').values({ id: newId('cl'), account_id: input.accountId, currency: q.currency, amount: -q.creditApplied, reason: 'applied_to_order', order_id: orderId, note: `Credit balance used for a change of ${q.productName}` }).execute();
      }
      if (q.vatNumber) await trx.updateTable('accounts').set({ vat_number: q.vatNumber }).where('id', '=', input.accountId).execute();
      if (card) await saveCard(trx, input.accountId, card);
      return q;
    });
  } catch (err) {
    // A concurrent copy of this very request won (double click): its order is this order.
    const twin = await db.selectFrom('orders').select('id').where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (twin || isUniqueViolation(err, 'orders_idempotency_key_key')) return placeChange(deps, input);
    if (isUniqueViolation(err, 'order_lines_one_change_in_flight')) throw changeInProgress(await openChangeOrder(db, input.subscriptionId));
    if (err instanceof AppError && err.details?.reason === 'quote_changed_in_transaction') {
      throw await quoteChanged(deps, input, 'errors.change.amountsChanged');
    }
    throw err;
  }
  const payment = await deliverChange(deps, orderId, {
    accountId: input.accountId,
    subscriptionId: quote.subscriptionId,
    productId: quote.productId,
    paymentMethodId: quote.total > 0n ? card!.id : null,
  });
  const row = await db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
  return { orderId, status: row.status, duplicate: false, payment };
}

/** Starts the order's WF-2 workflow (safe to repeat). A refusal by the workflow cancels the unpaid order. */
export async function deliverChange(deps: Pick<ChangeDeps, 'db' | 'temporal' | 'taskQueue'>, orderId: string, x: { accountId: string; subscriptionId: string; productId: string; paymentMethodId: string | null }) {
  try {
    const submitted = await submitSubscriptionChange(await deps.temporal(), deps.taskQueue, { orderId, ...x });
    return submitted.payment;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const refused = workflowRefusal(err.cause);
    await cancelRefusedOrder(deps.db, orderId, refused);
    throw userError('CONFLICT', refused.key, refused.params, { reason: 'refused_by_workflow' });
  }
}

/** A change order in these states holds its subscription's one-change-in-flight lock and needs its workflow. */
const OPEN_CHANGE_STATUSES: string[] = ['pending', 'processing', 'awaiting_payment'];

/**
 * The WF-2 input of a committed change order, read back from the order: its line's subscription and
 * product, and the card it was placed with (saved as the account's default in the order's transaction).
 */
export async function changeWorkflowInput(db: DbOrTrx, orderId: string) {
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .select(['o.account_id', 'o.total', 'l.subscription_id', 'l.product_id'])
    .where('o.id', '=', orderId)
    // A BC-5 cart of changes has several lines: the first one names the workflow's subscription and product.
    .orderBy('l.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const card = o.total > 0n
    ? await db.selectFrom('payment_methods').select('stripe_payment_method_id').where('account_id', '=', o.account_id).where('is_default', '=', true).executeTakeFirst()
    : undefined;
  return { accountId: o.account_id, subscriptionId: o.subscription_id!, productId: o.product_id, paymentMethodId: card?.stripe_payment_method_id ?? null };
}

/**
 * WF-2 recovery (like `ensureTrialWorkflows`): every open change order gets its workflow — started if
 * Temporal was unreachable right after the order was committed, attached to if it runs. Without this
 * such an order would hold its subscription's one-change-in-flight lock forever. Run after the worker
 * is up; safe to repeat (the workflow ID is the order's; a finished workflow is never started again).
 */
export async function ensureChangeWorkflows(deps: { db: Db; temporal: () => Promise<Client>; taskQueue: string }): Promise<{ started: number; closed: number }> {
  const orders = await deps.db.selectFrom('orders').select('id').where('kind', '=', 'change').where('status', 'in', ['pending', 'processing', 'awaiting_payment']).orderBy('created_at').execute();
  const client = await deps.temporal();
  let started = 0;
  let closed = 0;
  for (const o of orders) {
    const r = await resumeSubscriptionChange(client, deps.taskQueue, { orderId: o.id, ...(await changeWorkflowInput(deps.db, o.id)) });
    if (r === 'started') started++;
    else closed++;
  }
  return { started, closed };
}
