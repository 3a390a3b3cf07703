import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EmailActivities } from '../../workflows/activities/emails';
import type { FulfilmentOutcome, OrderActivities } from '../../workflows/activities/orders';
import type { ChargeResult, PaymentActivities } from '../../workflows/activities/payments';
import { SubscriptionChangeMessages, WorkflowTypes, type ChangeSubmitted, type SubscriptionChangeInput } from '../../workflows/shared';
import { createWorkflowTestEnv, withWorker } from '../helpers/workflow-env';

/** Stubbed activities that record the steps the workflow asked for, in order; no I/O. */
function recording(charge: ChargeResult[], apply: FulfilmentOutcome = { status: 'completed', invoiceNumber: 'SP-1', creditNoteNumber: null }) {
  const calls: string[] = [];
  const activities: PaymentActivities & Pick<OrderActivities, 'failOrder' | 'applyChange'> & Pick<EmailActivities, 'sendChangeConfirmation'> = {
    async chargeOrder({ idempotencyKey }) { calls.push(`charge:${idempotencyKey}`); return charge.shift() ?? { status: 'succeeded' }; },
    async refreshPayment() { calls.push('refresh'); return charge.shift() ?? { status: 'succeeded' }; },
    async cancelPayment() { calls.push('cancel'); return { status: 'failed', failure: { key: 'errors.order.authenticationTimedOut' } }; },
    async refundOrder() { calls.push('refund'); },
    async failOrder({ reason }) { calls.push(`fail:${typeof reason === 'string' ? reason : reason.key}`); },
    async applyChange() { calls.push('apply'); return apply; },
    async sendChangeConfirmation({ idempotencyKey }) { calls.push(`email:${idempotencyKey}`); },
  };
  return { calls, activities };
}

const input = (orderId: string): SubscriptionChangeInput => ({ orderId, accountId: 'acct_t', subscriptionId: 'sub_t', productId: 'prd_meeting', paymentMethodId: 'pm_t', paymentActionTimeoutSeconds: 1 });

async function submit(env: TestWorkflowEnvironment, taskQueue: string, orderId: string) {
  const start = new WithStartWorkflowOperation(WorkflowTypes.subscriptionChange, { taskQueue, workflowId: `subscription-change-${orderId}`, args: [input(orderId)], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING });
  const answer = await env.client.workflow.executeUpdateWithStart<never, ChangeSubmitted, [{ orderId: string }]>(SubscriptionChangeMessages.submit, { args: [{ orderId }], updateId: `submit-${orderId}`, startWorkflowOperation: start as never });
  return { answer, result: await (await start.workflowHandle()).result() };
}

describe('WF-2 subscription change workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createWorkflowTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('WF-2: payment → apply → email, each keyed by the workflow ID; Place order hears the payment outcome', async () => {
    const { calls, activities } = recording([{ status: 'succeeded' }]);
    const { answer, result } = await withWorker(env, activities, (q) => submit(env, q, 'ord_w1'));
    expect(answer).toEqual({ orderId: 'ord_w1', payment: { status: 'succeeded' } });
    expect(result).toBe('completed');
    expect(calls).toEqual(['charge:subscription-change-ord_w1:charge', 'apply', 'email:subscription-change-ord_w1:confirmation']);
  });

  it('WF-2: a declined card fails the order and never applies the change', async () => {
    const { calls, activities } = recording([{ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } }]);
    const { answer, result } = await withWorker(env, activities, (q) => submit(env, q, 'ord_w2'));
    // The card's refusal by message key: Place order tells it in the caller's language (integration tests read the text).
    expect(answer.payment).toEqual({ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } });
    expect(calls).toContain('fail:errors.card.declined');
    expect(result).toBe('failed');
    expect(calls.some((c) => c === 'apply' || c.startsWith('email'))).toBe(false);
  });

  it('WF-2: a subscription that changed after payment is refunded and the order failed, with no confirmation email (the refund step tells the customer)', async () => {
    const { calls, activities } = recording([{ status: 'succeeded' }], { status: 'rejected', reason: { key: 'errors.order.changedMeanwhile', params: { product: 'Meeting', refunded: 'yes' } } });
    const { result } = await withWorker(env, activities, (q) => submit(env, q, 'ord_w3'));
    expect(result).toBe('failed');
    expect(calls).toEqual(['charge:subscription-change-ord_w3:charge', 'apply', 'refund', 'fail:errors.order.changedMeanwhile']);
  });

  it('WF-2: 3-D Secure not completed in time → the payment is cancelled and nothing changes', async () => {
    const { calls, activities } = recording([{ status: 'requires_action' }, { status: 'requires_action' }]);
    const { answer, result } = await withWorker(env, activities, (q) => submit(env, q, 'ord_w4'));
    expect(answer.payment).toEqual({ status: 'requires_action' });
    expect(result).toBe('failed');
    expect(calls.slice(0, 3)).toEqual(['charge:subscription-change-ord_w4:charge', 'refresh', 'cancel']);
    expect(calls).not.toContain('apply');
  });

  it('WF-2: an update for another order is refused by the validator before it enters history', async () => {
    const { activities } = recording([{ status: 'succeeded' }]);
    await withWorker(env, activities, async (taskQueue) => {
      const start = new WithStartWorkflowOperation(WorkflowTypes.subscriptionChange, { taskQueue, workflowId: 'subscription-change-ord_w5', args: [input('ord_w5')], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING });
      await expect(env.client.workflow.executeUpdateWithStart(SubscriptionChangeMessages.submit, { args: [{ orderId: 'ord_other' }], startWorkflowOperation: start })).rejects.toThrow();
      await (await start.workflowHandle()).result();
    });
  });
});
