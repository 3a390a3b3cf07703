import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import type { Currency } from '../../db/schema';
import { orderFailureColumns, type UserMessage } from '../i18n/user-message';

// An order that ends without being fulfilled (refused by its workflow, payment failed, refused at
// apply): nothing was applied, so the credit balance it used comes back and its items go back in a cart.

/**
 * Ends an open order that was not fulfilled — `cancelled` when its workflow refused it before any
 * payment, `failed` when its payment failed or it was refused at apply (its payment refunded) — and
 * gives back what it held, in one transaction. An order already ended is left as it is.
 */
export async function endUnfulfilledOrder(db: Db, orderId: string, status: 'failed' | 'cancelled', reason: UserMessage | string) {
  await db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('orders').select(['id', 'status', 'account_id', 'currency', 'credit_applied']).where('id', '=', orderId).forUpdate().executeTakeFirst();
    if (!order || order.status === 'completed' || order.status === 'failed' || order.status === 'cancelled') return;
    await trx.updateTable('orders').set({ status, ...orderFailureColumns(reason) }).where('id', '=', orderId).execute();
    await returnCreditAndCart(trx, { id: order.id, account_id: order.account_id, currency: order.currency as Currency, credit_applied: order.credit_applied });
  });
}

/** Gives back the credit an order used and puts its still-convertible items in an open cart again. */
async function returnCreditAndCart(trx: Trx, order: { id: string; account_id: string; currency: Currency; credit_applied: bigint }) {
  if (order.credit_applied > 0n) {
    await trx
      .insertInto('credit_ledger')
      .values({ id: newId('cl'), account_id: order.account_id, currency: order.currency, amount: order.credit_applied, reason: 'refund', order_id: order.id, note: 'Order not completed: credit returned' })
      .onConflict((oc) => oc.columns(['order_id', 'reason']).doNothing())
      .execute();
  }
  const lines = await trx
    .selectFrom('order_lines as l')
    .innerJoin('subscriptions as s', 's.id', 'l.subscription_id')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.kind', 'l.subscription_id', 'l.tier_id', 'l.seats', 'l.frequency', 's.status', 'o.cart_id'])
    .where('l.order_id', '=', order.id)
    .execute();
  // Conversions still possible go back; so do the changes of a cart order (a change placed on its own does not).
  // Other kinds of line (corporate orders) never came from a cart.
  const back = lines.flatMap((l) =>
    (l.kind === 'conversion' && l.status === 'trial') || (l.kind === 'change' && l.cart_id !== null && l.status === 'active') ? [{ ...l, kind: l.kind }] : [],
  );
  if (back.length === 0) return;
  let cart = await trx.selectFrom('carts').select('id').where('account_id', '=', order.account_id).where('status', '=', 'open').executeTakeFirst();
  if (!cart) {
    cart = { id: newId('cart') };
    await trx.insertInto('carts').values({ id: cart.id, account_id: order.account_id }).execute();
  }
  for (const l of back) {
    await trx
      .insertInto('cart_items')
      .values({ id: newId('ci'), cart_id: cart.id, kind: l.kind, subscription_id: l.subscription_id!, tier_id: l.tier_id!, seats: l.seats, frequency: l.frequency! })
      .onConflict((oc) => oc.columns(['cart_id', 'subscription_id']).doNothing())
      .execute();
  }
}
