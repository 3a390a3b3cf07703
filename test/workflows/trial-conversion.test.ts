import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailActivities } from '../../workflows/activities/emails';
import type { OrderActivities } from '../../workflows/activities/orders';
import type { ChargeResult, PaymentActivities } from '../../workflows/activities/payments';
import type { TrialActivities } from '../../workflows/activities/trial';
import { SearchAttributes, TrialMessages, WorkflowTypes, type ConversionRequest, type TrialWorkflowInput } from '../../workflows/shared';
import { LOCAL_CONFIRMATION_PATCH, LOCAL_FULFILMENT_PATCH } from '../../workflows/lib/bookkeeping';
import { historySteps } from '../helpers/history-steps';
import { createWorkflowTestEnv, withWorker } from '../helpers/workflow-env';

/** Stubbed activities that record what the workflow asked for, in order. */
function stubs(opts: { charge?: (orderId: string) => Promise<ChargeResult> } = {}) {
  const calls: string[] = [];
  const activities: TrialActivities & PaymentActivities & Pick<OrderActivities, 'failOrder' | 'activateOrder'> & Pick<EmailActivities, 'sendTrialEmail' | 'sendOrderConfirmation'> = {
    async activateTrial({ subscriptionId }) { calls.push(`activate-trial:${subscriptionId}`); },
    async expireTrial({ subscriptionId }) { calls.push(`expire:${subscriptionId}`); return true; },
    async sendTrialEmail({ kind }) { calls.push(`email:${kind}`); },
    async chargeOrder({ orderId, idempotencyKey }) { calls.push(`charge:${orderId}:${idempotencyKey}`); return opts.charge ? opts.charge(orderId) : { status: 'succeeded' }; },
    async refreshPayment({ orderId }) { calls.push(`refresh:${orderId}`); return { status: 'succeeded' }; },
    async cancelPayment({ orderId }) { calls.push(`cancel:${orderId}`); return { status: 'failed', failure: { key: 'errors.order.authenticationTimedOut' } }; },
    async refundOrder({ orderId }) { calls.push(`refund:${orderId}`); },
    async failOrder({ orderId, reason }) { calls.push(`fail:${orderId}:${typeof reason === 'string' ? reason : reason.key}`); },
    async activateOrder({ orderId }) { calls.push(`activate-order:${orderId}`); return { status: 'completed', invoiceId: 'inv_1', invoiceNumber: 'SP-2026-000001' }; },
    async sendOrderConfirmation({ orderId }) { calls.push(`confirm-email:${orderId}`); },
  };
  return { calls, activities };
}

const input = (id: string, endsInMs: number): TrialWorkflowInput => ({
  subscriptionId: id, accountId: 'acct_t', productId: 'prd_meeting', trialEndsAt: new Date(Date.now() + endsInMs).toISOString(), reminderDaysBefore: [], dayLengthSeconds: 1,
});
const order = (orderId: string, subscriptionIds: string[]): ConversionRequest => ({ orderId, subscriptionIds, paymentMethodId: 'pm_x' });

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** Waits until the workflow has taken in an event: a workflow task completed after the event `find` locates (its index, or -1). */
async function untilTakenIn(h: WorkflowHandle, what: string, find: (events: HistoryEvent[]) => number) {
  for (let i = 0; ; i++) {
    const events = (await h.fetchHistory()).events ?? [];
    const at = find(events);
    if (at >= 0 && events.slice(at + 1).some((e) => e.workflowTaskCompletedEventAttributes)) return;
    if (i > 400) throw new Error(`the workflow did not take in ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitFor(cond: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('WF-1 trial conversion (update raced against the trial-end timer)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createWorkflowTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('WF-1: an accepted conversion charges, activates, emails — and the trial never expires', async () => {
    const { calls, activities } = stubs();
    const result = await withWorker(env, activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_c1', args: [input('sub_c1', 60_000)] });
      await waitFor(() => calls.includes('email:started'));
      await expect(h.executeUpdate(TrialMessages.convert, { args: [order('ord_1', ['sub_c1'])], updateId: 'convert-ord_1' })).resolves.toEqual({ orderId: 'ord_1', accepted: true });
      return h.result();
    });
    expect(result).toBe('converted');
    expect(calls).toEqual(['activate-trial:sub_c1', 'email:started', 'charge:ord_1:trial-sub_c1:ord_1:charge', 'activate-order:ord_1', 'confirm-email:ord_1']);
  });

  it('WF-1: after the charge, one workflow task activates and sends the confirmation email, both as local activities (issue 12)', async () => {
    const { calls, activities } = stubs();
    const history = await withWorker(env, activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_c5', args: [input('sub_c5', 60_000)] });
      await waitFor(() => calls.includes('email:started'));
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_5', ['sub_c5'])] });
      await expect(h.result()).resolves.toBe('converted');
      return h.fetchHistory();
    });
    expect(calls).toContain('confirm-email:ord_5');
    const steps = historySteps(history);
    expect(steps.patches).toEqual(expect.arrayContaining([LOCAL_FULFILMENT_PATCH, LOCAL_CONFIRMATION_PATCH]));
    expect(steps.localActivities).toEqual(['activateOrder', 'sendOrderConfirmation']);
    expect(steps.activityTasks).not.toContain('sendOrderConfirmation');
    expect(steps.activityTasks).not.toContain('activateOrder');
    expect(steps.workflowTasksAfter('chargeOrder')).toBe(1);
  });

  it('WF-1: the validator refuses an invalid order before it enters history; the same order twice is accepted once', async () => {
    let release!: (r: ChargeResult) => void;
    const { calls, activities } = stubs({ charge: () => new Promise((r) => { release = r; }) });
    await withWorker(env, activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_c2', args: [input('sub_c2', 60_000)] });
      await waitFor(() => calls.includes('email:started'));
      const wrong = h.executeUpdate(TrialMessages.convert, { args: [order('ord_x', ['sub_other'])] });
      await expect(wrong).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(wrong).rejects.toMatchObject({ cause: { message: 'This order does not convert this trial.' } });
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_a', ['sub_c2'])] });
      await waitFor(() => calls.some((c) => c.startsWith('charge:ord_a')));
      await expect(h.executeUpdate(TrialMessages.convert, { args: [order('ord_b', ['sub_c2'])] })).rejects.toMatchObject({ cause: { message: 'Another order for this trial is already being processed.' } });
      await expect(h.executeUpdate(TrialMessages.convert, { args: [order('ord_a', ['sub_c2'])] })).resolves.toEqual({ orderId: 'ord_a', accepted: true });
      release({ status: 'succeeded' });
      await h.result();
      // Rejected updates left no trace in history: only ord_a's two acceptances are there.
      const history = await h.fetchHistory();
      const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      const ids = accepted.map((e) => JSON.stringify(e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest?.input?.args?.payloads?.[0]?.data ? Buffer.from(e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0]!.data!).toString() : ''));
      expect(ids.every((s) => s.includes('ord_a'))).toBe(true);
    });
    expect(calls.filter((c) => c.startsWith('charge:'))).toEqual(['charge:ord_a:trial-sub_c2:ord_a:charge']);
    expect(calls.filter((c) => c.startsWith('activate-order'))).toEqual(['activate-order:ord_a']);
  });

  it('WF-1: a declined payment fails the order and the trial runs on until it expires with no charge', async () => {
    const { calls, activities } = stubs({ charge: async () => ({ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } }) });
    const result = await withWorker(env, activities, async (taskQueue) => {
      // The order must arrive before the trial's end (else the validator refuses it): 8 s leave room for the
      // worker's first task and two activities on a busy machine, and the test still waits for the expiry.
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_c3', args: [input('sub_c3', 8_000)] });
      await waitFor(() => calls.includes('email:started'));
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_d', ['sub_c3'])] });
      return h.result();
    });
    expect(result).toBe('expired');
    expect(calls).toEqual(['activate-trial:sub_c3', 'email:started', 'charge:ord_d:trial-sub_c3:ord_d:charge', 'fail:ord_d:errors.card.declined', 'expire:sub_c3', 'email:expired']);
  });

  it('WF-1: once the trial-end timer has fired, a conversion is refused with a precise reason', async () => {
    const { calls, activities } = stubs();
    // expireTrial blocks so the workflow is still open when the late order arrives.
    let releaseExpiry!: () => void;
    activities.expireTrial = async ({ subscriptionId }) => { calls.push(`expire:${subscriptionId}`); await new Promise<void>((r) => { releaseExpiry = r; }); return true; };
    await withWorker(env, activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_c4', args: [input('sub_c4', 1_500)] });
      await waitFor(() => calls.includes('expire:sub_c4'));
      await expect(h.executeUpdate(TrialMessages.convert, { args: [order('ord_late', ['sub_c4'])] })).rejects.toMatchObject({ cause: { type: 'errors.workflow.trialEnded', message: 'The free trial has ended, so it can no longer be converted. Nothing was charged.' } });
      releaseExpiry();
      await expect(h.result()).resolves.toBe('expired');
    });
    expect(calls.some((c) => c.startsWith('charge:'))).toBe(false);
  });

  it('BC-5: the workflow that converted a multi-product order tells the other trial\'s workflow, which ends as converted', async () => {
    const { calls, activities } = stubs();
    await withWorker(env, activities, async (taskQueue) => {
      const a = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_m1', args: [input('sub_m1', 60_000)] });
      const b = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_m2', args: [input('sub_m2', 60_000)] });
      await waitFor(() => calls.filter((c) => c === 'email:started').length === 2);
      await a.executeUpdate(TrialMessages.convert, { args: [order('ord_m', ['sub_m1', 'sub_m2'])] });
      await expect(a.result()).resolves.toBe('converted');
      await expect(b.result()).resolves.toBe('converted');
    });
    expect(calls.filter((c) => c.startsWith('charge:'))).toHaveLength(1);
  });
});

describe('WF-1 robustness', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createWorkflowTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('WF-1: a local activation that fails for good after the charge refunds it and fails the order; the trial keeps running and converts with the next order', async () => {
    const { calls, activities } = stubs();
    const activate = activities.activateOrder;
    activities.activateOrder = async (input) => {
      if (input.orderId === 'ord_broken') {
        calls.push('activate-order:ord_broken');
        throw ApplicationFailure.nonRetryable('order ord_broken is gone', 'OrderNotFound');
      }
      return activate(input);
    };
    const result = await withWorker(env, activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_r2', args: [input('sub_r2', 60_000)] });
      await waitFor(() => calls.includes('email:started'));
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_broken', ['sub_r2'])] });
      await waitFor(() => calls.includes('fail:ord_broken:errors.order.conversionNotProcessed'));
      // The next order is accepted once the workflow has taken in failOrder's result (a workflow task
      // completed after that activity), and with it the failed order is no longer the trial's current one.
      await untilTakenIn(h, 'failOrder completed', (events) => {
        const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'failOrder')?.eventId;
        return events.findIndex((e) => scheduled != null && Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === Number(scheduled));
      });
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_fixed', ['sub_r2'])] });
      return h.result();
    });
    expect(result).toBe('converted');
    expect(calls.filter((c) => /^(refund|fail|activate-order):/.test(c))).toEqual([
      'activate-order:ord_broken', 'refund:ord_broken', 'fail:ord_broken:errors.order.conversionNotProcessed', 'activate-order:ord_fixed',
    ]);
  });

  it('WF-1: a confirmation email that fails for good after activation leaves the conversion standing: converted, no refund, the other trial of the order told', async () => {
    const { calls, activities } = stubs();
    activities.sendOrderConfirmation = async ({ orderId }) => {
      calls.push(`confirm-email:${orderId}`);
      throw ApplicationFailure.nonRetryable(`order ${orderId} is gone`, 'OrderNotFound');
    };
    const { a, b, status } = await withWorker(env, activities, async (taskQueue) => {
      const first = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_s1', args: [input('sub_s1', 60_000)] });
      const second = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_s2', args: [input('sub_s2', 60_000)] });
      await waitFor(() => calls.filter((c) => c === 'email:started').length === 2);
      await first.executeUpdate(TrialMessages.convert, { args: [order('ord_s', ['sub_s1', 'sub_s2'])] });
      const results = { a: await first.result(), b: await second.result() };
      return { ...results, status: (await first.describe()).typedSearchAttributes.get(SearchAttributes.status) };
    });
    expect({ a, b, status }).toEqual({ a: 'converted', b: 'converted', status: 'converted' });
    expect(calls.filter((c) => /^(charge|refund|fail|activate-order|confirm-email|expire):/.test(c))).toEqual([
      'charge:ord_s:trial-sub_s1:ord_s:charge', 'activate-order:ord_s', 'confirm-email:ord_s',
    ]);
  });

  it('WF-1: an order the activities cannot find fails alone; the trial keeps running and converts with the next order', async () => {
    const { calls, activities } = stubs({
      charge: async (orderId) => {
        if (orderId === 'ord_ghost') throw ApplicationFailure.nonRetryable('order ord_ghost does not exist', 'OrderNotFound');
        return { status: 'succeeded' };
      },
    });
    const result = await withWorker(env, activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_r1', args: [input('sub_r1', 60_000)] });
      await waitFor(() => calls.includes('email:started'));
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_ghost', ['sub_r1'])] });
      await waitFor(() => calls.some((c) => c.startsWith('charge:ord_ghost')));
      // The charge having been called is not enough: the next order is accepted only once the workflow
      // has taken in the failure (a workflow task completed after the failed activity in its history).
      await untilTakenIn(h, 'the failed charge', (events) => events.findIndex((e) => e.activityTaskFailedEventAttributes));
      await h.executeUpdate(TrialMessages.convert, { args: [order('ord_real', ['sub_r1'])] });
      return h.result();
    });
    expect(result).toBe('converted');
    expect(calls.filter((c) => c.startsWith('activate-order'))).toEqual(['activate-order:ord_real']);
  });
});
