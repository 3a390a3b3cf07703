import type { Db } from '../../db/client';
import type { Currency, Frequency } from '../../db/schema';
import { userError } from '../errors';
import { loadPriceBook } from './catalog';

export interface OrderFormView {
  subscriptionId: string;
  productId: string;
  productName: string;
  status: string;
  trialEndsAt: Date | null;
  currency: Currency;
  /** The choice the form starts with: the cart's item for this product, else the trial's own (default) tier. */
  selection: { tierId: string; seats: number; frequency: Frequency };
  tiers: Array<{ id: string; name: string; rank: number; unitAmount: { monthly: bigint | null; annual: bigint | null } }>;
  /** Other products already in the cart: the button reads "Add to cart" instead of "Complete transaction". */
  otherItemsInCart: number;
  inCart: boolean;
}

/** BC-3: the order form that "Subscribe now" opens. */
export async function orderForm(db: Db, input: { accountId: string; subscriptionId: string; at: Date }): Promise<OrderFormView> {
  const sub = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id', 's.product_id', 's.status', 's.tier_id', 's.seats', 's.frequency', 's.trial_ends_at', 's.currency', 'p.name as product_name'])
    .where('s.id', '=', input.subscriptionId)
    .where('s.account_id', '=', input.accountId)
    .executeTakeFirst();
  if (!sub) throw userError('NOT_FOUND', 'errors.subscription.notFound');
  if (sub.status === 'active') throw userError('CONFLICT', 'errors.conversion.alreadySubscribed', { product: sub.product_name }, { reason: 'already_converted' });
  if (sub.status !== 'trial' || !sub.trial_ends_at || sub.trial_ends_at <= input.at) {
    throw userError('CONFLICT', 'errors.conversion.trialEnded', { product: sub.product_name }, { reason: 'trial_ended' });
  }
  const tiers = await db.selectFrom('plan_tiers').select(['id', 'name', 'rank']).where('product_id', '=', sub.product_id).orderBy('rank').execute();
  const currency = sub.currency as Currency;
  const book = await loadPriceBook(db, tiers.map((t) => t.id), currency, input.at);
  const cart = await db.selectFrom('carts').select('id').where('account_id', '=', input.accountId).where('status', '=', 'open').executeTakeFirst();
  const items = cart ? await db.selectFrom('cart_items').select(['subscription_id', 'tier_id', 'seats', 'frequency']).where('cart_id', '=', cart.id).execute() : [];
  const mine = items.find((i) => i.subscription_id === sub.id);
  return {
    subscriptionId: sub.id,
    productId: sub.product_id,
    productName: sub.product_name,
    status: sub.status,
    trialEndsAt: sub.trial_ends_at,
    currency,
    selection: mine ? { tierId: mine.tier_id, seats: mine.seats, frequency: mine.frequency as Frequency } : { tierId: sub.tier_id, seats: sub.seats, frequency: sub.frequency as Frequency },
    tiers: tiers.map((t) => ({
      id: t.id,
      name: t.name,
      rank: t.rank,
      unitAmount: {
        monthly: book.find((p) => p.tierId === t.id && p.frequency === 'monthly')?.unitAmount ?? null,
        annual: book.find((p) => p.tierId === t.id && p.frequency === 'annual')?.unitAmount ?? null,
      },
    })),
    otherItemsInCart: items.filter((i) => i.subscription_id !== sub.id).length,
    inCart: Boolean(mine),
  };
}
