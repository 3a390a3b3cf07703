import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import type { Db } from '../../db/client';
import type { PaymentStatus } from '../../db/schema';
import { recordStripeEvent } from '../services/stripe-events';
import { orderWorkflowId } from '../services/order-delivery';
import { nudgeOrderPayment } from '../temporal/starters';

export interface WebhookOutcome {
  duplicate: boolean;
  /** The order the event is about, if any. */
  orderId: string | null;
  /** Whether the order's workflow was signalled (only when the event can still change its payment). */
  signalled: boolean;
}

/** Events that settle a PaymentIntent: the only ones a waiting workflow has anything to do about. */
const SETTLING_EVENTS = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled']);

/** Payment states the workflow still waits on; any other state is our final record and an event changes nothing. */
const OPEN_PAYMENT_STATES: readonly PaymentStatus[] = ['pending', 'requires_action'];

/**
 * A verified Stripe event: recorded once (a redelivery is a no-op), and when it settles one of our
 * payments that is still open, the order's workflow is woken up; the workflow then reads the intent
 * from Stripe itself, so a forged or stale event cannot move money or state. An event about a payment
 * we have already recorded as final (succeeded, failed, refunded) wakes nothing: a signal there would
 * only add to the workflow's history (and wake a renewal or service order waiting on something else).
 */
export async function handleStripeEvent(deps: { db: Db; temporal: () => Promise<Client> }, event: Pick<Stripe.Event, 'id' | 'type' | 'data'>): Promise<WebhookOutcome> {
  const fresh = await recordStripeEvent(deps.db, { id: event.id, type: event.type });
  if (!fresh) return { duplicate: true, orderId: null, signalled: false };
  let orderId: string | null = null;
  let signalled = false;
  if (event.type.startsWith('payment_intent.')) {
    const intent = event.data.object as { id?: string; metadata?: Record<string, string> | null };
    orderId = intent.metadata?.seatplan_order_id ?? null;
    if (orderId && intent.id && SETTLING_EVENTS.has(event.type)) {
      // Our record of this very intent (the workflow stores an intent before it confirms it).
      const open = await deps.db
        .selectFrom('payments as p')
        .innerJoin('orders as o', 'o.id', 'p.order_id')
        .select(['o.workflow_id'])
        .where('p.order_id', '=', orderId)
        .where('p.stripe_payment_intent_id', '=', intent.id)
        .where('p.status', 'in', OPEN_PAYMENT_STATES)
        .where('o.status', 'in', ['processing', 'awaiting_payment'])
        .executeTakeFirst();
      const workflowId = orderWorkflowId(open?.workflow_id ?? null);
      if (workflowId) {
        await nudgeOrderPayment(await deps.temporal(), workflowId, orderId);
        signalled = true;
      }
    }
  }
  await deps.db.updateTable('stripe_events').set({ processed_at: new Date() }).where('id', '=', event.id).execute();
  return { duplicate: false, orderId, signalled };
}
