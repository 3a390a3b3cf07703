import { ApplicationFailure, condition, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { bookkeeping, fulfil, sendConfirmation, stepFailedForGood } from './lib/bookkeeping';
import { PaymentNudge, refundPayment, takePayment } from './lib/payment';
import {
  paymentUpdatedSignal,
  SearchAttributes,
  submitChangeUpdate,
  subscriptionChangeStatusQuery,
  WorkflowMessageKeys,
  type ChangePaymentOutcome,
  type SubscriptionChangeInput,
  type SubscriptionChangeStatus,
} from './shared';

/** Marks runs whose permanent failure after the charge refunds it; older ones replay without the refund. */
export const REFUND_ON_PERMANENT_FAILURE_PATCH = 'change-refund-on-permanent-failure';

/** Marks runs in which a confirmation that fails for good leaves the applied change completed; older ones reported the order failed. */
export const APPLIED_CHANGE_STANDS_PATCH = 'change-applied-stands';

/**
 * WF-2, one per change order (`subscription-change-<orderId>`). The amounts were fixed when the order
 * was placed, by the same function as the preview; this workflow moves money and state exactly once:
 * payment (only if something is due) → apply the change atomically with a version check (tier, seats,
 * frequency, new period, ledger, invoice or credit note) → confirmation email. A failed payment or a
 * subscription that changed meanwhile leaves the subscription as it was (and refunds a payment).
 */
export async function subscriptionChangeWorkflow(input: SubscriptionChangeInput): Promise<'completed' | 'failed'> {
  const { orderId } = input;
  const workflowId = workflowInfo().workflowId;
  let status: SubscriptionChangeStatus = 'charging';
  let outcome: ChangePaymentOutcome | null = null;
  const payment = new PaymentNudge();
  // Once the change is applied the payment is the order's for good; before, a permanent failure gives it back.
  let applied = false;

  setHandler(subscriptionChangeStatusQuery, () => status);
  setHandler(
    submitChangeUpdate,
    async () => {
      // Place order waits for the payment's outcome, so a declined card is told on the same page.
      await condition(() => outcome !== null);
      return { orderId, payment: outcome! };
    },
    {
      validator: (req) => {
        if (!req || req.orderId !== orderId) throw ApplicationFailure.nonRetryable('This order belongs to another change.', WorkflowMessageKeys.otherChange);
      },
    },
  );
  setHandler(paymentUpdatedSignal, (s) => {
    if (s?.orderId === orderId) payment.nudge();
  });

  const setStatus = (s: SubscriptionChangeStatus) => {
    status = s;
    upsertSearchAttributes([{ key: SearchAttributes.status, value: s }]);
  };

  try {
    const step = 'charge';
    const charge = await takePayment({
      orderId,
      step,
      paymentMethodId: input.paymentMethodId,
      idempotencyKey: `${workflowId}:${step}`,
      actionTimeoutMs: (input.paymentActionTimeoutSeconds ?? 900) * 1000,
      nudge: payment,
      onActionRequired: () => {
        outcome ??= { status: 'requires_action' };
        setStatus('awaiting_payment');
      },
    });
    if (charge.status !== 'succeeded' && charge.status !== 'not_required') {
      // Told by key: Place order and the order page say it in the reader's language (with "not changed").
      const failure = charge.failure ?? { key: WorkflowMessageKeys.paymentFailed };
      outcome ??= { status: 'failed', failure };
      await bookkeeping.failOrder({ orderId, reason: failure });
      setStatus('failed');
      return 'failed';
    }
    outcome ??= { status: charge.status };

    setStatus('applying');
    const application = await fulfil('applyChange', { orderId });
    if (application.status === 'rejected') {
      // The subscription changed under the order after payment: give the money back, change nothing.
      await refundPayment({ orderId, step, reason: application.reason });
      await bookkeeping.failOrder({ orderId, reason: application.reason });
      setStatus('failed');
      return 'failed';
    }
    applied = true;
    await sendConfirmation('sendChangeConfirmation', { orderId, idempotencyKey: `${workflowId}:confirmation` });
    setStatus('completed');
    return 'completed';
  } catch (err) {
    // A permanent step failure (e.g. the order is not in this deployment's database), remote or local
    // (a local one is not wrapped in an ActivityFailure): end the order.
    if (!stepFailedForGood(err)) throw err;
    log.error('subscription change failed permanently', { orderId, error: String(err.cause?.message ?? err.message) });
    if (applied && patched(APPLIED_CHANGE_STANDS_PATCH)) {
      // The change is applied and invoiced, the order completed: only its confirmation could not be sent.
      setStatus('completed');
      return 'completed';
    }
    outcome ??= { status: 'failed', failure: { key: WorkflowMessageKeys.changeNotProcessed } };
    // Never applied: whatever was charged goes back (refundOrder does nothing where nothing succeeded).
    // Behind a patch: a run already past this point at a deploy recorded failOrder next, without it.
    if (!applied && patched(REFUND_ON_PERMANENT_FAILURE_PATCH)) await refundPayment({ orderId, step: 'charge', reason: { key: WorkflowMessageKeys.changeNotProcessed } });
    await bookkeeping.failOrder({ orderId, reason: { key: WorkflowMessageKeys.changeNotProcessed } });
    setStatus('failed');
    return 'failed';
  }
}
