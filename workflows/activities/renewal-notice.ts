import { Context } from '@temporalio/activity';
import type { Db } from '../../db/client';
import type { OrderLineKind } from '../../db/schema';
import { notifyRenewal } from '../../server/temporal/starters';

/** Lines that (re)start a subscription's paid period: its renewal workflow must learn the new end. */
const ANCHORING: OrderLineKind[] = ['conversion', 'change'];

/**
 * WF-4 learns of every fulfilled order that concerns a renewal — told once, here, by the core's fulfil
 * activity after the order's transaction committed (so the workflow reads the committed state):
 * - a conversion or change (WF-1, WF-2, a BC-5 cart) activated or re-anchored a subscription: its
 *   renewal workflow is started, or woken to re-read the new period;
 * - an invoice payment (CP-6 / WF-5) paid a renewal's invoice: the renewal workflow stops its reminders.
 * Safe to repeat (signal-with-start; the workflow only re-reads the database). The worker's own client
 * and task queue are used, so the renewal workflow runs where the order's did.
 */
export async function notifyRenewalsOfOrder(db: Db, orderId: string): Promise<void> {
  // One statement: the subscriptions the order anchored, and those whose renewal invoice it paid.
  const rows = await db
    .selectFrom('order_lines as l')
    .innerJoin('subscriptions as s', 's.id', 'l.subscription_id')
    .select(['s.id', 's.account_id', 's.product_id'])
    .where('l.order_id', '=', orderId)
    .where('l.kind', 'in', ANCHORING)
    .where('s.status', '=', 'active')
    .unionAll(
      db
        .selectFrom('order_lines as l')
        .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
        .innerJoin('renewals as r', 'r.order_id', 'i.order_id')
        .innerJoin('subscriptions as s', 's.id', 'r.subscription_id')
        .select(['s.id', 's.account_id', 's.product_id'])
        .where('l.order_id', '=', orderId)
        .where('l.kind', '=', 'invoice_payment'),
    )
    .execute();
  const subs = new Map(rows.map((s) => [s.id, s]));
  if (subs.size === 0) return;
  const ctx = Context.current();
  for (const s of subs.values()) await notifyRenewal(ctx.client, ctx.info.taskQueue, { subscriptionId: s.id, accountId: s.account_id, productId: s.product_id });
}
