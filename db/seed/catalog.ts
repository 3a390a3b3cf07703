// The demo catalog as data (SPEC §2). Prices are integer minor units per seat; annual = 10 × monthly.
import type { Trx } from '../client';
import type { Currency, Frequency } from '../schema';

export const CATALOG_VALID_FROM = new Date('2020-01-01T00:00:00Z');

export interface CatalogProduct {
  id: string;
  code: string;
  name: string;
  trialDays: number;
  corporateAddSeats: boolean;
  sort: number;
  /** Monthly USD price per seat for Starter, Business, Enterprise. */
  monthlyUsd: readonly [bigint, bigint, bigint];
}

export const PRODUCTS: readonly CatalogProduct[] = [
  { id: 'prd_meeting', code: 'meeting', name: 'Meeting', trialDays: 14, corporateAddSeats: true, sort: 1, monthlyUsd: [1200n, 1600n, 2400n] },
  { id: 'prd_webinar', code: 'webinar', name: 'Webinar', trialDays: 14, corporateAddSeats: true, sort: 2, monthlyUsd: [4900n, 8900n, 14900n] },
  { id: 'prd_training', code: 'training', name: 'Training', trialDays: 14, corporateAddSeats: true, sort: 3, monthlyUsd: [10900n, 14900n, 24900n] },
  { id: 'prd_assist_v4', code: 'assist_v4', name: 'Assist v4', trialDays: 14, corporateAddSeats: true, sort: 4, monthlyUsd: [3900n, 5900n, 8900n] },
  { id: 'prd_remote_support_v5', code: 'remote_support_v5', name: 'Remote Support v5', trialDays: 14, corporateAddSeats: true, sort: 5, monthlyUsd: [4400n, 6900n, 9900n] },
];

export const TIERS = [
  { code: 'starter', name: 'Starter', rank: 1 },
  { code: 'business', name: 'Business', rank: 2 },
  { code: 'enterprise', name: 'Enterprise', rank: 3 },
] as const;
export type TierCode = (typeof TIERS)[number]['code'];

/** `tier_meeting_business`, `tier_remote_support_v5_starter`, … */
export function tierId(productCode: string, tier: TierCode): string {
  return `tier_${productCode}_${tier}`;
}

/** Local prices from USD: EUR ≈ 0.9 ×, GBP ≈ 0.8 ×, rounded to whole units (integer arithmetic). */
function localMonthly(usd: bigint, currency: Currency): bigint {
  const factorPerMille = currency === 'USD' ? 1000n : currency === 'EUR' ? 900n : 800n;
  return ((usd * factorPerMille + 50_000n) / 100_000n) * 100n;
}

export interface CatalogPrice {
  id: string;
  tierId: string;
  frequency: Frequency;
  currency: Currency;
  unitAmount: bigint;
}

export function catalogPrices(): CatalogPrice[] {
  const out: CatalogPrice[] = [];
  for (const p of PRODUCTS) {
    TIERS.forEach((tier, i) => {
      for (const currency of ['USD', 'EUR', 'GBP'] as const) {
        const monthly = localMonthly(p.monthlyUsd[i]!, currency);
        for (const frequency of ['monthly', 'annual'] as const) {
          const t = tierId(p.code, tier.code);
          out.push({
            id: `price_${p.code}_${tier.code}_${frequency}_${currency.toLowerCase()}`,
            tierId: t,
            frequency,
            currency,
            unitAmount: frequency === 'annual' ? monthly * 10n : monthly,
          });
        }
      }
    });
  }
  return out;
}

/** Per-seat price from the demo catalog (for seeds and tests; production code reads `prices`). */
export function catalogUnitAmount(productCode: string, tier: TierCode, frequency: Frequency, currency: Currency): bigint {
  const id = `price_${productCode}_${tier}_${frequency}_${currency.toLowerCase()}`;
  const price = catalogPrices().find((p) => p.id === id);
  if (!price) throw new Error(`no catalog price ${id}`);
  return price.unitAmount;
}

/** VAT / sales tax in basis points (2200 = 22 %). */
export const TAX_RATES: Readonly<Record<string, number>> = {
  IT: 2200, DE: 1900, FR: 2000, ES: 2100, NL: 2100, BE: 2100, AT: 2000, IE: 2300, PL: 2300, PT: 2300, SE: 2500,
  GB: 2000, US: 0, CH: 810,
};

/** Inserts the catalog; rows that already exist (same id / key) are left as they are. */
export async function seedCatalog(trx: Trx): Promise<void> {
  await trx
    .insertInto('products')
    .values(
      PRODUCTS.map((p) => ({
        id: p.id, code: p.code, name: p.name, trial_days: p.trialDays, corporate_add_seats: p.corporateAddSeats, sort: p.sort,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .insertInto('plan_tiers')
    .values(
      PRODUCTS.flatMap((p) =>
        TIERS.map((t) => ({ id: tierId(p.code, t.code), product_id: p.id, code: t.code, name: t.name, rank: t.rank })),
      ),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .insertInto('prices')
    .values(
      catalogPrices().map((p) => ({
        id: p.id, tier_id: p.tierId, frequency: p.frequency, currency: p.currency, unit_amount: p.unitAmount, valid_from: CATALOG_VALID_FROM,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .insertInto('tax_rates')
    .values(Object.entries(TAX_RATES).map(([country, bp]) => ({ country, rate_basis_points: bp, valid_from: CATALOG_VALID_FROM })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
