import type { Db } from '../../../db/client';
import type { Currency, SubscriptionStatus } from '../../../db/schema';

export interface CorporateSubscription {
  id: string;
  productId: string;
  productName: string;
  tierName: string;
  seats: number;
  status: SubscriptionStatus;
  termStart: Date | null;
  termEnd: Date | null;
  currency: Currency;
  /** The annual price per seat in force at `at`, and for all seats (integer minor units); null when the catalog has none. */
  unitAmount: bigint | null;
  annualAmount: bigint | null;
}

/**
 * Sottoscrizioni (004): the account's corporate subscriptions with their annual term, seats, the annual
 * price in force (per seat and for all seats) and status — expired ones included, newest term first
 * within each status, active before the rest.
 */
export async function listCorporateSubscriptions(db: Db, accountId: string, at: Date): Promise<CorporateSubscription[]> {
  const rows = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .leftJoin('prices as pr', (join) =>
      join
        .onRef('pr.tier_id', '=', 's.tier_id')
        .on('pr.frequency', '=', 'annual')
        .onRef('pr.currency', '=', 's.currency')
        .on('pr.valid_from', '=', (eb) =>
          eb.selectFrom('prices as p2')
            .select((e) => e.fn.max('p2.valid_from').as('vf'))
            .whereRef('p2.tier_id', '=', 's.tier_id')
            .where('p2.frequency', '=', 'annual')
            .whereRef('p2.currency', '=', 's.currency')
            .where('p2.valid_from', '<=', at),
        ),
    )
    .select(['s.id', 's.product_id', 'p.name as product_name', 'p.sort', 't.name as tier_name', 's.seats', 's.status', 's.current_period_start', 's.current_period_end', 's.currency', 'pr.unit_amount'])
    .where('s.account_id', '=', accountId)
    .orderBy('p.sort')
    .execute();
  const rank = (s: SubscriptionStatus) => (s === 'active' ? 0 : s === 'expired' ? 2 : 1);
  return rows
    .map((r) => ({
      id: r.id,
      productId: r.product_id,
      productName: r.product_name,
      tierName: r.tier_name,
      seats: r.seats,
      status: r.status,
      termStart: r.current_period_start,
      termEnd: r.current_period_end,
      currency: r.currency,
      unitAmount: r.unit_amount ?? null,
      annualAmount: r.unit_amount == null ? null : r.unit_amount * BigInt(r.seats),
    }))
    .sort((a, b) => rank(a.status) - rank(b.status));
}
