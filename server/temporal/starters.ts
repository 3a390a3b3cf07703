import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client, type WorkflowStartOptions } from '@temporalio/client';
import {
  convertUpdate,
  payNowUpdate,
  paymentUpdatedSignal,
  quoteDecidedSignal,
  resendQuoteSignal,
  retryPaymentSignal,
  purchaseOrderChangedSignal,
  SearchAttributes,
  submitChangeUpdate,
  subscriptionChangedSignal,
  submitInvoicePaymentUpdate,
  WorkflowTypes,
  workflowIds,
  type ChangeSubmitted,
  type ConversionAccepted,
  type ConversionRequest,
  type PayNowOutcome,
  type PayNowRequest,
  type RenewalWorkflowInput,
  type QuoteDecided,
  type QuoteWorkflowInput,
  type ServiceOrderWorkflowInput,
  type InvoicePaymentInput,
  type PurchaseOrderExpiryInput,
  type SubscriptionChangeInput,
  type TrialWorkflowInput,
} from '../../workflows/shared';

/** WF-5's signature, for the typed start by name. */
type InvoicePaymentWorkflow = (input: InvoicePaymentInput) => Promise<'completed' | 'failed'>;

/** WF-2's signature, for the typed start by name. */
type SubscriptionChangeWorkflow = (input: SubscriptionChangeInput) => Promise<'completed' | 'failed'>;

/**
 * Typed starters. Workflows are started by type *name* (never by importing workflow code into the
 * web server), under business IDs, with search attributes and a memo for the Temporal UI; updates and
 * signals go through the definitions in workflows/shared.ts, which type their arguments and answers.
 */
export async function startTrialWorkflow(client: Client, taskQueue: string, input: TrialWorkflowInput): Promise<string> {
  return startOnce(client, WorkflowTypes.trial, workflowIds.trial(input.subscriptionId), {
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.subscriptionId, value: input.subscriptionId },
      { key: SearchAttributes.productId, value: input.productId },
      { key: SearchAttributes.status, value: 'starting' },
    ],
    memo: { kind: 'trial', trialEndsAt: input.trialEndsAt },
  });
}

/**
 * WF-1 conversion: hands a placed order to the trial's workflow as an update. The update ID is the
 * order ID, so a repeated request is answered by the same update instead of a second conversion; the
 * workflow's validator refuses an invalid order (trial ended, another order in progress) at once.
 */
export async function requestTrialConversion(client: Client, subscriptionId: string, req: ConversionRequest): Promise<ConversionAccepted> {
  const handle = client.workflow.getHandle(workflowIds.trial(subscriptionId));
  return handle.executeUpdate(convertUpdate, { args: [req], updateId: `convert-${req.orderId}` });
}

/** Wakes the workflow that waits on an order's payment (3-D Secure done, a Stripe webhook arrived). */
export async function nudgeOrderPayment(client: Client, workflowId: string, orderId: string): Promise<void> {
  await client.workflow.getHandle(workflowId).signal(paymentUpdatedSignal, { orderId });
}

/** The one set of start options of a WF-2 workflow (Place order and the reconciler start it alike). */
function changeStartOptions(taskQueue: string, input: SubscriptionChangeInput) {
  return {
    taskQueue,
    workflowId: workflowIds.subscriptionChange(input.orderId),
    args: [input] as [SubscriptionChangeInput],
    // Starting twice attaches to the running workflow; a finished one is never started again.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.orderId, value: input.orderId },
      { key: SearchAttributes.subscriptionId, value: input.subscriptionId },
      { key: SearchAttributes.productId, value: input.productId },
      { key: SearchAttributes.status, value: 'charging' },
    ],
    memo: { kind: 'subscription-change', orderId: input.orderId },
  };
}

/**
 * WF-2: starts the change order's workflow and hands it the order in one call (update-with-start), so
 * Place order gets the payment's outcome at once. Repeating it (a retried request) attaches to the same
 * workflow and the same update (its ID is the order's); a finished workflow is never started again.
 */
export async function submitSubscriptionChange(client: Client, taskQueue: string, input: SubscriptionChangeInput): Promise<ChangeSubmitted> {
  const start = new WithStartWorkflowOperation<SubscriptionChangeWorkflow>(WorkflowTypes.subscriptionChange, changeStartOptions(taskQueue, input));
  return client.workflow.executeUpdateWithStart(submitChangeUpdate, {
    args: [{ orderId: input.orderId }],
    updateId: `submit-${input.orderId}`,
    startWorkflowOperation: start,
  });
}

/**
 * WF-2 recovery: (re)starts a committed change order's workflow without waiting for its payment. A
 * running workflow is attached to (nothing starts twice); a finished one is left alone ('closed').
 */
export async function resumeSubscriptionChange(client: Client, taskQueue: string, input: SubscriptionChangeInput): Promise<'started' | 'closed'> {
  try {
    await client.workflow.start(WorkflowTypes.subscriptionChange, changeStartOptions(taskQueue, input));
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
    throw err;
  }
}

/** The one set of start options of a WF-4 renewal workflow (activation, the reconciler and the benches alike). */
export function renewalStartOptions(taskQueue: string, input: RenewalWorkflowInput) {
  return {
    taskQueue,
    workflowId: workflowIds.renewal(input.subscriptionId),
    args: [input] as [RenewalWorkflowInput],
    // One per subscription: starting again attaches to the running one; after it ended (cancelled,
    // expired) a subscription that becomes active again gets a fresh run under the same ID.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.subscriptionId, value: input.subscriptionId },
      { key: SearchAttributes.productId, value: input.productId },
      { key: SearchAttributes.status, value: 'waiting' },
    ],
    memo: { kind: 'renewal', subscriptionId: input.subscriptionId },
  };
}

/**
 * WF-4: tells a subscription's renewal workflow that the subscription changed (it became active, a
 * WF-2 change re-anchored its period, cancel at period end or its undo), starting it when it is not
 * running — one call for "start" and "wake up and re-read", safe to repeat.
 */
export async function notifyRenewal(client: Client, taskQueue: string, input: RenewalWorkflowInput): Promise<string> {
  const options = renewalStartOptions(taskQueue, input);
  await client.workflow.signalWithStart(WorkflowTypes.renewal, { ...options, signal: subscriptionChangedSignal, signalArgs: [] });
  return options.workflowId;
}

/**
 * BC-9 dunning page: pays the open renewal invoice now, through the renewal workflow (which alone
 * charges a renewal, so a scheduled retry and a click never charge twice). The update ID is the
 * page's request ID: a repeated request gets the same answer.
 */
export async function payRenewalNow(client: Client, subscriptionId: string, req: PayNowRequest): Promise<PayNowOutcome> {
  const handle = client.workflow.getHandle(workflowIds.renewal(subscriptionId));
  return handle.executeUpdate(payNowUpdate, { args: [req], updateId: `pay-now-${req.requestId}` });
}

/**
 * WF-6: a sent quote's lifetime (`quote-<id>`). Starting twice attaches to the running workflow; a
 * quote whose workflow already ended is never started again.
 */
export async function startQuoteWorkflow(client: Client, taskQueue: string, input: QuoteWorkflowInput): Promise<string> {
  return startOnce(client, WorkflowTypes.quote, workflowIds.quote(input.quoteId), {
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.status, value: 'pending' },
    ],
    memo: { kind: 'quote', quoteId: input.quoteId, expiresAt: input.expiresAt },
  });
}

/**
 * Starts a workflow under its business ID once: starting again (a retried request, the reconciler)
 * attaches to the running one, and one that already ended is never started again.
 */
async function startOnce(client: Client, type: string, workflowId: string, opts: Pick<WorkflowStartOptions, 'taskQueue' | 'args' | 'typedSearchAttributes' | 'memo'>): Promise<string> {
  try {
    await client.workflow.start(type, {
      ...opts,
      workflowId,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
}

/** Tells a quote's WF-6 workflow how it was decided (the database already says so); a closed workflow is left alone. */
export async function signalQuoteDecided(client: Client, decided: QuoteDecided): Promise<void> {
  try {
    await client.workflow.getHandle(workflowIds.quote(decided.quoteId)).signal(quoteDecidedSignal, decided);
  } catch (err) {
    if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
  }
}

export async function signalQuoteResend(client: Client, quoteId: string, resendId: string): Promise<void> {
  await client.workflow.getHandle(workflowIds.quote(quoteId)).signal(resendQuoteSignal, { quoteId, resendId });
}

/**
 * WF-3: a placed service order's fulfilment (`service-order-<id>`). Starting twice (a repeated Place,
 * the reconciler) attaches to the running workflow; a finished one is never started again.
 */
export async function startServiceOrderWorkflow(client: Client, taskQueue: string, input: ServiceOrderWorkflowInput): Promise<string> {
  return startOnce(client, WorkflowTypes.serviceOrder, workflowIds.serviceOrder(input.serviceOrderId), {
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.orderId, value: input.orderId },
      // The first product of the order (a keyword holds one); the workflow ID names the order.
      { key: SearchAttributes.productId, value: input.productIds[0] ?? '' },
      { key: SearchAttributes.status, value: 'charging' },
    ],
    memo: { kind: 'service-order', serviceOrderId: input.serviceOrderId, orderId: input.orderId, products: input.productIds },
  });
}

/**
 * An order waiting for its customer within a payment window (WF-3 …): the customer updated the card
 * and asks to pay again — attempt N (a repeated request for the same N is one retry).
 */
export async function requestPaymentRetry(client: Client, workflowId: string, orderId: string, attempt: number): Promise<void> {
  await client.workflow.getHandle(workflowId).signal(retryPaymentSignal, { orderId, attempt });
}

/**
 * CP-9: tells a purchase order's reminder workflow that the purchase order changed (added, edited,
 * removed), starting it when none runs (a workflow that ended — expired, removed — starts afresh).
 */
export async function signalPurchaseOrderChanged(client: Client, taskQueue: string, input: PurchaseOrderExpiryInput): Promise<string> {
  const workflowId = workflowIds.purchaseOrder(input.purchaseOrderId);
  await client.workflow.signalWithStart(WorkflowTypes.purchaseOrderExpiry, {
    taskQueue,
    workflowId,
    args: [input],
    signal: purchaseOrderChangedSignal,
    signalArgs: [],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.status, value: 'starting' },
    ],
    memo: { kind: 'purchase-order-expiry' },
  });
  return workflowId;
}

/**
 * WF-5: starts an invoice payment order's workflow and hands it the order in one call (update-with-start),
 * so the pay page gets the payment's outcome at once. A repeat (a retried request) attaches to the same
 * workflow and update; a finished workflow is never started again.
 */
export async function submitInvoicePayment(client: Client, taskQueue: string, input: InvoicePaymentInput): Promise<ChangeSubmitted> {
  const start = new WithStartWorkflowOperation<InvoicePaymentWorkflow>(WorkflowTypes.invoicePayment, {
    taskQueue,
    workflowId: workflowIds.invoicePayment(input.orderId),
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: SearchAttributes.accountId, value: input.accountId },
      { key: SearchAttributes.orderId, value: input.orderId },
      { key: SearchAttributes.status, value: 'charging' },
    ],
    memo: { kind: 'invoice-payment', orderId: input.orderId, invoiceId: input.invoiceId },
  });
  return client.workflow.executeUpdateWithStart(submitInvoicePaymentUpdate, {
    args: [{ orderId: input.orderId }],
    updateId: `submit-${input.orderId}`,
    startWorkflowOperation: start,
  });
}
