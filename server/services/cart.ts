import type { Db, DbOrTrx } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import { newId } from '../../db/ids';
import type { Frequency } from '../../db/schema';
import { MAX_SEATS } from '../billing';
import { userError } from '../errors';
import { quoteConversion, type CheckoutQuote } from './checkout-quote';
import { quoteChange, type ChangeTarget } from './change-pricing';

export interface CartView {
  cartId: string | null;
  items: Array<{ id: string; kind: 'conversion' | 'change'; subscriptionId: string; tierId: string; seats: number; frequency: Frequency }>;
  /** The priced cart, or the reason it cannot be priced now (e.g. a trial ended meanwhile). */
  quote: CheckoutQuote | null;
  problem: { message: string; subscriptionId?: string } | null;
}

async function openCart(db: DbOrTrx, accountId: string) {
  return db.selectFrom('carts').select(['id']).where('account_id', '=', accountId).where('status', '=', 'open').executeTakeFirst();
}

export async function cartItems(db: DbOrTrx, cartId: string) {
  return db.selectFrom('cart_items').select(['id', 'kind', 'subscription_id as subscriptionId', 'tier_id as tierId', 'seats', 'frequency']).where('cart_id', '=', cartId).orderBy('created_at').execute() as Promise<CartView['items']>;
}

/** BC-5: the account's open cart, priced with the same function as the order (VAT number optional). */
export async function getCart(db: Db, input: { accountId: string; at: Date; vatNumber?: string | null; sellerCountry: string }): Promise<CartView> {
  const cart = await openCart(db, input.accountId);
  if (!cart) return { cartId: null, items: [], quote: null, problem: null };
  const items = await cartItems(db, cart.id);
  if (items.length === 0) return { cartId: cart.id, items, quote: null, problem: null };
  try {
    const quote = await quoteConversion(db, { accountId: input.accountId, items, at: input.at, vatNumber: input.vatNumber, sellerCountry: input.sellerCountry });
    return { cartId: cart.id, items, quote, problem: null };
  } catch (err) {
    if (err instanceof Error && 'kind' in err && (err as { kind: string }).kind === 'BAD_REQUEST' && (err as { details?: { field?: string } }).details?.field === 'vatNumber') throw err;
    if (err instanceof Error && 'kind' in err) {
      const details = (err as { details?: { subscriptionId?: string } }).details;
      return { cartId: cart.id, items, quote: null, problem: { message: err.message, subscriptionId: details?.subscriptionId } };
    }
    throw err;
  }
}

/**
 * BC-3 "Complete transaction" / "Add to cart": puts a trial conversion in the open cart (one cart per
 * account, made on first use), or updates the item when the product is already there ("Edit order").
 * The item is priced at once, so an invalid choice is refused here rather than at checkout.
 */
export async function addConversionToCart(
  db: Db,
  input: { accountId: string; subscriptionId: string; tierId: string; seats: number; frequency: Frequency; at: Date; sellerCountry: string },
) {
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > MAX_SEATS) throw userError('BAD_REQUEST', 'errors.seats.range', { max: MAX_SEATS }, { field: 'seats' });
  // Validates ownership, trial state, tier and price before anything is written.
  await quoteConversion(db, { accountId: input.accountId, items: [input], at: input.at, sellerCountry: input.sellerCountry });
  return putInCart(db, { ...input, kind: 'conversion' });
}

/**
 * BC-4/BC-5 "Add to cart" on the Modify subscription page (the cart already holds items): puts a change
 * of an active subscription in the cart, or replaces the one already there. It is priced at once by
 * `quoteChange` (the single change's preview), so a downgrade, too few seats or a change in flight are
 * refused here; checkout prices it again with the same function.
 */
export async function addChangeToCart(db: Db, input: { accountId: string; subscriptionId: string; target: ChangeTarget; at: Date; sellerCountry: string }) {
  await quoteChange(db, { accountId: input.accountId, subscriptionId: input.subscriptionId, target: input.target, at: input.at, sellerCountry: input.sellerCountry });
  return putInCart(db, { accountId: input.accountId, subscriptionId: input.subscriptionId, ...input.target, at: input.at, kind: 'change' });
}

async function putInCart(db: Db, input: { accountId: string; subscriptionId: string; tierId: string; seats: number; frequency: Frequency; at: Date; kind: 'conversion' | 'change' }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        let cart = await openCart(trx, input.accountId);
        if (!cart) {
          cart = { id: newId('cart') };
          await trx.insertInto('carts').values({ id: cart.id, account_id: input.accountId }).execute();
        }
        await trx
          .insertInto('cart_items')
          .values({ id: newId('ci'), cart_id: cart.id, kind: input.kind, subscription_id: input.subscriptionId, tier_id: input.tierId, seats: input.seats, frequency: input.frequency })
          .onConflict((oc) => oc.columns(['cart_id', 'subscription_id']).doUpdateSet({ kind: input.kind, tier_id: input.tierId, seats: input.seats, frequency: input.frequency }))
          .execute();
        await trx.updateTable('carts').set({ updated_at: input.at }).where('id', '=', cart.id).execute();
        return { cartId: cart.id };
      });
    } catch (err) {
      // Two first items at once: the other request made the cart; use it.
      if (isUniqueViolation(err, 'carts_one_open_per_account')) continue;
      throw err;
    }
  }
  throw userError('CONFLICT', 'errors.cart.busy');
}

export async function removeFromCart(db: Db, input: { accountId: string; subscriptionId: string }) {
  const cart = await openCart(db, input.accountId);
  if (!cart) throw userError('NOT_FOUND', 'errors.cart.empty');
  const res = await db.deleteFrom('cart_items').where('cart_id', '=', cart.id).where('subscription_id', '=', input.subscriptionId).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw userError('NOT_FOUND', 'errors.cart.itemNotFound');
  return { cartId: cart.id };
}
