import type { DbOrTrx } from '../../db/client';
import { creditBalance } from '../../db/credit';
import type { Currency, Frequency } from '../../db/schema';
import { corporateRenewal, decideTax, findUnitPrice, money, renewalCharge } from '../billing';
import { loadPriceBook, loadTaxRates } from './catalog';

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

export async function quoteRenewal(
  db: DbOrTrx,
  input: { subscriptionId: string; sellerCountry: string; issuedAt?: Date; netTermsDays?: number },
): Promise<RenewalQuote | null> {
  const sub = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.account_id', 's.product_id', 's.tier_id', 's.seats', 's.frequency', 's.currency', 's.current_period_start', 's.current_period_end', 'p.name as product_name', 't.name as tier_name', 'a.kind', 'a.country', 'a.vat_number'])
    .where('s.id', '=', input.subscriptionId)
    .executeTakeFirst();
  if (!sub?.current_period_start || !sub.current_period_end) return null;
  const currency = sub.currency as Currency;
  const current = { start: sub.current_period_start, end: sub.current_period_end };
  // The catalog and tax rates in force when the new period starts.
  const frequency = sub.kind === 'corporate' ? 'annual' : (sub.frequency as Frequency);
  const book = await loadPriceBook(db, [sub.tier_id], currency, current.end);
  const unit = findUnitPrice(book, sub.tier_id, frequency, currency);
  const tax = decideTax({ sellerCountry: input.sellerCountry, buyerCountry: sub.country, buyerVatNumber: sub.vat_number, rates: await loadTaxRates(db, current.end) });
  const base = {
    subscriptionId: sub.id, accountId: sub.account_id, productId: sub.product_id, productName: sub.product_name, tierId: sub.tier_id, tierName: sub.tier_name,
    seats: sub.seats, frequency, currency, unitAmount: unit.amount, taxRateBasisPoints: tax.rateBasisPoints, reverseCharge: tax.reverseCharge, vatNumber: sub.vat_number,
  };
  if (sub.kind === 'corporate') {
    const q = corporateRenewal({ current, unitPrice: unit, seats: sub.seats, tax, issuedAt: input.issuedAt ?? current.end, netTermsDays: input.netTermsDays ?? 30 });
    return { ...base, periodStart: q.period.start, periodEnd: q.period.end, planCost: q.planCost.amount, creditApplied: 0n, netDue: q.planCost.amount, tax: q.tax.amount, total: q.total.amount, dueAt: q.dueAt };
  }
  const balance = await creditBalance(db, sub.account_id, currency);
  const q = renewalCharge({ current, frequency, unitPrice: unit, seats: sub.seats, creditBalance: money(balance, currency), tax });
  return {
    ...base, periodStart: q.newPeriod.start, periodEnd: q.newPeriod.end, planCost: q.planCost.amount, creditApplied: q.creditApplied.amount, netDue: q.netDue.amount,
    tax: q.tax.amount, total: q.totalDue.amount, dueAt: null,
  };
}
