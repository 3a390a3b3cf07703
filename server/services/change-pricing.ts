import type { DbOrTrx } from '../../db/client';
import { creditBalance } from '../../db/credit';
import type { Currency, Frequency } from '../../db/schema';
import { classifyTierChange, decideTax, findUnitPrice, MAX_SEATS, money, normalizeVatInput, prorateChange, subscriptionPrice, type TierChange } from '../billing';
import { userError } from '../errors';
import { billingErrorToAppError } from './billing-errors';
import { loadPriceBook, loadTaxRates } from './catalog';

// BC-4 / WF-2: modify an active subscription. `quoteChange` is THE pricing of a change — the order
// summary (preview), the order's transaction and therefore the workflow's charge all come from it, and
// it only calls the pure `prorateChange`.

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


export async function openChangeOrder(db: DbOrTrx, subscriptionId: string) {
  const row = await db.selectFrom('order_lines').select('order_id').where('subscription_id', '=', subscriptionId).where('change_in_flight', '=', true).executeTakeFirst();
  return row?.order_id ?? null;
}

export const changeInProgress = (orderId: string | null) =>
  userError('CONFLICT', 'errors.change.inProgress', {}, { reason: 'change_in_progress', orderId });

export async function loadSubscription(db: DbOrTrx, accountId: string, subscriptionId: string, lock = false) {
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

export async function assignedSeats(db: DbOrTrx, subscriptionId: string): Promise<number> {
  const r = await db.selectFrom('seat_assignments').select((eb) => eb.fn.countAll<string>().as('n')).where('subscription_id', '=', subscriptionId).executeTakeFirstOrThrow();
  return Number(r.n);
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
  if (!Number.isInteger(target.seats) || target.seats < 1 || target.seats > MAX_SEATS) throw userError('BAD_REQUEST', 'errors.seats.range', { max: MAX_SEATS }, { field: 'seats' });
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
      vatNumber: normalizeVatInput(input.vatNumber),
    };
  } catch (err) {
    throw billingErrorToAppError(err, { productName: sub.product_name }) ?? err;
  }
}

/** A priced change as an order line (placed on its own, or as a BC-5 cart line): the new plan, less the credit for unused time. */
export function changeLine(q: ChangeQuote) {
  return {
    kind: 'change' as const,
    subscriptionId: q.subscriptionId,
    productId: q.productId,
    productName: q.productName,
    tierId: q.target.tierId,
    tierName: q.target.tierName,
    seats: q.target.seats,
    frequency: q.target.frequency,
    unitAmount: q.target.unitAmount,
    planAmount: q.planCost,
    periodStart: q.periodStart,
    periodEnd: q.periodEnd,
    creditAmount: q.unusedCredit,
    subscriptionVersion: q.current.version,
    description: `${q.productName} ${q.target.tierName} (was ${q.current.tierName}, ${q.current.seats} seats, ${q.current.frequency})`,
  };
}
