import {
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EmailActivities } from './activities/emails';
import type { TrialActivities } from './activities/trial';
import { bookkeeping, fulfil, sendConfirmation, stepFailedForGood } from './lib/bookkeeping';
import { PaymentNudge, refundPayment, takePayment } from './lib/payment';
import {
  convertUpdate,
  orderConvertedSignal,
  paymentUpdatedSignal,
  SearchAttributes,
  trialStatusQuery,
  workflowIds,
  WorkflowMessageKeys,
  type ConversionRequest,
  type TrialWorkflowInput,
  type TrialWorkflowStatus,
} from './shared';

const acts = proxyActivities<TrialActivities & Pick<EmailActivities, 'sendTrialEmail'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Marks histories made by the workflow version that can convert; older running trials keep the old path. */
const CONVERSION_PATCH = 'trial-conversion-update';
/** Marks histories where a trial converted by another trial's order (BC-5) records that order's ID too. */
const CONVERTED_ELSEWHERE_ORDER_PATCH = 'trial-converted-elsewhere-order-attribute';
/** Marks runs whose order, paid and then failed for good before activation, is refunded and failed; older ones only ended it. */
export const CONVERSION_REFUND_ON_PERMANENT_FAILURE_PATCH = 'conversion-refund-on-permanent-failure';
/** Marks runs in which a confirmation that fails for good leaves the activated conversion converted; older ones put the trial back. */
export const CONVERSION_ACTIVATED_STANDS_PATCH = 'conversion-activated-stands';

/**
 * WF-1, one per trial (`trial-<subscriptionId>`). Starts the trial (Stripe customer, status, email),
 * sends reminders before the end, and waits — on a durable timer raced against the `convertTrial`
 * update — for either a conversion or the trial's end. On conversion: payment → activation → invoice →
 * confirmation email; a failed payment leaves the trial running and the wait resumes. On the trial's
 * end without conversion the subscription expires with no charge.
 */
export async function trialWorkflow(input: TrialWorkflowInput): Promise<TrialWorkflowStatus> {
  const canConvert = patched(CONVERSION_PATCH);
  let status: TrialWorkflowStatus = 'starting';
  setHandler(trialStatusQuery, () => status);
  const { subscriptionId } = input;
  const workflowId = workflowInfo().workflowId;
  const endsAt = Date.parse(input.trialEndsAt);

  let pending: ConversionRequest | null = null;
  let current: string | null = null;
  /** The order whose charge succeeded and whose activation has not run yet: a permanent failure then must refund it. */
  let paidNotActivated: string | null = null;
  /** The order that activated the subscription: from then on it is converted, whatever fails after. */
  let activated: string | null = null;
  const payment = new PaymentNudge();
  let convertedElsewhere: string | null = null;

  if (canConvert) {
    setHandler(
      convertUpdate,
      (req) => {
        if (current !== req.orderId && pending?.orderId !== req.orderId) pending = req;
        return { orderId: req.orderId, accepted: true };
      },
      {
        // Runs before the update is written to history: a refused order leaves no trace and gets a precise
        // answer — a stable message key as the failure's type, which the service tells in the user's language.
        validator: (req) => {
          const refuse = (key: string, english: string) => ApplicationFailure.nonRetryable(english, key);
          if (!req || typeof req.orderId !== 'string' || !Array.isArray(req.subscriptionIds)) throw refuse(WorkflowMessageKeys.malformed, 'The order is malformed.');
          if (!req.subscriptionIds.includes(subscriptionId)) throw refuse(WorkflowMessageKeys.notThisTrial, 'This order does not convert this trial.');
          if (req.orderId === current || req.orderId === pending?.orderId) return; // the same order again: accepted once
          if (status === 'converted' || convertedElsewhere) throw refuse(WorkflowMessageKeys.alreadyConverted, 'This trial has already been converted to a subscription.');
          if (status === 'expired' || Date.now() >= endsAt) throw refuse(WorkflowMessageKeys.trialEnded, 'The free trial has ended, so it can no longer be converted. Nothing was charged.');
          if (current || pending) throw refuse(WorkflowMessageKeys.orderInProgress, 'Another order for this trial is already being processed.');
        },
      },
    );
    setHandler(paymentUpdatedSignal, ({ orderId }) => {
      if (orderId === current) payment.nudge();
    });
    setHandler(orderConvertedSignal, ({ orderId }) => {
      convertedElsewhere = orderId;
    });
  }

  await acts.activateTrial({ subscriptionId });
  status = 'trial';
  upsertSearchAttributes([{ key: SearchAttributes.status, value: 'trial' }]);
  await acts.sendTrialEmail({ subscriptionId, kind: 'started', idempotencyKey: `${workflowId}:started` });

  const day = (input.dayLengthSeconds ?? 86_400) * 1000;
  const reminders = [...input.reminderDaysBefore].sort((a, b) => b - a).map((days) => ({ days, at: endsAt - days * day }));

  if (!canConvert) {
    // The path of trials started before conversion existed: unchanged, so their histories replay.
    for (const r of reminders) {
      if (r.at <= Date.now()) continue;
      await sleep(r.at - Date.now());
      await acts.sendTrialEmail({ subscriptionId, kind: 'reminder', daysLeft: r.days, idempotencyKey: `${workflowId}:reminder-${r.days}` });
    }
    const remaining = endsAt - Date.now();
    if (remaining > 0) await sleep(remaining);
    return expire();
  }

  let nextReminder = reminders.findIndex((r) => r.at > Date.now());
  if (nextReminder < 0) nextReminder = reminders.length;
  for (;;) {
    const reminder = reminders[nextReminder];
    const wakeAt = reminder ? reminder.at : endsAt;
    const wait = wakeAt - Date.now();
    const woken = () => pending !== null || convertedElsewhere !== null;
    if (wait > 0) await condition(woken, wait);
    if (convertedElsewhere) {
      status = 'converted';
      // Operations find the order from every trial it converted (SPEC §7); trials that converted this way
      // before the patch recorded only the status, and replay that way.
      upsertSearchAttributes(
        patched(CONVERTED_ELSEWHERE_ORDER_PATCH)
          ? [{ key: SearchAttributes.status, value: 'converted' }, { key: SearchAttributes.orderId, value: convertedElsewhere }]
          : [{ key: SearchAttributes.status, value: 'converted' }],
      );
      return status;
    }
    if (pending) {
      const req: ConversionRequest = pending;
      let outcome: 'completed' | 'failed';
      try {
        outcome = await convert(req);
      } catch (err) {
        // A permanent step failure, remote or local (a local one is not wrapped in an ActivityFailure; e.g.
        // the order does not exist in this deployment's database) ends this order, never the trial: the
        // customer can still convert, or the trial expires without charge.
        if (!stepFailedForGood(err)) throw err;
        log.error('conversion failed permanently', { orderId: req.orderId, error: String(err.cause?.message ?? err.message) });
        if (activated === req.orderId && patched(CONVERSION_ACTIVATED_STANDS_PATCH)) {
          // Activated and invoiced, the order completed: only its confirmation could not be sent.
          await finishConverted(req);
          return status;
        }
        if (paidNotActivated === req.orderId && patched(CONVERSION_REFUND_ON_PERMANENT_FAILURE_PATCH)) {
          // Charged, never activated: the money goes back and the order ends (it exists: it was charged).
          const reason = { key: WorkflowMessageKeys.conversionNotProcessed };
          await refundPayment({ orderId: req.orderId, step: 'charge', reason });
          await bookkeeping.failOrder({ orderId: req.orderId, reason });
        }
        outcome = finishFailed();
      }
      pending = null;
      if (outcome === 'completed') return status;
      continue; // the payment failed: the trial runs on, and another order may come
    }
    if (reminder) {
      nextReminder++;
      await acts.sendTrialEmail({ subscriptionId, kind: 'reminder', daysLeft: reminder.days, idempotencyKey: `${workflowId}:reminder-${reminder.days}` });
      continue;
    }
    return expire();
  }

  async function expire(): Promise<TrialWorkflowStatus> {
    const expired = await acts.expireTrial({ subscriptionId });
    status = 'expired';
    upsertSearchAttributes([{ key: SearchAttributes.status, value: 'expired' }]);
    if (expired) await acts.sendTrialEmail({ subscriptionId, kind: 'expired', idempotencyKey: `${workflowId}:expired` });
    log.info('trial ended without conversion', { subscriptionId });
    return status;
  }

  async function convert(req: ConversionRequest): Promise<'completed' | 'failed'> {
    const { orderId } = req;
    current = orderId;
    status = 'converting';
    upsertSearchAttributes([
      { key: SearchAttributes.status, value: 'converting' },
      { key: SearchAttributes.orderId, value: orderId },
    ]);
    const step = 'charge';
    // The customer completes 3-D Secure in the page; the webhook (or the page) nudges us, we re-read Stripe.
    const charge = await takePayment({
      orderId,
      step,
      paymentMethodId: req.paymentMethodId,
      idempotencyKey: `${workflowId}:${orderId}:${step}`,
      actionTimeoutMs: (input.conversion?.paymentActionTimeoutSeconds ?? 900) * 1000,
      nudge: payment,
    });
    if (charge.status !== 'succeeded' && charge.status !== 'not_required') {
      await bookkeeping.failOrder({ orderId, reason: charge.failure ?? { key: WorkflowMessageKeys.paymentFailed } });
      return finishFailed();
    }
    if (charge.status === 'succeeded') paidNotActivated = orderId;

    const activation = await fulfil('activateOrder', { orderId });
    paidNotActivated = null; // applied, or refused (and refunded) just below
    if (activation.status === 'rejected') {
      // Something changed under the order after payment (e.g. another trial of the cart ended): give the money back.
      await refundPayment({ orderId, step, reason: activation.reason });
      await bookkeeping.failOrder({ orderId, reason: activation.reason });
      return finishFailed();
    }
    activated = orderId;
    await sendConfirmation('sendOrderConfirmation', { orderId, idempotencyKey: `${workflowId}:${orderId}:confirmation` });
    await finishConverted(req);
    return 'completed';
  }

  /** The subscription is active: the other trials of the order are told, and this one is converted. */
  async function finishConverted(req: ConversionRequest) {
    const { orderId } = req;
    // Other trials in the same order: tell their workflows they are done.
    for (const other of req.subscriptionIds) {
      if (other === subscriptionId) continue;
      try {
        await getExternalWorkflowHandle(workflowIds.trial(other)).signal(orderConvertedSignal, { orderId });
      } catch (err) {
        log.warn('could not tell another trial workflow about its conversion', { other, error: String(err) });
      }
    }
    status = 'converted';
    upsertSearchAttributes([{ key: SearchAttributes.status, value: 'converted' }]);
  }

  function finishFailed(): 'failed' {
    current = null;
    status = 'trial';
    upsertSearchAttributes([{ key: SearchAttributes.status, value: 'trial' }]);
    return 'failed';
  }
}
