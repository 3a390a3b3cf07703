import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import {
  convertUpdate,
  paymentUpdatedSignal,
  purchaseOrderChangedSignal,
  SearchAttributes,
  submitChangeUpdate,
  submitInvoicePaymentUpdate,
  WorkflowTypes,
  workflowIds,
  type ConversionAccepted,
  type ConversionRequest,
  type ChangeSubmitted,
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
  const workflowId = workflowIds.trial(input.subscriptionId);
  try {
    await client.workflow.start(WorkflowTypes.trial, {
      taskQueue,
      workflowId,
      args: [input],
      // Starting twice (a retried request, the reconciler) attaches to the running trial; a trial that
      // already ended is never started again.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SearchAttributes.accountId, value: input.accountId },
        { key: SearchAttributes.subscriptionId, value: input.subscriptionId },
        { key: SearchAttributes.productId, value: input.productId },
        { key: SearchAttributes.status, value: 'starting' },
      ],
      memo: { kind: 'trial', trialEndsAt: input.trialEndsAt },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
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
