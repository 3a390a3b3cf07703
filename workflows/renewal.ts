import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, log, patched, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { EmailActivities } from './activities/emails';
import type { FulfilmentOutcome } from './activities/orders';
import type { ChargeResult } from './activities/payments';
import type { RenewalActivities } from './activities/renewals';
import { bookkeeping, fulfil as coreFulfil } from './lib/bookkeeping';
import { PaymentNudge, refundPayment, takePayment } from './lib/payment';
import {
  payNowUpdate,
  paymentUpdatedSignal,
  renewalStatusQuery,
  SearchAttributes,
  subscriptionChangedSignal,
  WorkflowMessageKeys,
  type OpenRenewal,
  type PayNowOutcome,
  type PayNowRequest,
  type RenewalEmailKind,
  type RenewalWorkflowInput,
  type RenewalWorkflowStatus,
  type UserMessage,
} from './shared';

const stepRetry = { initialInterval: '500 milliseconds', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: ['RenewalNotFound'] };

/** The renewal's own steps (database and email): short, retried quickly when a worker dies mid-step. */
const renewals = proxyActivities<RenewalActivities & Pick<EmailActivities, 'sendRenewalEmail'>>({ startToCloseTimeout: '20 seconds', retry: stepRetry });

/**
 * The same database-only steps as local activities: run by the worker that runs the workflow task,
 * recorded as a marker, without a round trip through the server's task queue. A paid renewal had 8
 * activity tasks and 9 workflow tasks; with its reads, its opening, the saved card and the core's
 * fulfilment (under this same patch) local, 2 and 3 are left. Each step is one short transaction keyed
 * by the subscription or the renewal, safe to run again (a worker that dies mid-step leaves no marker,
 * and the step runs again on the next workflow task). Stripe and SMTP stay activity tasks.
 */
const localRenewals = proxyLocalActivities<RenewalActivities>({ startToCloseTimeout: '20 seconds', retry: stepRetry });

/** Marks runs whose database steps are local activities; runs recorded before it replay their activity tasks. */
export const LOCAL_RENEWAL_STEPS_PATCH = 'renewal-local-steps';

/**
 * Marks runs whose SeatplanStatus says what is true around the first charge: `charging` while it is in
 * flight, `past_due` only once an attempt failed, `paid` once the period is paid (a corporate term
 * charged to its card likewise, `invoiced` once its invoice is issued open). Before it a renewal showed
 * `past_due` (corporate: `invoiced`) from before its first attempt, so one that paid at once was briefly
 * listed as past due. Evaluated once per settlement, where it begins: a renewal being settled at a deploy
 * keeps its old path (the histories recorded before it replay it).
 */
export const TRUTHFUL_STATUS_PATCH = 'renewal-truthful-status';

/** The renewal's database steps: local activities since the patch. */
const steps = (): RenewalActivities => (patched(LOCAL_RENEWAL_STEPS_PATCH) ? localRenewals : renewals);

const paid = (c: ChargeResult) => c.status === 'succeeded' || c.status === 'not_required';
const failureOf = (c: ChargeResult): UserMessage => c.failure ?? { key: WorkflowMessageKeys.paymentFailed };

/** How a renewal ended in this run: paid (the next period follows), refused at fulfilment, or expired (corporate). */
type Settled = 'paid' | 'closed' | 'expired';

/**
 * WF-4, one per subscription (`renewal-<subscriptionId>`), for years: each run sleeps on a durable timer
 * until the current period's end, bills the next period once, and continues as new — so its history
 * holds one period. A renewal is an order of the order core (kind `renewal`): it is written by an
 * activity with `writeOrder`, charged with `takePayment` (refunded with `refundPayment`) and fulfilled by
 * the core's `fulfilOrder`, whose renewal line handler advances the period from the old end. Only the
 * charge (Stripe) and the emails (SMTP) are activity tasks: the database steps, the fulfilment
 * included, are local activities (one patch, `renewal-local-steps`). The
 * database is the source of truth: the workflow re-reads the subscription when it wakes (a WF-2 change
 * re-anchors the period; a signal wakes it early), and the renewal is keyed by subscription and period,
 * so a period already paid is never charged.
 *
 * Online (BC-9): the saved card is charged at the period end; a decline makes the subscription past due
 * and the schedule of retries (data, from the configuration) runs, each failure emailed with a link to
 * pay now; after the last one the subscription lapses, and paying the open invoice reactivates it.
 * Corporate: the term's invoice — charged at once if the automatic method is a card, else the term
 * starts on net terms with the invoice open — then reminders before and after the due date, and expiry
 * when it stays unpaid.
 */
export async function renewalWorkflow(input: RenewalWorkflowInput): Promise<RenewalWorkflowStatus> {
  const { subscriptionId } = input;
  const workflowId = workflowInfo().workflowId;
  const actionTimeoutMs = (input.paymentActionTimeoutSeconds ?? 900) * 1000;
  let status: RenewalWorkflowStatus = 'waiting';
  let changed = false;
  const payment = new PaymentNudge();
  /** The unsettled online renewal: while there is one, the billing admin can pay now. */
  let payable: OpenRenewal | null = null;
  const payNowQueue: PayNowRequest[] = [];
  const payNowResults = new Map<string, PayNowOutcome>();
  /** This run's settlement is on the TRUTHFUL_STATUS_PATCH path (decided once, where it begins). */
  let truthfulStatus = false;

  setHandler(renewalStatusQuery, () => status);
  setHandler(subscriptionChangedSignal, () => {
    changed = true;
  });
  setHandler(paymentUpdatedSignal, (s) => {
    if (payable && s?.orderId === payable.orderId) payment.nudge();
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
    renewals.sendRenewalEmail({ subscriptionId, renewalId, kind, idempotencyKey: `${workflowId}:${renewalId ?? 'subscription'}:${step}` });

  /** Sleeps until `at` (ms) unless `wake()` becomes true first. */
  async function waitUntil(at: number, wake: () => boolean): Promise<'time' | 'woken'> {
    if (wake()) return 'woken';
    const ms = at - Date.now();
    if (ms <= 0) return 'time';
    return (await condition(wake, ms)) ? 'woken' : 'time';
  }

  /**
   * One charge of the renewal's order with the card saved NOW (a card replaced since the last attempt is
   * the one charged). With the billing admin on the page (pay now) it waits for 3-D Secure; at the period
   * end and on the retries nobody is there, so a card that asks for it fails the attempt at once (the
   * dunning email asks the billing admin to pay now, which can authenticate).
   */
  async function charge(r: OpenRenewal, step: string, onSession: ((first: PayNowOutcome) => void) | null): Promise<ChargeResult> {
    const card = await steps().savedCard({ accountId: input.accountId });
    return takePayment({
      orderId: r.orderId,
      step,
      paymentMethodId: card.paymentMethodId,
      idempotencyKey: `${workflowId}:${r.orderId}:${step}`,
      actionTimeoutMs: onSession ? actionTimeoutMs : 0,
      unauthenticated: onSession ? undefined : { key: WorkflowMessageKeys.confirmOffSession },
      nudge: payment,
      onActionRequired: () => onSession?.({ status: 'requires_action' }),
    });
  }

  /**
   * The charge went through (or nothing was due): the core fulfils the renewal order in one transaction —
   * the period from the old end, a past-due or lapsed subscription active again, the invoice issued paid
   * (or the one issued open at the first failure marked paid). Refused (the subscription ended or moved
   * on meanwhile): the payment is given back and the renewal closed.
   */
  async function fulfil(r: OpenRenewal, step: string): Promise<FulfilmentOutcome> {
    const done = await coreFulfil('fulfilOrder', { orderId: r.orderId }, LOCAL_RENEWAL_STEPS_PATCH);
    if (done.status === 'rejected') {
      await refundPayment({ orderId: r.orderId, step, reason: done.reason });
      await bookkeeping.failOrder({ orderId: r.orderId, reason: done.reason });
      await steps().closeRenewal({ renewalId: r.renewalId });
    }
    return done;
  }

  /** Online: fulfils the paid renewal and says so (active again after a failure). */
  async function completeOnline(r: OpenRenewal, step: string): Promise<{ settled: Settled; invoiceNumber: string | null; reason?: UserMessage }> {
    const done = await fulfil(r, step);
    if (done.status === 'rejected') return { settled: 'closed', invoiceNumber: null, reason: done.reason };
    if (truthfulStatus) setStatus('paid', r.orderId);
    await email(r.attempts > 0 ? 'reactivated' : 'renewed', r.renewalId, 'paid');
    return { settled: 'paid', invoiceNumber: done.invoiceNumber };
  }

  /** Serves the pay-now requests waiting; settled when one of them paid the renewal. */
  async function servePayNow(r: OpenRenewal): Promise<Settled | null> {
    while (payNowQueue.length > 0) {
      const req = payNowQueue.shift()!;
      const answer = (o: PayNowOutcome) => {
        if (!payNowResults.has(req.requestId)) payNowResults.set(req.requestId, o);
      };
      const step = `pay-now-${req.requestId}`;
      const c = await charge(r, step, answer);
      if (paid(c)) {
        const done = await completeOnline(r, step);
        answer(done.settled === 'paid' ? { status: 'succeeded', invoiceNumber: done.invoiceNumber } : { status: 'failed', failure: done.reason! });
        return done.settled;
      }
      const failure = failureOf(c);
      answer({ status: 'failed', failure });
      await steps().recordRenewalFailure({ renewalId: r.renewalId, attempt: r.attempts, failure });
    }
    return null;
  }

  /** Waits until `at` (null: for ever) serving pay-now requests meanwhile; settled when one of them paid. */
  async function waitServing(r: OpenRenewal, at: number | null): Promise<Settled | null> {
    for (;;) {
      const w = at === null ? (await condition(() => payNowQueue.length > 0), 'woken') : await waitUntil(at, () => payNowQueue.length > 0);
      if (w === 'time') return null;
      const settled = await servePayNow(r);
      if (settled) return settled;
    }
  }

  /** BC-9 dunning, resumed where the renewal stands: retries, then the lapse, then the seat grace period. */
  async function settleOnline(r: OpenRenewal): Promise<Settled> {
    payable = r;
    truthfulStatus = patched(TRUTHFUL_STATUS_PATCH);
    // Not past due before an attempt has failed: the first one, at the period end, is still to come.
    setStatus(r.status === 'lapsed' ? 'lapsed' : truthfulStatus && r.attempts === 0 ? 'charging' : 'past_due', r.orderId);
    let seatsReleaseAt: string | null = null;
    const retries = r.schedule.filter((s) => s.kind === 'retry');
    if (r.attempts === 0) {
      // At the period end: the saved card, at the price in force.
      const c = await charge(r, 'attempt-1', null);
      if (paid(c)) return (await completeOnline(r, 'attempt-1')).settled;
      await steps().recordRenewalFailure({ renewalId: r.renewalId, attempt: 1, failure: failureOf(c) });
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
      const served = await waitServing(r, Date.parse(step.at));
      if (served) return served;
      if (step.kind === 'retry') {
        const stepName = `attempt-${step.attempt}`;
        const c = await charge(r, stepName, null);
        if (paid(c)) return (await completeOnline(r, stepName)).settled;
        const next = retries.find((s) => s.attempt > step.attempt) ?? null;
        await steps().recordRenewalFailure({ renewalId: r.renewalId, attempt: step.attempt, failure: failureOf(c) });
        r = { ...r, attempts: step.attempt };
        payable = r;
        // The last failure is followed by the lapse at once, which has its own email.
        if (next) await email('retry_failed', r.renewalId, `${stepName}-failed`);
      } else {
        await steps().lapseRenewal({ renewalId: r.renewalId, seatsReleaseAt: step.seatsReleaseAt });
        await email('lapsed', r.renewalId, 'lapsed');
        r = { ...r, status: 'lapsed' };
        payable = r;
        setStatus('lapsed', r.orderId);
      }
    }
    // Lapsed: access has ended, the invoice stays open; paying it reactivates. Seats are kept for the grace period.
    if (seatsReleaseAt !== null) {
      const served = await waitServing(r, Date.parse(seatsReleaseAt));
      if (served) return served;
      await steps().releaseLapsedSeats({ renewalId: r.renewalId });
    }
    return (await waitServing(r, null))!;
  }

  /**
   * Corporate: the term's invoice — paid at once by the card when that is the automatic method, else the
   * term starts on net terms with the invoice open — then its reminders and expiry; paid (in the portal,
   * CP-6) ends the wait.
   */
  async function settleCorporate(r: OpenRenewal): Promise<Settled> {
    truthfulStatus = patched(TRUTHFUL_STATUS_PATCH);
    const chargesFirst = !r.termStarted && r.chargeCard && r.attempts === 0;
    // Charged to its card first: nothing is invoiced until the charge has settled.
    setStatus(truthfulStatus && chargesFirst ? 'charging' : 'invoiced', r.orderId);
    if (!r.termStarted) {
      if (chargesFirst) {
        const c = await charge(r, 'attempt-1', null);
        if (paid(c)) {
          const done = await fulfil(r, 'attempt-1');
          if (done.status === 'rejected') return 'closed';
          if (truthfulStatus) setStatus('paid', r.orderId);
          await email('corporate_invoice', r.renewalId, 'invoice');
          await email('corporate_receipt', r.renewalId, 'paid');
          return 'paid';
        }
        await steps().recordRenewalFailure({ renewalId: r.renewalId, attempt: 1, failure: failureOf(c) });
        r = { ...r, attempts: 1 };
      }
      // Net terms: the new term starts now, its invoice open (PO number, due date); access continues while it is not overdue.
      const started = await coreFulfil('fulfilOrder', { orderId: r.orderId, onTerms: r.terms! }, LOCAL_RENEWAL_STEPS_PATCH);
      if (started.status === 'rejected') {
        await bookkeeping.failOrder({ orderId: r.orderId, reason: started.reason });
        await steps().closeRenewal({ renewalId: r.renewalId });
        return 'closed';
      }
      if (truthfulStatus && chargesFirst) setStatus('invoiced', r.orderId);
      await email('corporate_invoice', r.renewalId, 'invoice');
      if (r.attempts > 0) await email('corporate_payment_failed', r.renewalId, 'attempt-1-failed');
    }
    for (const step of r.schedule) {
      if (step.kind !== 'reminder' && step.kind !== 'expire') continue;
      if (step.kind === 'reminder' && Date.parse(step.at) < Date.now()) continue;
      for (;;) {
        const w = await waitUntil(Date.parse(step.at), () => changed);
        if (w === 'time') break;
        changed = false;
        if (await steps().renewalInvoicePaid({ renewalId: r.renewalId })) return 'paid';
      }
      if (await steps().renewalInvoicePaid({ renewalId: r.renewalId })) return 'paid';
      if (step.kind === 'reminder') {
        await email('corporate_reminder', r.renewalId, `reminder${step.offsetDays}`);
        continue;
      }
      if (!(await steps().expireCorporateRenewal({ renewalId: r.renewalId }))) return 'paid';
      await email('corporate_expired', r.renewalId, 'expired');
      return 'expired';
    }
    return 'paid';
  }

  for (;;) {
    const view = await steps().loadRenewal({ subscriptionId });
    if (view.open) {
      const settled = view.open.kind === 'online' ? await settleOnline(view.open) : await settleCorporate(view.open);
      payable = null;
      if (settled === 'expired') {
        setStatus('expired');
        return status;
      }
      // Settled (paid, or closed and refunded): the next period starts with a fresh history, read afresh.
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
    const due = await steps().loadRenewal({ subscriptionId });
    if (due.open || due.status !== 'active' || due.periodEnd !== view.periodEnd) continue;
    if (due.cancelAtPeriodEnd) {
      if (await steps().endAtPeriodEnd({ subscriptionId, periodEnd: due.periodEnd })) {
        await email('cancelled', null, `cancelled-${due.periodEnd}`);
        setStatus('cancelled');
        return status;
      }
      continue;
    }
    setStatus('renewing');
    const opened = await steps().openRenewal({ subscriptionId, periodStart: due.periodEnd });
    if (opened.status === 'skipped') {
      log.info('renewal skipped', { subscriptionId, reason: opened.reason });
      // Nothing billable at this end (e.g. the period moved under us): wait for news before looking again.
      changed = false;
      await condition(() => changed, 86_400_000);
    }
    // The renewal just opened is settled by the loop reading it back: the same path as a workflow that
    // restarts mid-renewal.
  }
}
