import { ActivityFailure, ApplicationFailure, condition, log, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { PaymentNudge, refundPayment, takePayment } from './lib/payment';
import { stepFailedForGood } from './lib/bookkeeping';
import {
  paymentUpdatedSignal,
  retryPaymentSignal,
  SearchAttributes,
  serviceOrderStatusQuery,
  WorkflowMessageKeys,
  type ServiceOrderWorkflowInput,
  type ServiceOrderWorkflowStatus,
  type UserMessage,
} from './shared';
import { provisioning, serviceOrderDbSteps, serviceOrders } from './lib/service-order-steps';

/**
 * WF-3, one per placed service order (`service-order-<id>`), an order kind of the order core: the
 * accepted quote's order is paid (`takePayment` with a payment window: after a decline or 3-D Secure
 * the order waits for the contact until a deadline, with an email), then each product's seats and the
 * admin contact are provisioned (an activity per product, keyed and retried), then the order is
 * fulfilled by the core — the seats added to the subscriptions and the invoice (gapless number, PO,
 * due date) in one transaction — the admin given a seat of each product, and a receipt emailed. The
 * 24-hour promise is a durable timer: past it operations and the rep are alerted and the contact told,
 * and the workflow keeps waiting. A permanent failure before the fulfilment undoes what provisioning
 * did, in reverse (admin, products, refund), and tells the contact and the rep. The short database-only
 * steps run as local activities since patch `service-order-local-steps` (lib/service-order-steps.ts).
 */
export async function serviceOrderWorkflow(input: ServiceOrderWorkflowInput): Promise<'completed' | 'failed' | 'compensated'> {
  const { serviceOrderId, orderId } = input;
  // Before the first command: the patch decides the path of the whole run (see serviceOrderDbSteps).
  const steps = serviceOrderDbSteps();
  const workflowId = workflowInfo().workflowId;
  let status: ServiceOrderWorkflowStatus = 'charging';
  const nudge = new PaymentNudge();

  setHandler(serviceOrderStatusQuery, () => status);
  setHandler(paymentUpdatedSignal, (s) => {
    if (s?.orderId === orderId) nudge.nudge();
  });
  setHandler(retryPaymentSignal, (s) => {
    if (s?.orderId === orderId) nudge.retry(s.attempt);
  });
  const setStatus = (s: ServiceOrderWorkflowStatus) => {
    status = s;
    upsertSearchAttributes([{ key: SearchAttributes.status, value: s }]);
  };

  // ---- payment: the core's helper, with the contact's payment window ------------------------------
  const windowMs = input.paymentWindowSeconds * 1000;
  const deadline = Date.now() + windowMs;
  // The account's card at each attempt: after a decline the contact may have put in another one.
  const card = async () => (await steps.serviceOrderCard({ serviceOrderId })).paymentMethodId;
  const paid = await takePayment({
    orderId,
    step: 'charge',
    paymentMethodId: await card(),
    idempotencyKey: `${workflowId}:charge`,
    // The contact has the whole window to authenticate, as to pay again after a decline.
    actionTimeoutMs: windowMs,
    nudge,
    window: {
      deadline,
      paymentMethodFor: card,
      onAttempt: () => setStatus('charging'),
      onCustomerNeeded: async ({ step, charge }) => {
        setStatus('awaiting_payment');
        await serviceOrders.awaitServiceOrderPayment({
          serviceOrderId,
          dueAt: new Date(deadline).toISOString(),
          reason: charge.status === 'requires_action' ? 'authentication' : 'declined',
          message: charge.failure ?? null,
          idempotencyKey: `${workflowId}:${step}:payment-requested`,
        });
      },
    },
  });
  if (paid.status === 'failed') {
    // Nothing was taken: the order and the service order end, the contact and the rep are told.
    const reason = paid.failure ?? { key: WorkflowMessageKeys.paymentFailed };
    await steps.failOrder({ orderId, reason });
    await serviceOrders.failServiceOrder({ serviceOrderId, reason, compensated: false, idempotencyKey: `${workflowId}:failed` });
    setStatus('failed');
    return 'failed';
  }
  await steps.markServiceOrderPaid({ serviceOrderId });

  // ---- provisioning and the order's fulfilment, raced against the 24-hour promise -----------------
  // Compensations are registered before the step they undo and run in reverse (saga); none is needed
  // once the order is fulfilled, the last step that can fail.
  const compensations: Array<(reason: UserMessage) => Promise<void>> = [(reason) => refundPayment({ orderId, step: paid.step, reason })];
  setStatus('provisioning');
  let fulfilled = false;
  let done = false;
  let failure: unknown = null;
  let refusal = null as UserMessage | null;
  const work = (async () => {
    compensations.push(() => provisioning.rollbackProvisioning({ serviceOrderId }));
    // Every product runs to its end before anything is judged, so a compensation never races a provisioning still going.
    const results = await Promise.allSettled(input.productIds.map((productId) => provisionProduct(productId)));
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    await steps.provisionAdmin({ serviceOrderId, idempotencyKey: `${workflowId}:provision-admin` });
    setStatus('invoicing');
    // The core: every seat_addition line checked, then applied (seats, or a co-termed subscription), the invoice — at once.
    const outcome = await steps.fulfilOrder({ orderId });
    if (outcome.status === 'rejected') {
      refusal = outcome.reason;
      return;
    }
    fulfilled = true;
    await steps.assignAdminSeats({ serviceOrderId });
  })().then(
    () => {
      done = true;
    },
    (err) => {
      failure = err;
    },
  );
  const slaMs = Date.parse(input.slaDueAt) - Date.now();
  const inTime = slaMs > 0 ? await condition(() => done || failure !== null, slaMs) : done || failure !== null;
  if (!inTime) {
    // The promise is broken, the order is not: tell people, keep waiting.
    await serviceOrders.alertServiceOrderSla({ serviceOrderId, idempotencyKey: `${workflowId}:sla-breached` });
  }
  await work;
  if (failure !== null || refusal !== null) {
    // After the fulfilment nothing fails permanently but a bug: it is not compensated, the workflow fails for operations.
    if (fulfilled || (failure !== null && !stepFailedForGood(failure))) throw failure;
    let reason: UserMessage;
    if (refusal !== null) {
      reason = refusal;
    } else {
      // A remote step's failure wraps its cause; a local step's is the cause.
      const cause = failure instanceof ActivityFailure ? failure.cause : failure;
      reason = { key: WorkflowMessageKeys.serviceOrderProvisioningFailed, params: { detail: cause instanceof ApplicationFailure ? cause.message : '__none' } };
    }
    log.error('service order could not be fulfilled; compensating', { serviceOrderId, reason: reason.key });
    for (const undo of compensations.reverse()) await undo(reason);
    await steps.failOrder({ orderId, reason });
    await serviceOrders.failServiceOrder({ serviceOrderId, reason, compensated: true, idempotencyKey: `${workflowId}:failed` });
    setStatus('compensated');
    return 'compensated';
  }

  // ---- receipt ------------------------------------------------------------------------------------
  await serviceOrders.sendServiceOrderReceipt({ serviceOrderId, idempotencyKey: `${workflowId}:receipt` });
  await steps.completeServiceOrder({ serviceOrderId });
  setStatus('completed');
  return 'completed';

  /** One product's seats at the provisioner; an external one that works asynchronously is looked at again until it is done. */
  async function provisionProduct(productId: string) {
    const key = `${workflowId}:provision:${productId}`;
    let r = await provisioning.provisionProduct({ serviceOrderId, productId, idempotencyKey: key });
    while (r.status === 'pending') {
      await sleep((input.provisioningPollSeconds ?? 60) * 1000);
      r = await provisioning.provisionProduct({ serviceOrderId, productId, idempotencyKey: key });
    }
  }
}
