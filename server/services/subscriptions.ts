import type { Db } from '../../db/client';
import { userError } from '../errors';

export type SubscriptionStatus = 'pending_trial' | 'trial' | 'active' | 'past_due' | 'expired' | 'cancelled' | 'lapsed';

export interface SubscriptionCard {
  productId: string;
  productName: string;
  subscription: null | {
    id: string;
    status: SubscriptionStatus;
    tierName: string;
    seats: number;
    frequency: 'monthly' | 'annual';
    trialEndsAt: Date | null;
    trialDaysLeft: number | null;
    nextBillingDate: Date | null;
    /** Per-period price of the current configuration, integer minor units. */
    price: { amount: bigint; currency: string } | null;
  };
}

const DAY_MS = 86_400_000;

/** BC-2: one card per catalog product, with the account's subscription to it if any. */
export async function listSubscriptionCards(db: Db, accountId: string, now: Date): Promise<SubscriptionCard[]> {
  // Every product with the account's one subscription to it (unique per account and product), in one query.
  const rows = await db
    .selectFrom('products as pr')
    .leftJoin('subscriptions as s', (join) => join.onRef('s.product_id', '=', 'pr.id').on('s.account_id', '=', accountId))
    .leftJoin('plan_tiers as t', 't.id', 's.tier_id')
    .leftJoin('prices as p', (join) =>
      join
        .onRef('p.tier_id', '=', 's.tier_id')
        .onRef('p.frequency', '=', 's.frequency')
        .onRef('p.currency', '=', 's.currency')
        // the price in force now: the latest valid_from not in the future
        .on('p.valid_from', '=', (eb) =>
          eb.selectFrom('prices as p2')
            .select((e) => e.fn.max('p2.valid_from').as('vf'))
            .whereRef('p2.tier_id', '=', 's.tier_id')
            .whereRef('p2.frequency', '=', 's.frequency')
            .whereRef('p2.currency', '=', 's.currency')
            .where('p2.valid_from', '<=', now),
        ),
    )
    .select(['pr.id as product_id', 'pr.name as product_name', 's.id', 's.status', 't.name as tier_name', 's.seats', 's.frequency', 's.trial_ends_at', 's.current_period_end', 's.currency', 'p.unit_amount'])
    .orderBy('pr.sort')
    .execute();
  const products = rows.map((r) => ({ id: r.product_id, name: r.product_name }));
  const subs = rows.flatMap((r) => (r.id === null ? [] : [{ ...r, id: r.id, status: r.status!, tier_name: r.tier_name!, seats: r.seats!, frequency: r.frequency!, currency: r.currency! }]));
  const byProduct = new Map(subs.map((s) => [s.product_id, s]));
  return products.map((p) => {
    const s = byProduct.get(p.id);
    if (!s) return { productId: p.id, productName: p.name, subscription: null };
    const inTrial = s.status === 'trial' || s.status === 'pending_trial';
    return {
      productId: p.id,
      productName: p.name,
      subscription: {
        id: s.id,
        status: s.status as SubscriptionStatus,
        tierName: s.tier_name,
        seats: s.seats,
        frequency: s.frequency as 'monthly' | 'annual',
        trialEndsAt: s.trial_ends_at,
        trialDaysLeft: inTrial && s.trial_ends_at ? Math.max(0, Math.ceil((s.trial_ends_at.getTime() - now.getTime()) / DAY_MS)) : null,
        nextBillingDate: s.status === 'active' ? s.current_period_end : null,
        price: s.unit_amount === null ? null : { amount: s.unit_amount * BigInt(s.seats), currency: s.currency },
      },
    };
  });
}

export async function getSubscriptionStatus(db: Db, accountId: string, subscriptionId: string) {
  const row = await db
    .selectFrom('subscriptions')
    .select(['id', 'status', 'trial_ends_at'])
    .where('id', '=', subscriptionId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw userError('NOT_FOUND', 'errors.subscription.notFound');
  return { id: row.id, status: row.status as SubscriptionStatus, trialEndsAt: row.trial_ends_at };
}

