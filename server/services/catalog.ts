import type { DbOrTrx } from '../../db/client';
import type { Currency, Frequency } from '../../db/schema';
import type { PriceEntry, TaxRate } from '../billing';

// The catalog as data (SPEC §2): prices and tax rates in force at a moment, read from the database.
// A batch of moments (renewals falling due on different days) reads the history once, up to the
// latest moment, and picks what was in force at each one from it.

/** Every price row of the tiers in the currencies that took effect by `until`, newest first. */
export interface PriceHistory {
  until: Date;
  rows: Array<{ tier_id: string; frequency: string; currency: string; unit_amount: bigint; valid_from: Date }>;
}

export async function loadPriceHistory(db: DbOrTrx, tierIds: string[], currencies: Currency[], until: Date): Promise<PriceHistory> {
  if (tierIds.length === 0 || currencies.length === 0) return { until, rows: [] };
  const rows = await db
    .selectFrom('prices')
    .select(['tier_id', 'frequency', 'currency', 'unit_amount', 'valid_from'])
    .where('tier_id', 'in', tierIds)
    .where('currency', 'in', currencies)
    .where('valid_from', '<=', until)
    .orderBy('valid_from', 'desc')
    .execute();
  return { until, rows };
}

/** The prices in force at `at` (latest valid_from not after it) in one currency. */
export function priceBookAt(history: PriceHistory, currency: Currency, at: Date): PriceEntry[] {
  if (at.getTime() > history.until.getTime()) throw new Error('priceBookAt: the history was read up to an earlier moment');
  const seen = new Set<string>();
  const book: PriceEntry[] = [];
  for (const r of history.rows) {
    if (r.currency !== currency || r.valid_from.getTime() > at.getTime()) continue;
    const key = `${r.tier_id}:${r.frequency}`;
    if (seen.has(key)) continue;
    seen.add(key);
    book.push({ tierId: r.tier_id, frequency: r.frequency as Frequency, currency: r.currency as Currency, unitAmount: r.unit_amount });
  }
  return book;
}

/** Prices in force at `at` (latest valid_from not in the future) for the given tiers. */
export async function loadPriceBook(db: DbOrTrx, tierIds: string[], currency: Currency, at: Date): Promise<PriceEntry[]> {
  return priceBookAt(await loadPriceHistory(db, tierIds, [currency], at), currency, at);
}

/** Every tax rate row that took effect by `until`, newest first. */
export interface TaxRateHistory {
  until: Date;
  rows: Array<{ country: string; rate_basis_points: number; valid_from: Date }>;
}

export async function loadTaxRateHistory(db: DbOrTrx, until: Date): Promise<TaxRateHistory> {
  const rows = await db.selectFrom('tax_rates').select(['country', 'rate_basis_points', 'valid_from']).where('valid_from', '<=', until).orderBy('valid_from', 'desc').execute();
  return { until, rows };
}

/** Each country's rate in force at `at`. */
export function taxRatesAt(history: TaxRateHistory, at: Date): TaxRate[] {
  if (at.getTime() > history.until.getTime()) throw new Error('taxRatesAt: the history was read up to an earlier moment');
  const seen = new Set<string>();
  const rates: TaxRate[] = [];
  for (const r of history.rows) {
    if (r.valid_from.getTime() > at.getTime() || seen.has(r.country)) continue;
    seen.add(r.country);
    rates.push({ country: r.country, rateBasisPoints: r.rate_basis_points });
  }
  return rates;
}

export async function loadTaxRates(db: DbOrTrx, at: Date): Promise<TaxRate[]> {
  return taxRatesAt(await loadTaxRateHistory(db, at), at);
}
