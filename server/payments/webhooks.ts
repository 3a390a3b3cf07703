import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import type { Db } from '../../db/client';
import { recordStripeEvent } from '../services/stripe-events';
import { orderWorkflowId } from '../services/order-delivery';
import { nudgeOrderPayment } from '../temporal/starters';

export interface WebhookOutcome {
  duplicate: boolean;
  /** The order whose workflow was told, if any. */
  orderId: string | null;
}

/**
 * A verified Stripe event: recorded once (a redelivery is a no-op), and when it is about one of our
 * orders' PaymentIntents the order's workflow is woken up; the workflow then reads the intent from
 * Stripe itself, so a forged or stale event cannot move money or state.
 */
export async function handleStripeEvent(deps: { db: Db; temporal: () => Promise<Client> }, event: Pick<Stripe.Event, 'id' | 'type' | 'data'>): Promise<WebhookOutcome> {
  const fresh = await recordStripeEvent(deps.db, { id: event.id, type: event.type });
  if (!fresh) return { duplicate: true, orderId: null };
  let orderId: string | null = null;
  if (event.type.startsWith('payment_intent.')) {
    const intent = event.data.object as { metadata?: Record<string, string> | null };
    orderId = intent.metadata?.seatplan_order_id ?? null;
    if (orderId) {
      const order = await deps.db.selectFrom('orders').select(['status', 'workflow_id']).where('id', '=', orderId).executeTakeFirst();
      const workflowId = orderWorkflowId(order?.workflow_id ?? null);
      if (order && workflowId && (order.status === 'processing' || order.status === 'awaiting_payment')) {
        await nudgeOrderPayment(await deps.temporal(), workflowId, orderId);
      }
    }
  }
  await deps.db.updateTable('stripe_events').set({ processed_at: new Date() }).where('id', '=', event.id).execute();
  return { duplicate: false, orderId };
}
