import type { DbOrTrx } from '../../db/client';
import type { Currency, Frequency } from '../../db/schema';
import type { PriceEntry, TaxRate } from '../billing';

// The catalog as data (SPEC §2): prices and tax rates in force at a moment, read from the database.

/** Prices in force at `at` (latest valid_from not in the future) for the given tiers. */
export async function loadPriceBook(db: DbOrTrx, tierIds: string[], currency: Currency, at: Date): Promise<PriceEntry[]> {
  if (tierIds.length === 0) return [];
  const rows = await db
    .selectFrom('prices')
    .select(['tier_id', 'frequency', 'currency', 'unit_amount', 'valid_from'])
    .where('tier_id', 'in', tierIds)
    .where('currency', '=', currency)
    .where('valid_from', '<=', at)
    .orderBy('valid_from', 'desc')
    .execute();
  const seen = new Set<string>();
  const book: PriceEntry[] = [];
  for (const r of rows) {
    const key = `${r.tier_id}:${r.frequency}`;
    if (seen.has(key)) continue;
    seen.add(key);
    book.push({ tierId: r.tier_id, frequency: r.frequency as Frequency, currency: r.currency as Currency, unitAmount: r.unit_amount });
  }
  return book;
}

export async function loadTaxRates(db: DbOrTrx, at: Date): Promise<TaxRate[]> {
  const rows = await db.selectFrom('tax_rates').select(['country', 'rate_basis_points', 'valid_from']).where('valid_from', '<=', at).orderBy('valid_from', 'desc').execute();
  const seen = new Set<string>();
  const rates: TaxRate[] = [];
  for (const r of rows) {
    if (seen.has(r.country)) continue;
    seen.add(r.country);
    rates.push({ country: r.country, rateBasisPoints: r.rate_basis_points });
  }
  return rates;
}

