import type { DbOrTrx } from '../../db/client';
import { creditBalance } from '../../db/credit';
import type { Currency, Frequency } from '../../db/schema';
import { corporateRenewal, decideTax, findUnitPrice, money, renewalCharge } from '../billing';
import { loadPriceHistory, loadTaxRateHistory, priceBookAt, taxRatesAt } from './catalog';

// BC-9: THE pricing of a renewal — the "next renewal" amount on the Subscriptions page and the amount
// the renewal order records (and so charges) both come from here, at the price in force at the old
// period's end, through the pure `renewalCharge` / `corporateRenewal`.

export interface RenewalQuote {
  subscriptionId: string;
  accountId: string;
  productId: string;
  productName: string;
  tierId: string;
  tierName: string;
  seats: number;
  frequency: Frequency;
  currency: Currency;
  /** The period it bills: from the current period's end. */
  periodStart: Date;
  periodEnd: Date;
  unitAmount: bigint;
  planCost: bigint;
  creditApplied: bigint;
  netDue: bigint;
  tax: bigint;
  total: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  vatNumber: string | null;
  /** Corporate: the invoice's due date (issue + net terms). */
  dueAt: Date | null;
}

type QuoteOptions = { sellerCountry: string; issuedAt?: Date; netTermsDays?: number };

/** The renewal quote of one subscription (null: it has no current period); throws when it cannot be priced. */
export async function quoteRenewal(db: DbOrTrx, input: QuoteOptions & { subscriptionId: string }): Promise<RenewalQuote | null> {
  return (await renewalQuoter(db, [input.subscriptionId], input))(input.subscriptionId);
}

/**
 * The renewal quotes of several subscriptions (a page lists every one) from four reads whatever their
 * number: the subscriptions, the price and tax rate history up to the latest period end, and each
 * account's credit. Returns a function that prices one of them (null: no current period; throws when
 * it cannot be priced), so a page can skip one subscription without losing the others.
 */
export async function renewalQuoter(db: DbOrTrx, subscriptionIds: string[], input: QuoteOptions): Promise<(subscriptionId: string) => RenewalQuote | null> {
  const subs = subscriptionIds.length
    ? await db
        .selectFrom('subscriptions as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .select(['s.id', 's.account_id', 's.product_id', 's.tier_id', 's.seats', 's.frequency', 's.currency', 's.current_period_start', 's.current_period_end', 'p.name as product_name', 't.name as tier_name', 'a.kind', 'a.country', 'a.vat_number'])
        .where('s.id', 'in', subscriptionIds)
        .execute()
    : [];
  const priced = subs.filter((s) => s.current_period_start && s.current_period_end);
  // The catalog and tax rates in force when each new period starts: read once, up to the latest start.
  const until = new Date(Math.max(0, ...priced.map((s) => s.current_period_end!.getTime())));
  const creditKeys = [...new Set(priced.filter((s) => s.kind !== 'corporate').map((s) => `${s.account_id}\0${s.currency}`))];
  const [prices, taxRates, credits] = await Promise.all([
    loadPriceHistory(db, [...new Set(priced.map((s) => s.tier_id))], [...new Set(priced.map((s) => s.currency as Currency))], until),
    priced.length ? loadTaxRateHistory(db, until) : { until, rows: [] },
    Promise.all(creditKeys.map(async (k) => {
      const [accountId, currency] = k.split('\0') as [string, Currency];
      return [k, await creditBalance(db, accountId, currency)] as const;
    })),
  ]);
  const creditOf = new Map(credits);
  const byId = new Map(subs.map((s) => [s.id, s]));
  return (subscriptionId) => {
    const sub = byId.get(subscriptionId);
    if (!sub?.current_period_start || !sub.current_period_end) return null;
    const currency = sub.currency as Currency;
    const current = { start: sub.current_period_start, end: sub.current_period_end };
    const frequency = sub.kind === 'corporate' ? 'annual' : (sub.frequency as Frequency);
    const unit = findUnitPrice(priceBookAt(prices, currency, current.end), sub.tier_id, frequency, currency);
    const tax = decideTax({ sellerCountry: input.sellerCountry, buyerCountry: sub.country, buyerVatNumber: sub.vat_number, rates: taxRatesAt(taxRates, current.end) });
    const base = {
      subscriptionId: sub.id, accountId: sub.account_id, productId: sub.product_id, productName: sub.product_name, tierId: sub.tier_id, tierName: sub.tier_name,
      seats: sub.seats, frequency, currency, unitAmount: unit.amount, taxRateBasisPoints: tax.rateBasisPoints, reverseCharge: tax.reverseCharge, vatNumber: sub.vat_number,
    };
    if (sub.kind === 'corporate') {
      const q = corporateRenewal({ current, unitPrice: unit, seats: sub.seats, tax, issuedAt: input.issuedAt ?? current.end, netTermsDays: input.netTermsDays ?? 30 });
      return { ...base, periodStart: q.period.start, periodEnd: q.period.end, planCost: q.planCost.amount, creditApplied: 0n, netDue: q.planCost.amount, tax: q.tax.amount, total: q.total.amount, dueAt: q.dueAt };
    }
    const balance = creditOf.get(`${sub.account_id}\0${currency}`) ?? 0n;
    const q = renewalCharge({ current, frequency, unitPrice: unit, seats: sub.seats, creditBalance: money(balance, currency), tax });
    return {
      ...base, periodStart: q.newPeriod.start, periodEnd: q.newPeriod.end, planCost: q.planCost.amount, creditApplied: q.creditApplied.amount, netDue: q.netDue.amount,
      tax: q.tax.amount, total: q.totalDue.amount, dueAt: null,
    };
  };
}
