import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import { creditBalance } from '../../db/credit';
import type { Currency, Frequency } from '../../db/schema';
import { workflowIds, type ChangePaymentOutcome } from '../../workflows/shared';
import { AppError, userError } from '../errors';
import { writeOrder } from '../orders/write';
import { normalizeVatInput } from '../billing';
import { assignedSeats, changeInProgress, changeLine, loadSubscription, openChangeOrder, quoteChange, type ChangeQuote, type ChangeTarget } from './change-pricing';
import { loadPriceBook } from './catalog';
import type { ServiceDeps } from './deps';
import { changeWorkflowInput, deliverChange, OPEN_CHANGE_STATUSES } from './order-delivery';
import { acceptCard, saveCard } from './payment-methods';
import { recordVatNumber, verifyVatNumber } from './vat-verification';

// BC-4 / WF-2: modify an active subscription — the order form, the order summary (priced by
// `quoteChange`, change-pricing.ts) with the token that pins its figures, and Place order.

/** How long a previewed quote can be placed as shown (its change time is the preview's). */
const QUOTE_TTL_MS = 15 * 60 * 1000;

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


// ---- the quote token: what the user saw, so Place order charges exactly that or asks again ----

function fingerprint(q: ChangeQuote): string {
  return [q.subscriptionId, q.current.version, q.target.tierId, q.target.seats, q.target.frequency, q.at.getTime(), q.vatNumber ?? '', q.planCost, q.unusedCredit, q.creditBalance, q.creditApplied, q.tax, q.total, q.creditBalanceAfter, q.periodEnd.getTime()].join('|');
}

function mac(secret: string | Buffer, q: ChangeQuote): string {
  return createHmac('sha256', secret).update(fingerprint(q)).digest('base64url');
}

/**
 * `<change time in ms>.<HMAC of the figures>.<total due>`: it cannot be forged, and it goes stale when
 * any figure changes. The total is there in clear (the HMAC covers it) so that Place order knows, before
 * pricing again under the lock, whether a card is needed; the locked pricing refuses any other figures.
 */
export function quoteToken(secret: string | Buffer, q: ChangeQuote): string {
  return `${q.at.getTime()}.${mac(secret, q)}.${q.total}`;
}

/** A token of the figures `q`, in the format of `token` (one made before the total was in tokens has none). */
function tokenMatches(secret: string | Buffer, token: string, q: ChangeQuote): boolean {
  const made = quoteToken(secret, q);
  const expected = Buffer.from(tokenTotal(token) === null ? made.slice(0, made.lastIndexOf('.')) : made);
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Matches a token as the page sends it back; a token made before the total was in tokens has none (≤ 15 minutes old at a deploy). */
export const QUOTE_TOKEN_PATTERN = /^(\d{1,15})\.[A-Za-z0-9_-]{43}(?:\.(\d{1,20}))?$/;

function tokenTime(token: string, now: Date): Date | null {
  const m = QUOTE_TOKEN_PATTERN.exec(token);
  if (!m) return null;
  const at = Number(m[1]);
  if (at > now.getTime() || now.getTime() - at > QUOTE_TTL_MS) return null;
  return new Date(at);
}

/** The total due the customer was shown, as the token says (checked by the locked pricing); null in an older token. */
function tokenTotal(token: string): bigint | null {
  const m = QUOTE_TOKEN_PATTERN.exec(token);
  return m?.[2] === undefined ? null : BigInt(m[2]);
}

type ChangeDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'now' | 'payments' | 'sellerCountry' | 'taskQueue' | 'quoteSecret'>;

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

/** Whether an order was written under this request's idempotency key (by a concurrent copy of it). */
async function ownTwin(db: ChangeDeps['db'], input: PlaceChangeInput) {
  return (await db.selectFrom('orders').select('id').where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst()) !== undefined;
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
  /** Prices the change now, outside the lock: its refusals, then figures that moved since the preview. */
  const priceFirst = async (): Promise<ChangeQuote | PlacedChange> => {
    let first: ChangeQuote;
    try {
      first = await quoteChange(db, quoteInput);
    } catch (err) {
      // The change in flight may be this very request's twin (a double click), committed since the look-up
      // above: its order is this order.
      if (err instanceof AppError && err.details?.reason === 'change_in_progress' && (await ownTwin(db, input))) return placeChange(deps, input);
      throw err;
    }
    if (!tokenMatches(deps.quoteSecret, input.quoteToken, first)) {
      throw await quoteChanged(deps, input, 'errors.change.amountsChanged');
    }
    return first;
  };
  // Outside the transaction (they ask Stripe and VIES): the card, when something is due, and the VAT
  // number's VIES check (§8: with VIES_URL set it is confirmed before it earns a reverse charge). The
  // token says what is due; the locked pricing below refuses any other figures, so the change is not
  // priced here too. A token from before the total was in tokens is priced first, as it always was.
  const beforeTransaction = async (total: bigint) => {
    let card: Awaited<ReturnType<typeof acceptCard>> | null = null;
    if (total > 0n) {
      if (!input.paymentMethodId) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
      card = await acceptCard(deps, input.accountId, input.paymentMethodId);
    }
    const vatNumber = normalizeVatInput(input.vatNumber);
    const vatCheck = vatNumber ? await verifyVatNumber(vatNumber) : null;
    return { card, vatCheck };
  };
  let shown = tokenTotal(input.quoteToken);
  if (shown === null) {
    const first = await priceFirst();
    if (!('total' in first)) return first;
    shown = first.total;
  }
  let card: Awaited<ReturnType<typeof acceptCard>> | null;
  let vatCheck: Awaited<ReturnType<typeof verifyVatNumber>> | null;
  try {
    ({ card, vatCheck } = await beforeTransaction(shown));
  } catch (err) {
    // Refused before the transaction (no card, a card Stripe refuses, a VAT number VIES does not know):
    // the change's own refusal and figures that moved come first, as when it was priced first.
    const first = await priceFirst();
    if (!('total' in first)) return first;
    throw err;
  }

  let placed: { orderId: string; quote: ChangeQuote };
  try {
    placed = await db.transaction().execute(async (trx) => {
      const q = await quoteChange(trx, { ...quoteInput, lock: true });
      if (!tokenMatches(deps.quoteSecret, input.quoteToken, q)) throw userError('CONFLICT', 'errors.change.amountsChanged', {}, { reason: 'quote_changed_in_transaction' });
      if (q.total > 0n && !card) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
      const { orderId } = await writeOrder(trx, {
        accountId: input.accountId,
        kind: 'change',
        currency: q.currency,
        lines: [changeLine(q)],
        creditApplied: q.creditApplied,
        tax: q.tax,
        total: q.total,
        taxRateBasisPoints: q.taxRateBasisPoints,
        reverseCharge: q.reverseCharge,
        vatNumber: q.vatNumber,
        idempotencyKey: input.idempotencyKey,
        workflowId: workflowIds.subscriptionChange,
        placedByUserId: input.userId,
        at: now,
        creditNote: `Credit balance used for a change of ${q.productName}`,
      });
      if (q.vatNumber) await recordVatNumber(trx, input.accountId, q.vatNumber, vatCheck ?? 'format', now);
      if (card) await saveCard(trx, input.accountId, card);
      return { orderId, quote: q };
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
  const { orderId, quote } = placed;
  const payment = await deliverChange(deps, orderId, {
    accountId: input.accountId,
    subscriptionId: quote.subscriptionId,
    productId: quote.productId,
    paymentMethodId: quote.total > 0n ? card!.id : null,
  });
  const row = await db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
  return { orderId, status: row.status, duplicate: false, payment };
}

