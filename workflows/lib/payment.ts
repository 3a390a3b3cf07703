import { condition, proxyActivities } from '@temporalio/workflow';
import type { ChargeResult, PaymentActivities } from '../activities/payments';
import { WorkflowMessageKeys, type UserMessage } from '../shared';

// The payment step every order workflow shares (WF-1, WF-2, WF-4 and the order kinds to come): charge the
// order once, wait for 3-D Secure when the card asks for it, and give the money back when the order
// cannot be applied. Workflow code: deterministic, no I/O but through the activities.

/** Payment calls wait on Stripe; a declined card is a result, not an exception. */
const payments = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['OrderNotFound', 'AmountMismatch'] },
});

/**
 * The "payment changed" nudge (3-D Secure completed in the page, a Stripe webhook): the workflow's
 * signal handler calls `nudge()` for its order; `takePayment` waits on it.
 */
export class PaymentNudge {
  private nudged = false;

  nudge(): void {
    this.nudged = true;
  }

  /** Waits for the next nudge, at most `ms`; true when nudged. */
  async next(ms: number): Promise<boolean> {
    this.nudged = false;
    return condition(() => this.nudged, ms);
  }
}

export interface TakePayment {
  orderId: string;
  /** The order's payment step (unique per order: 'charge', later e.g. 'renewal-attempt-2'). */
  step: string;
  /** The Stripe PaymentMethod to charge; null when nothing is due. */
  paymentMethodId: string | null;
  idempotencyKey: string;
  /**
   * How long the customer has to complete 3-D Secure before the attempt is cancelled; 0 when nobody is
   * there to do it (a renewal charged at its period end): a card that asks is then cancelled at once.
   */
  actionTimeoutMs: number;
  /** Why an attempt cancelled for want of authentication failed (default: the authentication timed out). */
  unauthenticated?: UserMessage;
  nudge: PaymentNudge;
  /** Called each time the charge waits for the customer's authentication, before the wait (e.g. to show it). */
  onActionRequired?: () => void;
}

/**
 * Charges the order's step (the amount is the order's total, fixed when it was placed) and, while the
 * card needs the customer's authentication or Stripe is still processing, waits for a nudge (or polls
 * a processing charge every 5 s); an authentication not completed in time cancels the attempt. Returns
 * the settled outcome: 'succeeded', 'not_required' (nothing due) or 'failed' with its message.
 */
export async function takePayment(p: TakePayment): Promise<ChargeResult> {
  const { orderId, step } = p;
  let charge = await payments.chargeOrder({ orderId, step, paymentMethodId: p.paymentMethodId, idempotencyKey: p.idempotencyKey });
  const unauthenticated = p.unauthenticated ?? { key: WorkflowMessageKeys.authenticationTimedOut };
  while (charge.status === 'requires_action' || charge.status === 'processing') {
    if (charge.status === 'requires_action' && p.actionTimeoutMs <= 0) {
      charge = await payments.cancelPayment({ orderId, step, reason: unauthenticated });
      continue;
    }
    if (charge.status === 'requires_action') p.onActionRequired?.();
    const nudged = await p.nudge.next(charge.status === 'processing' ? 5_000 : p.actionTimeoutMs);
    charge = await payments.refreshPayment({ orderId, step });
    if (!nudged && charge.status === 'requires_action') {
      charge = await payments.cancelPayment({ orderId, step, reason: unauthenticated });
    }
  }
  return charge;
}

/** Gives the step's whole payment back (at most once, whatever is retried) and tells the billing contact. */
export async function refundPayment(p: { orderId: string; step: string; reason: UserMessage }): Promise<void> {
  await payments.refundOrder(p);
}
