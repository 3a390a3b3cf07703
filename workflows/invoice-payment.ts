import { ApplicationFailure, condition, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { bookkeeping, fulfil, sendConfirmation, stepFailedForGood } from './lib/bookkeeping';
import { PaymentNudge, refundPayment, takePayment } from './lib/payment';
import {
  invoicePaymentStatusQuery,
  paymentUpdatedSignal,
  SearchAttributes,
  submitInvoicePaymentUpdate,
  WorkflowMessageKeys,
  type ChangePaymentOutcome,
  type InvoicePaymentInput,
  type InvoicePaymentStatus,
} from './shared';

/**
 * Marks payments whose recording (`fulfilOrder`) and receipt email ran as local activities, in the one
 * workflow task after the charge; histories without it replay their two activity tasks. One patch of
 * its own for both steps rather than the order core's two (`order-fulfilment-local-activity`,
 * `order-confirmation-local-activity`): each patch costs every run a marker and a search-attribute
 * upsert. Evaluated where each step runs, like those: a payment charged before a deploy whose history
 * already scheduled `fulfilOrder` replays it as an activity task and may send its receipt locally.
 */
export const INVOICE_PAYMENT_LOCAL_STEPS_PATCH = 'invoice-payment-local-steps';

/** Marks runs in which a receipt that fails for good leaves the recorded payment standing; older ones refunded it. */
export const RECORDED_PAYMENT_STANDS_PATCH = 'invoice-payment-recorded-stands';

/**
 * WF-5, one per payment of an invoice (`invoice-payment-<orderId>`). The amount was fixed when the
 * order was written, its claim on the invoice's balance checked by the database; this workflow moves
 * money and state exactly once, on the order core: charge (3-D Secure waited for) → record the payment
 * against the invoice with its receipt (`fulfilOrder`: balance and status follow) → the receipt email,
 * those two as local activities in one workflow task since INVOICE_PAYMENT_LOCAL_STEPS_PATCH. A
 * declined card records nothing; an invoice closed meanwhile gets the money back.
 */
export async function invoicePaymentWorkflow(input: InvoicePaymentInput): Promise<'completed' | 'failed'> {
  const { orderId } = input;
  const workflowId = workflowInfo().workflowId;
  let status: InvoicePaymentStatus = 'charging';
  let outcome: ChangePaymentOutcome | null = null;
  const payment = new PaymentNudge();
  let recordedOk = false;

  setHandler(invoicePaymentStatusQuery, () => status);
  setHandler(
    submitInvoicePaymentUpdate,
    async () => {
      await condition(() => outcome !== null);
      return { orderId, payment: outcome! };
    },
    {
      validator: (req) => {
        if (!req || req.orderId !== orderId) throw ApplicationFailure.nonRetryable('This payment belongs to another order.', WorkflowMessageKeys.otherInvoicePayment);
      },
    },
  );
  setHandler(paymentUpdatedSignal, (s) => {
    if (s?.orderId === orderId) payment.nudge();
  });

  const setStatus = (s: InvoicePaymentStatus) => {
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
    if (charge.status !== 'succeeded') {
      const failure = charge.failure ?? { key: WorkflowMessageKeys.paymentFailed };
      outcome ??= { status: 'failed', failure };
      await bookkeeping.failOrder({ orderId, reason: failure });
      setStatus('failed');
      return 'failed';
    }
    outcome ??= { status: 'succeeded' };

    setStatus('recording');
    const recorded = await fulfil('fulfilOrder', { orderId }, INVOICE_PAYMENT_LOCAL_STEPS_PATCH);
    if (recorded.status === 'rejected') {
      await refundPayment({ orderId, step, reason: recorded.reason });
      await bookkeeping.failOrder({ orderId, reason: recorded.reason });
      setStatus('failed');
      return 'failed';
    }
    recordedOk = true;
    await sendConfirmation('sendInvoicePaymentReceipt', { orderId, idempotencyKey: `${workflowId}:receipt` }, INVOICE_PAYMENT_LOCAL_STEPS_PATCH);
    setStatus('completed');
    return 'completed';
  } catch (err) {
    // The local recording or receipt too (their failure is not wrapped in an ActivityFailure).
    if (!stepFailedForGood(err)) throw err;
    log.error('invoice payment failed permanently', { orderId, error: String(err.cause?.message ?? err.message) });
    if (recordedOk && patched(RECORDED_PAYMENT_STANDS_PATCH)) {
      // The payment is on the invoice: it stands (refunding it would leave the invoice paid with the
      // money returned); only its receipt could not be sent, which the log above tells operations.
      setStatus('completed');
      return 'completed';
    }
    outcome ??= { status: 'failed', failure: { key: WorkflowMessageKeys.paymentFailed } };
    // Money taken for a payment that cannot be recorded goes back (a no-op when nothing was charged).
    await refundPayment({ orderId, step: 'charge', reason: { key: WorkflowMessageKeys.paymentFailed } });
    await bookkeeping.failOrder({ orderId, reason: { key: WorkflowMessageKeys.paymentFailed } });
    setStatus('failed');
    return 'failed';
  }
}
