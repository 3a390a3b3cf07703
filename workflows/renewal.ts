import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RenewalActivities, RenewalCharge } from './activities/renewal-types';
import {
  RenewalMessages,
  SearchAttributes,
  WorkflowMessageKeys,
  type OpenRenewal,
  type PayNowOutcome,
  type PayNowRequest,
  type RenewalEmailKind,
  type RenewalWorkflowInput,
  type RenewalWorkflowStatus,
  type UserMessage,
} from './shared';

// Payment calls wait on Stripe; a declined card is a result, not an exception.
const payment = proxyActivities<RenewalActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: ['RenewalNotFound', 'AmountMismatch'] },
});
// Database and email steps are short: a worker that dies mid-step is noticed (and the step retried) quickly.
const bookkeeping = proxyActivities<RenewalActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: ['RenewalNotFound'] },
});

export const renewalStatusQuery = defineQuery<RenewalWorkflowStatus>('renewalStatus');
export const subscriptionChangedSignal = defineSignal<[]>(RenewalMessages.changed);
export const renewalPaymentUpdatedSignal = defineSignal<[{ orderId?: string }?]>(RenewalMessages.paymentUpdated);
export const payNowUpdate = defineUpdate<PayNowOutcome, [PayNowRequest]>(RenewalMessages.payNow);

const paid = (c: RenewalCharge) => c.status === 'succeeded' || c.status === 'not_required';
const failureOf = (c: RenewalCharge): UserMessage => c.failure ?? { key: WorkflowMessageKeys.paymentFailed };

/**
 * WF-4, one per subscription (`renewal-<subscriptionId>`), for years: each run sleeps on a durable timer
 * until the current period's end, bills the next period once, and continues as new — so its history
 * holds one period. The database is the source of truth: the workflow re-reads the subscription when it
 * wakes (a WF-2 change re-anchors the period; a signal wakes it early), and every step is keyed by the
 * renewal (one per subscription and period), so a period already paid is never charged.
 *
 * Online (BC-9): the saved card is charged at the period end; a decline makes the subscription past due
 * and the schedule of retries (data, from the configuration) runs, each failure emailed with a link to
 * pay now; after the last one the subscription lapses, and paying the open invoice reactivates it.
 * Corporate: a renewal invoice with its due date, charged if the automatic method is a card, reminders
 * before and after the due date, and expiry when it stays unpaid.
 */
export async function renewalWorkflow(input: RenewalWorkflowInput): Promise<RenewalWorkflowStatus> {
  const { subscriptionId } = input;
  const workflowId = workflowInfo().workflowId;
  let status: RenewalWorkflowStatus = 'waiting';
  let changed = false;
  let nudged = false;
  /** The unsettled online renewal: while there is one, the billing admin can pay now. */
  let payable: OpenRenewal | null = null;
  const payNowQueue: PayNowRequest[] = [];
  const payNowResults = new Map<string, PayNowOutcome>();

  setHandler(renewalStatusQuery, () => status);
  setHandler(subscriptionChangedSignal, () => {
    changed = true;
  });
  setHandler(renewalPaymentUpdatedSignal, () => {
    nudged = true;
  });
  setHandler(
    payNowUpdate,
    async (req) => {
      if (!payNowResults.has(req.requestId) && !payNowQueue.some((r) => r.requestId === req.requestId)) payNowQueue.push(req);
      await condition(() => payNowResults.has(req.requestId));
      return payNowResults.get(req.requestId)!;
    },
    {
      // Runs before the update enters history: a refused request leaves no trace.
      validator: (req) => {
        const refuse = (key: string, english: string) => ApplicationFailure.nonRetryable(english, key);
        if (!req || typeof req.requestId !== 'string' || req.requestId.length === 0) throw refuse(WorkflowMessageKeys.malformed, 'The payment request is malformed.');
        if (payNowResults.has(req.requestId) || payNowQueue.some((r) => r.requestId === req.requestId)) return;
        if (!payable) throw refuse(WorkflowMessageKeys.nothingToPay, 'There is nothing to pay: this subscription has no unpaid renewal.');
      },
    },
  );

  const setStatus = (s: RenewalWorkflowStatus, orderId?: string) => {
    status = s;
    upsertSearchAttributes([{ key: SearchAttributes.status, value: s }, ...(orderId ? [{ key: SearchAttributes.orderId, value: orderId }] : [])]);
  };
  const email = (kind: RenewalEmailKind, renewalId: string | null, step: string) =>
    bookkeeping.sendRenewalEmail({ subscriptionId, renewalId, kind, idempotencyKey: `${workflowId}:${renewalId ?? 'subscription'}:${step}` });

  /** Sleeps until `at` (ms) unless `wake()` becomes true first. */
  async function waitUntil(at: number, wake: () => boolean): Promise<'time' | 'woken'> {
    if (wake()) return 'woken';
    const ms = at - Date.now();
    if (ms <= 0) return 'time';
    return (await condition(wake, ms)) ? 'woken' : 'time';
  }

  /** One charge attempt; with the billing admin present (pay now) it waits for 3-D Secure, else it gives up at once. */
  async function charge(r: { renewalId: string }, step: string, onSession: ((first: PayNowOutcome) => void) | null): Promise<RenewalCharge> {
    let c = await payment.chargeRenewal({ renewalId: r.renewalId, step, idempotencyKey: `${workflowId}:${r.renewalId}:${step}` });
    const actionTimeout = (input.paymentActionTimeoutSeconds ?? 900) * 1000;
    while (c.status === 'requires_action' || c.status === 'processing') {
      if (c.status === 'requires_action') {
        // Off session nobody can authenticate: the dunning email asks the billing admin to pay now.
        if (!onSession) return payment.cancelRenewalPayment({ renewalId: r.renewalId, step, reason: { key: WorkflowMessageKeys.confirmOffSession } });
        onSession({ status: 'requires_action' });
      }
      nudged = false;
      const woken = await condition(() => nudged, c.status === 'processing' ? 5_000 : actionTimeout);
      c = await payment.refreshRenewalPayment({ renewalId: r.renewalId, step });
      if (!woken && c.status === 'requires_action') {
        c = await payment.cancelRenewalPayment({ renewalId: r.renewalId, step, reason: { key: WorkflowMessageKeys.authenticationTimedOut } });
      }
    }
    return c;
  }

  async function complete(r: { renewalId: string }): Promise<string | null> {
    const done = await bookkeeping.completeRenewal({ renewalId: r.renewalId });
    await email(done.reactivated ? 'reactivated' : 'renewed', r.renewalId, 'paid');
    return done.invoiceNumber;
  }

  /** Serves the pay-now requests waiting; true when one of them paid the renewal. */
  async function servePayNow(r: OpenRenewal): Promise<boolean> {
    while (payNowQueue.length > 0) {
      const req = payNowQueue.shift()!;
      const answer = (o: PayNowOutcome) => {
        if (!payNowResults.has(req.requestId)) payNowResults.set(req.requestId, o);
      };
      const c = await charge(r, `pay-now-${req.requestId}`, answer);
      if (paid(c)) {
        answer({ status: 'succeeded', invoiceNumber: await complete(r) });
        return true;
      }
      const failure = failureOf(c);
      answer({ status: 'failed', failure });
      await bookkeeping.recordRenewalFailure({ renewalId: r.renewalId, attempt: r.attempts, failure });
    }
    return false;
  }

  /** Waits until `at` serving pay-now requests meanwhile; true when one of them paid. */
  async function waitServing(r: OpenRenewal, at: number | null): Promise<boolean> {
    for (;;) {
      const w = at === null ? (await condition(() => payNowQueue.length > 0), 'woken') : await waitUntil(at, () => payNowQueue.length > 0);
      if (w === 'time') return false;
      if (await servePayNow(r)) return true;
    }
  }

  /** BC-9 dunning, resumed where the renewal stands: retries, then the lapse, then the seat grace period. */
  async function settleOnline(r: OpenRenewal): Promise<'paid'> {
    payable = r;
    setStatus(r.status === 'lapsed' ? 'lapsed' : 'past_due', r.orderId);
    let seatsReleaseAt: string | null = null;
    const retries = r.schedule.filter((s) => s.kind === 'retry');
    if (r.attempts === 0) {
      // At the period end: the saved card, at the price in force.
      const c = await charge(r, 'attempt-1', null);
      if (paid(c)) {
        await complete(r);
        return 'paid';
      }
      await bookkeeping.recordRenewalFailure({ renewalId: r.renewalId, attempt: 1, failure: failureOf(c) });
      r = { ...r, attempts: 1, status: 'past_due' };
      payable = r;
      setStatus('past_due', r.orderId);
      await email('payment_failed', r.renewalId, 'attempt-1-failed');
    }
    for (const step of r.schedule) {
      if (step.kind === 'retry' && step.attempt <= r.attempts) continue;
      if (step.kind === 'lapse') seatsReleaseAt = step.seatsReleaseAt;
      if (step.kind === 'lapse' && r.status === 'lapsed') continue;
      if (step.kind !== 'retry' && step.kind !== 'lapse') continue;
      if (await waitServing(r, Date.parse(step.at))) return 'paid';
      if (step.kind === 'retry') {
        const c = await charge(r, `attempt-${step.attempt}`, null);
        if (paid(c)) {
          await complete(r);
          return 'paid';
        }
        const next = retries.find((s) => s.attempt > step.attempt) ?? null;
        await bookkeeping.recordRenewalFailure({ renewalId: r.renewalId, attempt: step.attempt, failure: failureOf(c) });
        r = { ...r, attempts: step.attempt };
        payable = r;
        // The last failure is followed by the lapse at once, which has its own email.
        if (next) await email('retry_failed', r.renewalId, `attempt-${step.attempt}-failed`);
      } else {
        await bookkeeping.lapseRenewal({ renewalId: r.renewalId, seatsReleaseAt: step.seatsReleaseAt });
        await email('lapsed', r.renewalId, 'lapsed');
        r = { ...r, status: 'lapsed' };
        payable = r;
        setStatus('lapsed', r.orderId);
      }
    }
    // Lapsed: access has ended, the invoice stays open; paying it reactivates. Seats are kept for the grace period.
    if (seatsReleaseAt !== null) {
      if (await waitServing(r, Date.parse(seatsReleaseAt))) return 'paid';
      await bookkeeping.releaseLapsedSeats({ renewalId: r.renewalId });
    }
    await waitServing(r, null);
    return 'paid';
  }

  /** Corporate: the open invoice's reminders and expiry; paid (in the portal, CP-6) ends the wait. */
  async function settleCorporate(r: OpenRenewal): Promise<'paid' | 'expired'> {
    setStatus('invoiced', r.orderId);
    if (r.attempts === 0 && r.chargeCard) {
      // The account's automatic method is a card: the invoice is charged at once.
      const c = await charge(r, 'attempt-1', null);
      if (paid(c)) {
        await bookkeeping.completeRenewal({ renewalId: r.renewalId });
        await email('corporate_receipt', r.renewalId, 'paid');
        return 'paid';
      }
      await bookkeeping.recordRenewalFailure({ renewalId: r.renewalId, attempt: 1, failure: failureOf(c) });
      await email('corporate_payment_failed', r.renewalId, 'attempt-1-failed');
    }
    for (const step of r.schedule) {
      if (step.kind !== 'reminder' && step.kind !== 'expire') continue;
      if (step.kind === 'reminder' && Date.parse(step.at) < Date.now()) continue;
      for (;;) {
        const w = await waitUntil(Date.parse(step.at), () => changed);
        if (w === 'time') break;
        changed = false;
        if (await bookkeeping.renewalInvoicePaid({ renewalId: r.renewalId })) return 'paid';
      }
      if (await bookkeeping.renewalInvoicePaid({ renewalId: r.renewalId })) return 'paid';
      if (step.kind === 'reminder') {
        await email('corporate_reminder', r.renewalId, `reminder${step.offsetDays}`);
        continue;
      }
      if (!(await bookkeeping.expireCorporateRenewal({ renewalId: r.renewalId }))) return 'paid';
      await email('corporate_expired', r.renewalId, 'expired');
      return 'expired';
    }
    return 'paid';
  }

  for (;;) {
    const view = await bookkeeping.loadRenewal({ subscriptionId });
    if (view.open) {
      const outcome = view.open.kind === 'online' ? await settleOnline(view.open) : await settleCorporate(view.open);
      payable = null;
      if (outcome === 'expired') {
        setStatus('expired');
        return status;
      }
      // The period is paid: the next one starts with a fresh history.
      await condition(allHandlersFinished);
      return continueAsNew<typeof renewalWorkflow>(input);
    }
    if (view.status !== 'active' || view.periodEnd === null) {
      setStatus(view.status === 'cancelled' ? 'cancelled' : 'ended');
      return status;
    }
    setStatus('waiting');
    changed = false;
    if ((await waitUntil(Date.parse(view.periodEnd), () => changed)) === 'woken') continue;

    // The period has ended. Read again: a cancellation or a change that no signal announced still counts.
    const due = await bookkeeping.loadRenewal({ subscriptionId });
    if (due.open || due.status !== 'active' || due.periodEnd !== view.periodEnd) continue;
    if (due.cancelAtPeriodEnd) {
      if (await bookkeeping.endAtPeriodEnd({ subscriptionId, periodEnd: due.periodEnd })) {
        await email('cancelled', null, `cancelled-${due.periodEnd}`);
        setStatus('cancelled');
        return status;
      }
      continue;
    }
    setStatus('renewing');
    const opened = await bookkeeping.openRenewal({ subscriptionId, periodStart: due.periodEnd });
    if (opened.status === 'skipped') {
      log.info('renewal skipped', { subscriptionId, reason: opened.reason });
      // Nothing billable at this end (e.g. the period moved under us): wait for news before looking again.
      changed = false;
      await condition(() => changed, 86_400_000);
      continue;
    }
    // The first attempt and everything after it follow from the unsettled renewal the loop reads back:
    // the same path as a workflow that restarts mid-renewal.
    if (due.kind === 'corporate') await email('corporate_invoice', opened.renewalId, 'invoice');
  }
}
