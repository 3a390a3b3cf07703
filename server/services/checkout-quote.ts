import type { DbOrTrx } from '../../db/client';
import { creditBalance } from '../../db/credit';
import type { Currency, Frequency } from '../../db/schema';
import { convertTrial, decideTax, findUnitPrice, money, normalizeVatInput, settleOrder, subscriptionPrice } from '../billing';
import { userError } from '../errors';
import { billingErrorToAppError } from './billing-errors';
import { loadPriceBook, loadTaxRates } from './catalog';
import { changeLine, quoteChange } from './change-pricing';

/** What one cart item will cost, and the period it will start (BC-3: the billing date becomes the order date). */
export interface QuoteLine {
  /** 'conversion' (BC-3, a trial) or 'change' (BC-4, an active subscription, priced by `quoteChange`). */
  kind: 'conversion' | 'change';
  subscriptionId: string;
  productId: string;
  productName: string;
  tierId: string;
  tierName: string;
  seats: number;
  frequency: Frequency;
  unitAmount: bigint;
  planAmount: bigint;
  periodStart: Date;
  periodEnd: Date;
  /** A change's credit for unused time (C); 0 for a conversion. The line is due `planAmount − creditAmount`. */
  creditAmount: bigint;
  /** A change is priced against this version of the subscription; fulfilment applies it only to that version. */
  subscriptionVersion: number | null;
  /** What the line was: e.g. "was Business, 5 seats, monthly" for a change. */
  description: string;
}

export interface CheckoutQuote {
  currency: Currency;
  lines: QuoteLine[];
  /** Σ (plan amount − credit for unused time) of the lines. */
  subtotal: bigint;
  creditBalance: bigint;
  creditApplied: bigint;
  netDue: bigint;
  tax: bigint;
  total: bigint;
  /** max(0, Σ C − Σ N): what a net-negative cart (seat reductions worth more than the rest) adds to the credit balance. */
  creditAdded: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  taxNote: string | null;
  vatNumber: string | null;
  at: Date;
}

export interface QuoteItem {
  /** Absent: a conversion (the cart's only kind before BC-4 changes could join it). */
  kind?: 'conversion' | 'change';
  subscriptionId: string;
  tierId: string;
  seats: number;
  frequency: Frequency;
}

/**
 * BC-3/BC-5: the one function that prices a conversion checkout — used for the review page, for the
 * order form's preview and, inside the order's transaction, for the amounts the order records and the
 * workflow charges. Every item is re-validated: the subscription is the account's, still in trial, the
 * tier belongs to its product and a price is in force.
 */
export async function quoteConversion(
  db: DbOrTrx,
  input: { accountId: string; items: QuoteItem[]; at: Date; vatNumber?: string | null; sellerCountry: string },
): Promise<CheckoutQuote> {
  const account = await db.selectFrom('accounts').select(['id', 'currency', 'country', 'kind']).where('id', '=', input.accountId).executeTakeFirst();
  if (!account) throw userError('NOT_FOUND', 'errors.account.notFound');
  const currency = account.currency as Currency;
  const subs = input.items.length
    ? await db
        .selectFrom('subscriptions as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .select(['s.id', 's.account_id', 's.product_id', 's.status', 's.trial_started_at', 's.trial_ends_at', 'p.name as product_name'])
        .where('s.id', 'in', input.items.map((i) => i.subscriptionId))
        .execute()
    : [];
  const tiers = input.items.length
    ? await db.selectFrom('plan_tiers').select(['id', 'product_id', 'name']).where('id', 'in', input.items.map((i) => i.tierId)).execute()
    : [];
  const book = await loadPriceBook(db, tiers.map((t) => t.id), currency, input.at);
  let taxDecision;
  try {
    taxDecision = decideTax({ sellerCountry: input.sellerCountry, buyerCountry: account.country, buyerVatNumber: input.vatNumber ?? null, rates: await loadTaxRates(db, input.at) });
  } catch (err) {
    throw billingErrorToAppError(err) ?? err;
  }

  const lines: QuoteLine[] = [];
  let subtotal = money(0n, currency);
  for (const item of input.items) {
    if (item.kind === 'change') {
      // BC-4/BC-5: the SAME pricing (and rules: no downgrade, seats ≥ assigned, one change in flight) as a change on its own.
      const c = await quoteChange(db, { accountId: input.accountId, subscriptionId: item.subscriptionId, target: { tierId: item.tierId, seats: item.seats, frequency: item.frequency }, at: input.at, sellerCountry: input.sellerCountry });
      subtotal = { amount: subtotal.amount + c.planCost - c.unusedCredit, currency };
      lines.push(changeLine(c));
      continue;
    }
    const sub = subs.find((s) => s.id === item.subscriptionId);
    if (!sub || sub.account_id !== input.accountId) throw userError('NOT_FOUND', 'errors.subscription.notFound');
    const tier = tiers.find((t) => t.id === item.tierId);
    if (!tier || tier.product_id !== sub.product_id) throw userError('BAD_REQUEST', 'errors.change.unknownTier', { product: sub.product_name }, { field: 'tierId' });
    if (sub.status === 'active') throw userError('CONFLICT', 'errors.checkout.alreadyConverted', { product: sub.product_name }, { reason: 'already_converted', subscriptionId: sub.id });
    if (sub.status !== 'trial' || !sub.trial_started_at || !sub.trial_ends_at) {
      throw userError('CONFLICT', 'errors.checkout.trialEnded', { product: sub.product_name }, { reason: 'trial_ended', subscriptionId: sub.id });
    }
    try {
      const unit = findUnitPrice(book, tier.id, item.frequency, currency);
      const price = subscriptionPrice(unit, item.seats);
      const q = convertTrial({
        trial: { start: sub.trial_started_at, end: sub.trial_ends_at },
        orderAt: input.at,
        price,
        frequency: item.frequency,
        creditBalance: money(0n, currency),
        tax: taxDecision,
      });
      subtotal = { amount: subtotal.amount + q.planCost.amount, currency };
      lines.push({
        kind: 'conversion',
        subscriptionId: sub.id,
        productId: sub.product_id,
        productName: sub.product_name,
        tierId: tier.id,
        tierName: tier.name,
        seats: item.seats,
        frequency: item.frequency,
        unitAmount: unit.amount,
        planAmount: q.planCost.amount,
        periodStart: q.newPeriod.start,
        periodEnd: q.newPeriod.end,
        creditAmount: 0n,
        subscriptionVersion: null,
        description: `${sub.product_name} ${tier.name}`,
      });
    } catch (err) {
      throw billingErrorToAppError(err, { productName: sub.product_name }) ?? err;
    }
  }
  const balance = await creditBalance(db, input.accountId, currency);
  // One settlement for the whole cart (the pure `settleOrder`, the same settlement as a single change):
  // the balance applied once, tax on the net due; a net-negative cart adds its surplus to the balance.
  const settled = settleOrder({ lines: lines.map((l) => ({ planCost: money(l.planAmount, currency), credit: money(l.creditAmount, currency) })), creditBalance: money(balance, currency), tax: taxDecision, at: input.at });
  return {
    currency,
    lines,
    subtotal: subtotal.amount,
    creditBalance: balance,
    creditApplied: settled.creditApplied.amount,
    netDue: settled.netDue.amount,
    tax: settled.tax.amount,
    total: settled.totalDue.amount,
    creditAdded: subtotal.amount < 0n ? -subtotal.amount : 0n,
    taxRateBasisPoints: taxDecision.rateBasisPoints,
    reverseCharge: taxDecision.reverseCharge,
    taxNote: taxDecision.note ?? null,
    vatNumber: normalizeVatInput(input.vatNumber),
    at: input.at,
  };
}
