import { condition, proxyActivities } from '@temporalio/workflow';
import type { ChargeResult, PaymentActivities } from '../activities/payments';
import { WorkflowMessageKeys, type UserMessage } from '../shared';

// The payment step every order workflow shares (WF-1, WF-2, WF-3, WF-4 and the order kinds to come): charge
// the order once, wait for 3-D Secure when the card asks for it, give the money back when the order
// cannot be applied — and, for a kind that gives its customer time to pay (a payment window), wait for
// them until a deadline, telling them, and charge a new attempt when they ask for one. Workflow code:
// deterministic, no I/O but through the activities.

/** Payment calls wait on Stripe; a declined card is a result, not an exception. */
const payments = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['OrderNotFound', 'AmountMismatch'] },
});

/**
 * The customer's side of a payment, as signals bring it: "payment changed" (3-D Secure completed in the
 * page, a Stripe webhook) — the workflow's handler calls `nudge()` for its order — and, within a payment
 * window, "charge again" (`retry(attempt)`, e.g. after the card was updated). `takePayment` waits on them.
 */
export class PaymentNudge {
  private nudged = false;
  private wantedAttempt = 1;

  nudge(): void {
    this.nudged = true;
  }

  /** The customer asks for attempt `attempt` (2, 3 …); a repeat of an attempt already asked for changes nothing. */
  retry(attempt: number): void {
    if (Number.isSafeInteger(attempt) && attempt > this.wantedAttempt) this.wantedAttempt = attempt;
  }

  /** Waits for the next nudge, at most `ms`; true when nudged. */
  async next(ms: number): Promise<boolean> {
    this.nudged = false;
    return condition(() => this.nudged, ms);
  }

  /** Forgets earlier nudges: from now on, one counts (called before telling the customer, so a quick answer is not lost). */
  arm(): void {
    this.nudged = false;
  }

  /** The attempt the customer asked for after `attempt`, or null. */
  retryAfter(attempt: number): number | null {
    return this.wantedAttempt > attempt ? this.wantedAttempt : null;
  }

  /** Waits at most `ms` for a retry after `attempt` or — when `orNudge` — a nudge since `arm()`; true when woken. */
  async wait(ms: number, attempt: number, orNudge: boolean): Promise<boolean> {
    return condition(() => this.retryAfter(attempt) !== null || (orNudge && this.nudged), ms);
  }
}

/** What the customer is told they must do, and until when (the payment window's hook). */
export interface CustomerNeeded {
  attempt: number;
  step: string;
  /** 'requires_action': authenticate (3-D Secure); 'failed': the card was declined (or there is none) — update it and pay. */
  charge: ChargeResult;
  /** Workflow time (ms since the epoch) until which the order waits. */
  deadline: number;
}

/**
 * A kind that gives its customer time to pay (WF-3's service order, dunning, paying an invoice): a
 * declined card or a pending authentication does not end the payment; the order waits until `deadline`,
 * and each new attempt the customer asks for (PaymentNudge.retry) is charged as its own payment step.
 */
export interface PaymentWindow {
  /** Workflow time (ms since the epoch) when the window closes; the payment then fails with `deadlineReason`. */
  deadline: number;
  /** Why the payment failed at the deadline (default: errors.order.paymentDeadline). */
  deadlineReason?: UserMessage;
  /** Each time the payment needs the customer, before the wait: e.g. the "please pay" email (keyed by `step`). */
  onCustomerNeeded?: (need: CustomerNeeded) => Promise<void>;
  /** The card of a new attempt (the customer may have put in another one); default: the first attempt's. */
  paymentMethodFor?: (attempt: number) => Promise<string | null>;
  /** Called before each new attempt is charged (e.g. to show it). */
  onAttempt?: (attempt: number, step: string) => void;
}

export interface TakePayment {
  orderId: string;
  /** The order's payment step (unique per order: 'charge', later e.g. 'renewal-attempt-2'); attempt n ≥ 2 of a window is `${step}-${n}`. */
  step: string;
  /** The Stripe PaymentMethod to charge; null when nothing is due. */
  paymentMethodId: string | null;
  idempotencyKey: string;
  /**
   * How long the customer has to complete 3-D Secure before the attempt is cancelled; 0 when nobody is
   * there to do it (a renewal charged at its period end): a card that asks is then cancelled at once.
   * Within a payment window: at most until its deadline.
   */
  actionTimeoutMs: number;
  /** Why an attempt cancelled for want of authentication failed (default: the authentication timed out). */
  unauthenticated?: UserMessage;
  nudge: PaymentNudge;
  /** Called each time the charge waits for the customer's authentication, before the wait (e.g. to show it). */
  onActionRequired?: () => void;
  /** Optional: the customer has until a deadline to pay (see PaymentWindow); without it a decline is final. */
  window?: PaymentWindow;
}

/** The settled outcome, and the payment step it settled on (what a refund gives back). */
export type TakenPayment = ChargeResult & { step: string };

/**
 * Charges the order's step (the amount is the order's total, fixed when it was placed) and, while the
 * card needs the customer's authentication or Stripe is still processing, waits for a nudge (or polls
 * a processing charge every 5 s); an authentication not completed in time cancels the attempt. Returns
 * the settled outcome: 'succeeded', 'not_required' (nothing due) or 'failed' with its message. With a
 * `window`, a failed attempt waits for the customer instead (see `takePaymentWithin`).
 */
export async function takePayment(p: TakePayment): Promise<TakenPayment> {
  if (p.window) return takePaymentWithin(p, p.window);
  // The commands of this path are recorded in WF-1's and WF-2's histories: keep them as they are.
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
  return { ...charge, step };
}

/**
 * The payment window: attempt 1 is `step`, attempt n is `${step}-${n}`, each charged once. While an
 * attempt needs the customer — 3-D Secure (at most `actionTimeoutMs`, then the attempt is cancelled),
 * or declined — the customer is told (`onCustomerNeeded`, after `arm()`, so an answer that arrives
 * while they are being told still counts) and the workflow waits for their nudge or their retry. At
 * the deadline a pending authentication is cancelled and the payment fails; nothing was taken.
 */
async function takePaymentWithin(p: TakePayment, w: PaymentWindow): Promise<TakenPayment> {
  const { orderId } = p;
  let attempt = 1;
  let step = p.step;
  let paymentMethodId = p.paymentMethodId;
  const charge$ = () => payments.chargeOrder({ orderId, step, paymentMethodId, idempotencyKey: attempt === 1 ? p.idempotencyKey : `${p.idempotencyKey}-${attempt}` });
  let charge = await charge$();
  for (;;) {
    if (charge.status === 'succeeded' || charge.status === 'not_required') return { ...charge, step };
    if (charge.status === 'processing') {
      await p.nudge.next(5_000);
      charge = await payments.refreshPayment({ orderId, step });
      continue;
    }
    const deadlineReason = w.deadlineReason ?? { key: WorkflowMessageKeys.paymentDeadlinePassed };
    const authenticating = charge.status === 'requires_action';
    let woken = false;
    if (w.deadline > Date.now()) {
      p.nudge.arm();
      if (authenticating) p.onActionRequired?.();
      await w.onCustomerNeeded?.({ attempt, step, charge, deadline: w.deadline });
      const ms = Math.min(w.deadline - Date.now(), authenticating ? p.actionTimeoutMs : Number.POSITIVE_INFINITY);
      woken = ms > 0 && (await p.nudge.wait(ms, attempt, authenticating));
    }
    const next = p.nudge.retryAfter(attempt);
    if (next !== null) {
      // A new attempt (a new card, or the same one fixed): a pending authentication of the old one is dropped.
      if (authenticating) await payments.cancelPayment({ orderId, step, reason: { key: WorkflowMessageKeys.paymentAttemptReplaced } });
      attempt = next;
      step = `${p.step}-${attempt}`;
      if (w.paymentMethodFor) paymentMethodId = await w.paymentMethodFor(attempt);
      w.onAttempt?.(attempt, step);
      charge = await charge$();
      continue;
    }
    const closed = w.deadline <= Date.now();
    if (authenticating) {
      charge = await payments.refreshPayment({ orderId, step });
      if (!woken && charge.status === 'requires_action') {
        charge = await payments.cancelPayment({ orderId, step, reason: closed ? deadlineReason : { key: WorkflowMessageKeys.authenticationTimedOut } });
      }
      continue;
    }
    // Declined, and the window closed without a new attempt.
    if (closed) return { status: 'failed', failure: deadlineReason, step };
  }
}

/** Gives the step's whole payment back (at most once, whatever is retried) and tells the billing contact. */
export async function refundPayment(p: { orderId: string; step: string; reason: UserMessage }): Promise<void> {
  await payments.refundOrder(p);
}
