import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EmailActivities } from '../../workflows/activities/emails';
import type { FulfilmentOutcome, OrderActivities } from '../../workflows/activities/orders';
import type { ChargeResult, PaymentActivities } from '../../workflows/activities/payments';
import { SubscriptionChangeMessages, WorkflowTypes, type ChangeSubmitted, type SubscriptionChangeInput } from '../../workflows/shared';
import { LOCAL_CONFIRMATION_PATCH, LOCAL_FULFILMENT_PATCH } from '../../workflows/lib/bookkeeping';
import { historySteps } from '../helpers/history-steps';
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

  it('WF-2: after the charge, one workflow task applies the change and sends the confirmation email, both as local activities (issue 12)', async () => {
    const { calls, activities } = recording([{ status: 'succeeded' }]);
    const history = await withWorker(env, activities, async (q) => {
      const { result } = await submit(env, q, 'ord_w6');
      expect(result).toBe('completed');
      return env.client.workflow.getHandle('subscription-change-ord_w6').fetchHistory();
    });
    expect(calls).toContain('email:subscription-change-ord_w6:confirmation');
    const steps = historySteps(history);
    expect(steps.patches).toEqual([LOCAL_FULFILMENT_PATCH, LOCAL_CONFIRMATION_PATCH]);
    expect(steps.localActivities).toEqual(['applyChange', 'sendChangeConfirmation']);
    expect(steps.activityTasks).toEqual(['chargeOrder']);
    expect(steps.workflowTasksAfter('chargeOrder')).toBe(1);
  });

  it('WF-2: with SMTP down, the local email retries within the task only briefly, then on durable timers — and is sent once SMTP is back (issue 12)', async () => {
    const { calls, activities } = recording([{ status: 'succeeded' }]);
    let failures = 3; // the fault a real relay cannot produce on demand: refused three times, then back
    activities.sendChangeConfirmation = async ({ idempotencyKey }) => {
      calls.push(`email:${idempotencyKey}`);
      if (failures-- > 0) throw new Error('connect ECONNREFUSED (SMTP down)');
    };
    const history = await withWorker(env, activities, async (q) => {
      const { result } = await submit(env, q, 'ord_w7');
      expect(result).toBe('completed');
      return env.client.workflow.getHandle('subscription-change-ord_w7').fetchHistory();
    });
    expect(calls.filter((c) => c.startsWith('email:'))).toHaveLength(4);
    // Attempts 1–3 back off 0.5 s and 1 s inside the workflow task; the 2 s backoff before the 4th is a
    // durable timer: a marker records the failed attempts and the backoff, the timer, then the 4th attempt's marker.
    expect(history.events!.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect(historySteps(history).localActivities).toEqual(['applyChange', 'sendChangeConfirmation', 'sendChangeConfirmation']);
    expect(historySteps(history).activityTasks).toEqual(['chargeOrder']);
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

  it('WF-2: a local fulfilment that fails for good after the charge refunds it and fails the order (its failure is not an ActivityFailure)', async () => {
    const { calls, activities } = recording([{ status: 'succeeded' }]);
    activities.applyChange = async () => {
      calls.push('apply');
      throw ApplicationFailure.nonRetryable('order ord_w8 is gone', 'OrderNotFound');
    };
    const { result } = await withWorker(env, activities, (q) => submit(env, q, 'ord_w8'));
    expect(result).toBe('failed');
    expect(calls).toEqual(['charge:subscription-change-ord_w8:charge', 'apply', 'refund', 'fail:errors.order.changeNotProcessed']);
  });

  it('WF-2: a confirmation email that fails for good after the change was applied leaves it standing: no refund, the order completed', async () => {
    const { calls, activities } = recording([{ status: 'succeeded' }]);
    activities.sendChangeConfirmation = async ({ idempotencyKey }) => {
      calls.push(`email:${idempotencyKey}`);
      throw ApplicationFailure.nonRetryable('order ord_w9 is gone', 'OrderNotFound');
    };
    const { result } = await withWorker(env, activities, (q) => submit(env, q, 'ord_w9'));
    expect(result).toBe('completed');
    expect(calls).toEqual(['charge:subscription-change-ord_w9:charge', 'apply', 'email:subscription-change-ord_w9:confirmation']);
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
