import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EmailActivities } from '../../workflows/activities/emails';
import type { FulfilmentOutcome, OrderActivities } from '../../workflows/activities/orders';
import type { ChargeResult, PaymentActivities } from '../../workflows/activities/payments';
import { InvoicePaymentMessages, WorkflowTypes, workflowIds, type ChangeSubmitted, type InvoicePaymentInput } from '../../workflows/shared';
import { INVOICE_PAYMENT_LOCAL_STEPS_PATCH } from '../../workflows/invoice-payment';
import { historySteps } from '../helpers/history-steps';
import { createWorkflowTestEnv, withWorker } from '../helpers/workflow-env';

type Steps = PaymentActivities & Pick<OrderActivities, 'failOrder' | 'fulfilOrder'> & Pick<EmailActivities, 'sendInvoicePaymentReceipt'>;

/** WF-5's activities as a log of the steps asked for (no I/O); `charges` are the payment's successive states. */
function stubs(charges: ChargeResult[], recorded: FulfilmentOutcome | 'gone' = { status: 'completed', invoiceNumber: null }) {
  const steps: string[] = [];
  const activities: Steps = {
    async chargeOrder({ idempotencyKey }) { steps.push(`charge:${idempotencyKey}`); return charges.shift() ?? { status: 'succeeded' }; },
    async refreshPayment() { steps.push('refresh'); return charges.shift() ?? { status: 'succeeded' }; },
    async cancelPayment() { steps.push('cancel'); return { status: 'failed', failure: { key: 'errors.order.authenticationTimedOut' } }; },
    async refundOrder({ reason }) { steps.push(`refund:${typeof reason === 'string' ? reason : reason.key}`); },
    async failOrder({ reason }) { steps.push(`fail:${typeof reason === 'string' ? reason : reason.key}`); },
    async fulfilOrder() {
      steps.push('record');
      if (recorded === 'gone') throw ApplicationFailure.nonRetryable('order gone', 'OrderNotFound');
      return recorded;
    },
    async sendInvoicePaymentReceipt({ idempotencyKey }) { steps.push(`receipt:${idempotencyKey}`); },
  };
  return { steps, activities };
}

async function pay(env: TestWorkflowEnvironment, taskQueue: string, orderId: string) {
  const input: InvoicePaymentInput = { orderId, accountId: 'acct_t', invoiceId: 'inv_t', paymentMethodId: 'pm_t', paymentActionTimeoutSeconds: 1 };
  const start = new WithStartWorkflowOperation(WorkflowTypes.invoicePayment, { taskQueue, workflowId: workflowIds.invoicePayment(orderId), args: [input], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING });
  const answer = await env.client.workflow.executeUpdateWithStart<never, ChangeSubmitted, [{ orderId: string }]>(InvoicePaymentMessages.submit, { args: [{ orderId }], updateId: `submit-${orderId}`, startWorkflowOperation: start as never });
  return { answer, result: await (await start.workflowHandle()).result() };
}

describe('WF-5 invoice payment workflow (stubbed activities)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createWorkflowTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('WF-5: charge → record → receipt, each keyed by the business workflow ID; the pay page hears the payment outcome', async () => {
    const { steps, activities } = stubs([{ status: 'succeeded' }]);
    const { answer, result } = await withWorker(env, activities, (q) => pay(env, q, 'ord_p1'));
    expect(answer).toEqual({ orderId: 'ord_p1', payment: { status: 'succeeded' } });
    expect(result).toBe('completed');
    expect(steps).toEqual(['charge:invoice-payment-ord_p1:charge', 'record', 'receipt:invoice-payment-ord_p1:receipt']);
  });

  it('WF-5: after the charge, one workflow task records the payment and sends the receipt, both as local activities under one patch (issue 12)', async () => {
    const { steps, activities } = stubs([{ status: 'succeeded' }]);
    const history = await withWorker(env, activities, async (q) => {
      expect((await pay(env, q, 'ord_p6')).result).toBe('completed');
      return env.client.workflow.getHandle(workflowIds.invoicePayment('ord_p6')).fetchHistory();
    });
    expect(steps).toEqual(['charge:invoice-payment-ord_p6:charge', 'record', 'receipt:invoice-payment-ord_p6:receipt']);
    const h = historySteps(history);
    expect(h.patches).toEqual([INVOICE_PAYMENT_LOCAL_STEPS_PATCH]);
    expect(h.localActivities).toEqual(['fulfilOrder', 'sendInvoicePaymentReceipt']);
    expect(h.activityTasks).toEqual(['chargeOrder']);
    expect(h.workflowTasksAfter('chargeOrder')).toBe(1);
  });

  it('WF-5: a declined card fails the order; nothing is recorded, no receipt', async () => {
    const { steps, activities } = stubs([{ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } }]);
    const { answer, result } = await withWorker(env, activities, (q) => pay(env, q, 'ord_p2'));
    expect(answer.payment).toEqual({ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } });
    expect(result).toBe('failed');
    expect(steps).toEqual(['charge:invoice-payment-ord_p2:charge', 'fail:errors.card.declined']);
  });

  it('WF-5: an invoice that can no longer take the payment gets the money back through the core, and the order fails', async () => {
    const { steps, activities } = stubs([{ status: 'succeeded' }], { status: 'rejected', reason: { key: 'errors.invoicePayment.notOpenAnyMore', params: { number: 'SP-1', refunded: 'yes' } } });
    expect((await withWorker(env, activities, (q) => pay(env, q, 'ord_p3'))).result).toBe('failed');
    expect(steps).toEqual(['charge:invoice-payment-ord_p3:charge', 'record', 'refund:errors.invoicePayment.notOpenAnyMore', 'fail:errors.invoicePayment.notOpenAnyMore']);
  });

  it('WF-5: 3-D Secure not completed in time → the attempt is cancelled, nothing recorded', async () => {
    const { steps, activities } = stubs([{ status: 'requires_action' }, { status: 'requires_action' }]);
    const { answer, result } = await withWorker(env, activities, (q) => pay(env, q, 'ord_p4'));
    expect(answer.payment).toEqual({ status: 'requires_action' });
    expect(result).toBe('failed');
    expect(steps).toEqual(['charge:invoice-payment-ord_p4:charge', 'refresh', 'cancel', 'fail:errors.order.authenticationTimedOut']);
  });

  it('WF-5: a permanent failure after the charge refunds (a no-op when nothing was charged) and ends the order', async () => {
    const { steps, activities } = stubs([{ status: 'succeeded' }], 'gone');
    expect((await withWorker(env, activities, (q) => pay(env, q, 'ord_p5'))).result).toBe('failed');
    expect(steps).toEqual(['charge:invoice-payment-ord_p5:charge', 'record', 'refund:errors.order.paymentFailed', 'fail:errors.order.paymentFailed']);
  });

  it('WF-5: a receipt that fails for good after the payment was recorded leaves the payment standing: no refund, the order completed', async () => {
    const { steps, activities } = stubs([{ status: 'succeeded' }]);
    activities.sendInvoicePaymentReceipt = async ({ idempotencyKey }) => {
      steps.push(`receipt:${idempotencyKey}`);
      throw ApplicationFailure.nonRetryable('order gone', 'OrderNotFound');
    };
    expect((await withWorker(env, activities, (q) => pay(env, q, 'ord_p7'))).result).toBe('completed');
    expect(steps).toEqual(['charge:invoice-payment-ord_p7:charge', 'record', 'receipt:invoice-payment-ord_p7:receipt']);
  });
});
