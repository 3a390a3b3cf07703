import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ChargeResult, ConversionActivities } from './activities/conversion';
import type { ServiceOrderActivities } from './activities/service-order';
import { SearchAttributes, ServiceOrderMessages, WorkflowMessageKeys, type ServiceOrderWorkflowInput, type ServiceOrderWorkflowStatus } from './shared';

// Payment calls wait on Stripe; a declined card is a result, not an exception.
// The order payment activities every order kind shares (one charge per order and step, keyed in our database).
const payment = proxyActivities<Pick<ConversionActivities, 'chargeOrder' | 'refreshPayment' | 'cancelPayment' | 'refundOrder'>>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['OrderNotFound', 'AmountMismatch'] },
});
// Provisioning may call an external provisioner: retried with backoff for as long as the 24 hours and
// beyond (the SLA timer alerts people meanwhile); a permanent refusal is a non-retryable failure.
const provisioning = proxyActivities<ServiceOrderActivities>({
  // An attempt that dies with its worker is retried after this (an external call gives up after 30 s).
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2, nonRetryableErrorTypes: ['ServiceOrderNotFound', 'ProvisioningRefused'] },
});
// Database and email steps are short: a worker that dies mid-step is noticed and the step retried quickly.
const bookkeeping = proxyActivities<ServiceOrderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['ServiceOrderNotFound'] },
});

export const serviceOrderPaymentUpdatedSignal = defineSignal<[{ orderId: string }]>(ServiceOrderMessages.paymentUpdated);
export const retryServiceOrderPaymentSignal = defineSignal<[{ serviceOrderId: string; attempt: number }]>(ServiceOrderMessages.retryPayment);
export const serviceOrderStatusQuery = defineQuery<ServiceOrderWorkflowStatus>('serviceOrderStatus');

/**
 * WF-3, one per placed service order (`service-order-<id>`): the accepted quote is paid (the card
 * charged once; after a decline or 3-D Secure the order waits for the contact until a deadline), then
 * each product's seats and the admin contact are provisioned (an activity per product, keyed and
 * retried), then invoiced (gapless number, PO, due date) and a receipt emailed. The 24-hour promise is
 * a durable timer: past it operations and the rep are alerted and the contact told, and the workflow
 * keeps waiting. A permanent failure after payment undoes what was done, in reverse (admin, seats,
 * refund), and tells the contact and the rep.
 */
export async function serviceOrderWorkflow(input: ServiceOrderWorkflowInput): Promise<'completed' | 'failed' | 'compensated'> {
  const { serviceOrderId, orderId } = input;
  const workflowId = workflowInfo().workflowId;
  let status: ServiceOrderWorkflowStatus = 'charging';
  let nudged = false;
  let retryAttempt = 1;

  setHandler(serviceOrderStatusQuery, () => status);
  setHandler(serviceOrderPaymentUpdatedSignal, (s) => {
    if (s?.orderId === orderId) nudged = true;
  });
  setHandler(retryServiceOrderPaymentSignal, (s) => {
    if (s?.serviceOrderId === serviceOrderId && s.attempt > retryAttempt) retryAttempt = s.attempt;
  });
  const setStatus = (s: ServiceOrderWorkflowStatus) => {
    status = s;
    upsertSearchAttributes([{ key: SearchAttributes.status, value: s }]);
  };

  // ---- payment -----------------------------------------------------------------------------------
  /** The payment step that paid the order (what a compensation refunds), or null: unpaid by the deadline. */
  const paid = await collectPayment();
  if (!paid) {
    setStatus('failed');
    return 'failed';
  }

  // ---- provisioning, raced against the 24-hour promise -------------------------------------------
  // Compensations are registered before the step they undo, and run in reverse (saga).
  const compensations: Array<() => Promise<void>> = [() => payment.refundOrder({ orderId, step: paid, reason: { key: WorkflowMessageKeys.serviceOrderProvisioningFailed, params: { detail: '__none' } } })];
  setStatus('provisioning');
  let provisioned = false;
  let failure: unknown = null;
  const work = (async () => {
    compensations.push(() => bookkeeping.rollbackProvisioning({ serviceOrderId }));
    // Every product runs to its end before anything is judged, so a compensation never races a provisioning still going.
    const results = await Promise.allSettled(input.productIds.map((productId) => provisionProduct(productId)));
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    await provisioning.provisionAdmin({ serviceOrderId, idempotencyKey: `${workflowId}:provision-admin` });
  })().then(
    () => { provisioned = true; },
    (err) => { failure = err; },
  );
  const slaMs = Date.parse(input.slaDueAt) - Date.now();
  const inTime = slaMs > 0 ? await condition(() => provisioned || failure !== null, slaMs) : provisioned || failure !== null;
  if (!inTime) {
    // The promise is broken, the order is not: tell people, keep waiting.
    await bookkeeping.alertServiceOrderSla({ serviceOrderId, idempotencyKey: `${workflowId}:sla-breached` });
  }
  await work;
  if (failure) {
    if (!(failure instanceof ActivityFailure)) throw failure;
    const detail = failure.cause instanceof ApplicationFailure ? failure.cause.message : '__none';
    log.error('service order provisioning failed permanently; compensating', { serviceOrderId, detail });
    for (const undo of compensations.reverse()) await undo();
    await bookkeeping.failServiceOrder({ serviceOrderId, reason: { key: WorkflowMessageKeys.serviceOrderProvisioningFailed, params: { detail } }, compensated: true, idempotencyKey: `${workflowId}:failed` });
    setStatus('compensated');
    return 'compensated';
  }

  // ---- invoice and receipt -----------------------------------------------------------------------
  setStatus('invoicing');
  await bookkeeping.invoiceServiceOrder({ serviceOrderId });
  await bookkeeping.sendServiceOrderReceipt({ serviceOrderId, idempotencyKey: `${workflowId}:receipt` });
  await bookkeeping.completeServiceOrder({ serviceOrderId });
  setStatus('completed');
  return 'completed';

  /** Applies one product's seats; an external provisioner that works asynchronously is looked at again until it is done. */
  async function provisionProduct(productId: string) {
    const key = `${workflowId}:provision:${productId}`;
    let r = await provisioning.provisionProduct({ serviceOrderId, productId, idempotencyKey: key });
    while (r.status === 'pending') {
      await sleep((input.provisioningPollSeconds ?? 60) * 1000);
      r = await provisioning.provisionProduct({ serviceOrderId, productId, idempotencyKey: key });
    }
  }

  /**
   * The card is charged once per attempt (each attempt its own payment step, keyed). A decline or 3-D
   * Secure moves the order to awaiting payment with an email and a deadline; the contact authenticates
   * (the page or the webhook nudges us) or updates the card and asks for a new attempt. Past the
   * deadline the order fails, and nothing was charged.
   */
  async function collectPayment(): Promise<string | null> {
    let attempt = 1;
    let step = `charge-${attempt}`;
    const charge$ = async () => {
      // The account's card at this attempt: after a decline the contact may have put in another one.
      const { paymentMethodId } = await bookkeeping.serviceOrderCard({ serviceOrderId });
      return payment.chargeOrder({ orderId, step, paymentMethodId, idempotencyKey: `${workflowId}:${step}` });
    };
    let charge: ChargeResult = await charge$();
    const deadline = Date.now() + input.paymentWindowSeconds * 1000;
    while (charge.status !== 'succeeded' && charge.status !== 'not_required') {
      if (charge.status === 'processing') {
        nudged = false;
        await condition(() => nudged, 5_000);
        charge = await payment.refreshPayment({ orderId, step });
        continue;
      }
      setStatus('awaiting_payment');
      // Reset before the email step: a nudge (3-D Secure done, the webhook) that arrives while it runs still counts.
      nudged = false;
      await bookkeeping.awaitServiceOrderPayment({
        serviceOrderId,
        dueAt: new Date(deadline).toISOString(),
        reason: charge.status === 'requires_action' ? 'authentication' : 'declined',
        message: charge.failure ?? null,
        idempotencyKey: `${workflowId}:${step}:payment-requested`,
      });
      const remaining = deadline - Date.now();
      const woken = remaining > 0 && (await condition(() => nudged || retryAttempt > attempt, remaining));
      if (!woken) {
        const reason = { key: WorkflowMessageKeys.serviceOrderPaymentDeadline };
        if (charge.status === 'requires_action') await payment.cancelPayment({ orderId, step, reason });
        await bookkeeping.failServiceOrder({ serviceOrderId, reason, compensated: false, idempotencyKey: `${workflowId}:failed` });
        return null;
      }
      if (retryAttempt > attempt) {
        // A new card (or the same, fixed): a new attempt, its own payment step. A pending 3-D Secure one is dropped.
        if (charge.status === 'requires_action') await payment.cancelPayment({ orderId, step, reason: { key: WorkflowMessageKeys.serviceOrderAttemptReplaced } });
        attempt = retryAttempt;
        step = `charge-${attempt}`;
        setStatus('charging');
        charge = await charge$();
      } else {
        charge = await payment.refreshPayment({ orderId, step });
      }
    }
    await bookkeeping.markServiceOrderPaid({ serviceOrderId, step });
    return step;
  }
}
