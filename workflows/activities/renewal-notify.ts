import { Context } from '@temporalio/activity';
import type { Db } from '../../db/client';
import { notifyRenewal } from '../../server/temporal/starters';

/**
 * WF-4 learns of every order that activated or re-anchored a subscription (WF-1 conversion, WF-2
 * change, a BC-5 cart): after the order's transaction committed, each active subscription of the order
 * gets its renewal workflow started, or woken to re-read its new period. Called from the activity that
 * fulfilled the order (with the worker's own client and task queue); safe to repeat.
 */
export async function notifyRenewalsOfOrder(db: Db, orderId: string): Promise<void> {
  const subs = await db
    .selectFrom('order_lines as l')
    .innerJoin('subscriptions as s', 's.id', 'l.subscription_id')
    .select(['s.id', 's.account_id', 's.product_id'])
    .where('l.order_id', '=', orderId)
    .where('s.status', '=', 'active')
    .execute();
  if (subs.length === 0) return;
  const ctx = Context.current();
  for (const s of subs) await notifyRenewal(ctx.client, ctx.info.taskQueue, { subscriptionId: s.id, accountId: s.account_id, productId: s.product_id });
}
