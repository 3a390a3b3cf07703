import { ApplicationFailure } from '@temporalio/activity';
import { newId } from '../../db/ids';
import type { Currency } from '../../db/schema';
import { renderUserMessage, userMessage } from '../../server/i18n/user-message';
import type { IntentState } from '../../server/payments/stripe-gateway';
import { WorkflowMessageKeys, type UserMessage } from '../shared';
import type { ActivityDeps } from './deps';
import { sendRefundEmail } from './emails';

// Payments: one charge per (order, step), keyed in our database; the 3-D Secure wait around these
// activities is written once, workflow side, in workflows/lib/payment.ts.

export type ChargeStatus = 'succeeded' | 'not_required' | 'requires_action' | 'processing' | 'failed';

export interface ChargeResult {
  status: ChargeStatus;
  /** Why it failed, by message key (told to each reader in their language). */
  failure?: UserMessage;
}

export interface PaymentActivities {
  chargeOrder(input: { orderId: string; step: string; paymentMethodId: string | null; idempotencyKey: string }): Promise<ChargeResult>;
  refreshPayment(input: { orderId: string; step: string }): Promise<ChargeResult>;
  // A `reason` string is English text from a workflow scheduled before messages went by key.
  cancelPayment(input: { orderId: string; step: string; reason: UserMessage | string }): Promise<ChargeResult>;
  refundOrder(input: { orderId: string; step: string; reason: UserMessage | string }): Promise<void>;
}

/** A refused card, by Stripe's code: the message key picks the sentence per code. */
const declined = (code: string | null | undefined) => userMessage('errors.card.declined', { code: code ?? 'card_declined' });

function toCharge(state: IntentState): ChargeResult {
  switch (state.status) {
    case 'succeeded':
      return { status: 'succeeded' };
    case 'requires_action':
      return { status: 'requires_action' };
    case 'processing':
    case 'requires_confirmation':
      return { status: 'processing' };
    default:
      return { status: 'failed', failure: declined(state.failureCode) };
  }
}

const paymentStatus = (c: ChargeResult) =>
  c.status === 'succeeded' ? 'succeeded' : c.status === 'requires_action' ? 'requires_action' : c.status === 'failed' ? 'failed' : 'pending';

export function createPaymentActivities(deps: ActivityDeps): PaymentActivities {
  const { db, payments } = deps;

  async function loadOrder(orderId: string) {
    const order = await db
      .selectFrom('orders as o')
      .innerJoin('accounts as a', 'a.id', 'o.account_id')
      .select(['o.id', 'o.account_id', 'o.status', 'o.total', 'o.currency', 'o.credit_applied', 'a.stripe_customer_id'])
      .where('o.id', '=', orderId)
      .executeTakeFirst();
    if (!order) throw ApplicationFailure.nonRetryable(`order ${orderId} does not exist`, 'OrderNotFound');
    return order;
  }

  /** The payment's outcome and the order's status that follows from it, in one statement (a CTE: both or neither). */
  async function record(paymentId: string, orderId: string, state: ChargeResult) {
    await db
      .with('recorded', (qb) =>
        qb
          .updateTable('payments')
          .set({ status: paymentStatus(state), failure_message: state.status === 'failed' ? renderUserMessage('en', state.failure ?? declined(null)) : null, failure_code: state.status === 'failed' ? String(state.failure?.params?.code ?? 'card_declined') : null })
          .where('id', '=', paymentId)
          .where('status', 'not in', ['succeeded', 'refunded', 'partially_refunded'])
          .returning('id'),
      )
      .updateTable('orders')
      .set({ status: state.status === 'requires_action' ? 'awaiting_payment' : 'processing' })
      .where('id', '=', orderId)
      .where('status', 'in', ['processing', 'awaiting_payment', 'pending'])
      .execute();
  }

  async function paymentRow(orderId: string, step: string) {
    return db.selectFrom('payments').select(['id', 'status', 'stripe_payment_intent_id', 'amount']).where('order_id', '=', orderId).where('step', '=', step).executeTakeFirst();
  }

  return {
    /**
     * Charges the order once, keyed by (order_id, step) in our database, never by Stripe's idempotency:
     * the intent is created unconfirmed, stored, and only the stored intent is confirmed. A retry (or a
     * new worker after a crash) finds the stored intent and reads its outcome instead of charging again.
     */
    async chargeOrder({ orderId, step, paymentMethodId }) {
      const order = await loadOrder(orderId);
      if (order.total === 0n) return { status: 'not_required' };
      // The step's payment row: made now (returned by the insert), or the one an earlier attempt made.
      const made = await db
        .insertInto('payments')
        .values({ id: newId('pay'), account_id: order.account_id, order_id: orderId, step, amount: order.total, currency: order.currency as Currency })
        .onConflict((oc) => oc.columns(['order_id', 'step']).doNothing())
        .returning(['id', 'status', 'stripe_payment_intent_id', 'amount'])
        .executeTakeFirst();
      let pay = made ?? (await paymentRow(orderId, step))!;
      if (pay.status === 'succeeded') return { status: 'succeeded' };
      let fresh: IntentState | null = null;
      if (!pay.stripe_payment_intent_id) {
        if (!paymentMethodId || !order.stripe_customer_id) {
          const res: ChargeResult = { status: 'failed', failure: userMessage('errors.order.noCard') };
          await record(pay.id, orderId, res);
          return res;
        }
        // The card this intent charges, stored with it: the order page shows the card that paid, not the
        // account's default card (which a later order may change).
        const card = await payments.getPaymentMethod(paymentMethodId);
        const created = await payments.createPaymentIntent({
          amount: pay.amount,
          currency: order.currency,
          customerId: order.stripe_customer_id,
          paymentMethodId,
          metadata: { seatplan_order_id: orderId, seatplan_payment_id: pay.id, seatplan_step: step },
        });
        // Only the first stored intent counts; a concurrent attempt's spare one is never confirmed.
        const stored = await db
          .updateTable('payments')
          .set({ stripe_payment_intent_id: created.id, card_brand: card?.brand ?? null, card_last4: card?.last4 && /^[0-9]{4}$/.test(card.last4) ? card.last4 : null })
          .where('id', '=', pay.id)
          .where('stripe_payment_intent_id', 'is', null)
          .returning('id')
          .executeTakeFirst();
        // Ours was stored: the intent is the one just created, whose state Stripe has just answered.
        if (stored) fresh = created;
        else pay = (await paymentRow(orderId, step))!;
      }
      const intentId = fresh?.id ?? pay.stripe_payment_intent_id!;
      let state = fresh ?? (await payments.getPaymentIntent(intentId));
      if (state.amount !== pay.amount) throw ApplicationFailure.nonRetryable(`payment intent ${intentId} amount ${state.amount} differs from ${pay.amount}`, 'AmountMismatch');
      if (state.status === 'requires_confirmation') state = await payments.confirmPaymentIntent(intentId);
      const result = toCharge(state);
      await record(pay.id, orderId, result);
      return result;
    },

    async refreshPayment({ orderId, step }) {
      const pay = await paymentRow(orderId, step);
      if (!pay?.stripe_payment_intent_id) return { status: 'failed', failure: userMessage('errors.order.paymentNotStarted') };
      const result = toCharge(await payments.getPaymentIntent(pay.stripe_payment_intent_id));
      await record(pay.id, orderId, result);
      return result;
    },

    async cancelPayment({ orderId, step, reason }) {
      // The only reason workflows ever gave as English text was the authentication timeout.
      const failure = typeof reason === 'string' ? { key: WorkflowMessageKeys.authenticationTimedOut } : reason;
      const pay = await paymentRow(orderId, step);
      if (!pay?.stripe_payment_intent_id) return { status: 'failed', failure };
      const now = await payments.getPaymentIntent(pay.stripe_payment_intent_id);
      if (now.status === 'succeeded') {
        const ok: ChargeResult = { status: 'succeeded' };
        await record(pay.id, orderId, ok);
        return ok;
      }
      if (now.status !== 'canceled' && now.status !== 'failed') await payments.cancelPaymentIntent(pay.stripe_payment_intent_id);
      const res: ChargeResult = { status: 'failed', failure };
      await record(pay.id, orderId, res);
      return res;
    },

    /**
     * Gives the whole payment back when the order cannot be applied after payment — at most one refund
     * per payment, whatever is retried — and tells the billing contact (once). The refund is claimed in
     * our database first (`refunds` row), and before asking Stripe to refund, Stripe's refunds of the
     * intent are read: an attempt that died after Stripe refunded but before the refund's id was stored
     * finds its refund there (by our refund id in the metadata) instead of refunding again. localstripe
     * would refund twice, and real Stripe's refusal of a second refund is not something to rely on.
     */
    async refundOrder({ orderId, step, reason }) {
      const pay = await paymentRow(orderId, step);
      if (!pay || !pay.stripe_payment_intent_id) return;
      if (pay.status !== 'succeeded' && pay.status !== 'refunded') return;
      const intentId = pay.stripe_payment_intent_id;
      if (pay.status === 'succeeded') {
        const claimed = await db.transaction().execute(async (trx) => {
          await trx.selectFrom('payments').select('id').where('id', '=', pay.id).forUpdate().execute();
          const existing = await trx.selectFrom('refunds').select(['id', 'stripe_refund_id']).where('payment_id', '=', pay.id).executeTakeFirst();
          if (existing) return existing;
          const id = newId('rf');
          await trx.insertInto('refunds').values({ id, payment_id: pay.id, amount: pay.amount, reason: renderUserMessage('en', reason) }).execute();
          return { id, stripe_refund_id: null };
        });
        if (!claimed.stripe_refund_id) {
          // The claimed row stays locked while Stripe is asked: two attempts running at once (a timed-out
          // one still going, and its retry) ask one after the other, and the second finds the first's refund.
          await db.transaction().execute(async (trx) => {
            const row = await trx.selectFrom('refunds').select('stripe_refund_id').where('id', '=', claimed.id).forUpdate().executeTakeFirstOrThrow();
            if (row.stripe_refund_id) return;
            const live = (await payments.listRefunds(intentId)).filter((r) => r.status !== 'failed' && r.status !== 'canceled');
            const ours = live.find((r) => r.metadata.seatplan_refund_id === claimed.id);
            const refundedElsewhere = live.reduce((sum, r) => sum + r.amount, 0n) >= pay.amount;
            let stripeRefundId: string | null = ours?.id ?? null;
            if (!ours && !refundedElsewhere) {
              stripeRefundId = (await payments.refund({ paymentIntentId: intentId, amount: pay.amount, metadata: { seatplan_order_id: orderId, seatplan_refund_id: claimed.id } })).refundId;
            }
            // Refunded elsewhere (e.g. from the Stripe dashboard): the money is back; there is no id of ours to store.
            if (stripeRefundId) await trx.updateTable('refunds').set({ stripe_refund_id: stripeRefundId }).where('id', '=', claimed.id).execute();
          });
        }
        await db.updateTable('payments').set({ status: 'refunded' }).where('id', '=', pay.id).where('status', '=', 'succeeded').execute();
      }
      await sendRefundEmail(deps, orderId, pay.id, pay.amount, reason);
    },
  };
}
