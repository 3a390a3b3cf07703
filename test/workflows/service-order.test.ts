import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderActivities, FulfilmentOutcome } from '../../workflows/activities/orders';
import type { ChargeResult, PaymentActivities } from '../../workflows/activities/payments';
import type { ProvisioningActivities } from '../../workflows/activities/provisioning';
import type { ServiceOrderActivities } from '../../workflows/activities/service-orders';
import type { WorkflowHandle } from '@temporalio/client';
import { SERVICE_ORDER_LOCAL_STEPS_PATCH } from '../../workflows/lib/service-order-steps';
import { paymentUpdatedSignal, retryPaymentSignal, WorkflowTypes, type ServiceOrderWorkflowInput } from '../../workflows/shared';
import { createTimeSkippingTestEnv, withWorker } from '../helpers/workflow-env';

const HOUR = 3_600_000;

interface Script {
  charges?: ChargeResult[];
  refreshes?: ChargeResult[];
  /** Per product: what each provisioning call does in turn ('fail' = a transient error, 'refuse' = permanent). */
  provision?: Record<string, Array<'applied' | 'pending' | 'fail' | 'refuse'>>;
  /** What the order core's fulfilment answers (default: completed with an invoice). */
  fulfil?: FulfilmentOutcome;
  /** How many times marking the service order paid fails transiently (the database away) before it works. */
  paidFailures?: number;
}

/** Stubbed activities recording the steps asked for, in order, with their idempotency keys; no I/O. */
function recording(script: Script = {}) {
  const calls: string[] = [];
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  const record = (c: string) => {
    calls.push(c);
    for (const w of waiters.splice(0)) {
      if (w.test()) w.resolve();
      else waiters.push(w);
    }
  };
  const seen = (prefix: string) => new Promise<void>((resolve) => {
    const test = () => calls.some((c) => c.startsWith(prefix));
    if (test()) resolve();
    else waiters.push({ test, resolve });
  });
  let cards = 0;
  const activities: ServiceOrderActivities & ProvisioningActivities & PaymentActivities & Pick<OrderActivities, 'fulfilOrder' | 'failOrder'> = {
    // The card at each attempt: the contact puts in a new one after a decline.
    async serviceOrderCard() { cards++; return { paymentMethodId: `pm_card_${cards}` }; },
    async chargeOrder({ idempotencyKey, step, paymentMethodId }) { record(`charge:${step}:${idempotencyKey}:${paymentMethodId}`); return script.charges?.shift() ?? { status: 'succeeded' }; },
    async refreshPayment({ step }) { record(`refresh:${step}`); return script.refreshes?.shift() ?? { status: 'succeeded' }; },
    async cancelPayment({ step, reason }) { record(`cancel:${step}:${typeof reason === 'string' ? reason : reason.key}`); return { status: 'failed' }; },
    async refundOrder({ step, reason }) { record(`refund:${step}:${typeof reason === 'string' ? reason : reason.key}`); },
    async fulfilOrder({ orderId }) { record(`fulfil:${orderId}`); return script.fulfil ?? { status: 'completed', invoiceId: 'inv_1', invoiceNumber: 'SP-2026-000001' }; },
    async failOrder({ orderId, reason }) { record(`fail-order:${orderId}:${typeof reason === 'string' ? reason : reason.key}`); },
    async sendServiceOrderReceipt({ idempotencyKey }) { record(`receipt:${idempotencyKey}`); },
    async awaitServiceOrderPayment({ reason, idempotencyKey }) { record(`await-payment:${reason}:${idempotencyKey}`); },
    async markServiceOrderPaid() {
      record('paid');
      if (script.paidFailures && script.paidFailures-- > 0) throw new Error('connection terminated unexpectedly');
    },
    async provisionProduct({ productId, idempotencyKey }) {
      const next = script.provision?.[productId]?.shift() ?? 'applied';
      record(`provision:${productId}:${next}:${idempotencyKey}`);
      if (next === 'fail') throw new Error('provisioner unreachable');
      if (next === 'refuse') throw ApplicationFailure.nonRetryable(`${productId} is retired at the provisioner`, 'ProvisioningRefused');
      return { status: next };
    },
    async provisionAdmin() { record('admin'); },
    async assignAdminSeats() { record('admin-seats'); },
    async rollbackProvisioning() { record('rollback'); },
    async alertServiceOrderSla({ idempotencyKey }) { record(`sla:${idempotencyKey}`); },
    async completeServiceOrder() { record('complete'); },
    async failServiceOrder({ compensated, reason }) { record(`fail:${compensated ? 'compensated' : 'unpaid'}:${reason.key}${reason.params?.detail ? `:${reason.params.detail}` : ''}`); },
  };
  return { calls, activities, seen };
}

/** The products are provisioned concurrently (one activity each): their order among themselves is free. */
const inOrder = (calls: string[]) => {
  const first = calls.findIndex((c) => c.startsWith('provision:'));
  const last = calls.findLastIndex((c) => c.startsWith('provision:'));
  return first < 0 ? calls : [...calls.slice(0, first), ...calls.slice(first, last + 1).sort(), ...calls.slice(last + 1)];
};

/**
 * What a run's history shows of its steps: the activities scheduled as activity tasks (through the
 * server), the ones run as local activities (a marker each, in the workflow task's completion) and the
 * patches it took — the products' provisioning, concurrent, sorted.
 */
async function stepsInHistory(h: WorkflowHandle) {
  const events = (await h.fetchHistory()).events ?? [];
  const json = (data: Uint8Array | null | undefined) => JSON.parse(Buffer.from(data!).toString('utf8'));
  const markers = events.flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : []));
  return {
    remote: events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name!] : [])),
    local: markers.filter((m) => m.markerName === 'core_local_activity').map((m) => json(m.details!.data!.payloads![0]!.data).activity_type as string),
    patches: markers.filter((m) => m.markerName === 'core_patch').map((m) => json(m.details!['patch-data']!.payloads![0]!.data).id as string),
    /** Local steps retried within their marker (attempt > 1). */
    attempts: markers.filter((m) => m.markerName === 'core_local_activity').map((m) => json(m.details!.data!.payloads![0]!.data).attempt as number),
  };
}

describe('WF-3 service-order fulfilment (time-skipping test server: real 24-hour and payment-window timers)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createTimeSkippingTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  const input = async (id: string, over: Partial<ServiceOrderWorkflowInput> = {}): Promise<ServiceOrderWorkflowInput> => ({
    serviceOrderId: id, accountId: 'acct_t', orderId: `ord_${id}`, productIds: ['prd_meeting', 'prd_training'],
    slaDueAt: new Date((await env.currentTimeMs()) + 24 * HOUR).toISOString(), paymentWindowSeconds: 72 * 3600, provisioningPollSeconds: 3600, ...over,
  });
  const start = async (q: string, i: ServiceOrderWorkflowInput) => env.client.workflow.start(WorkflowTypes.serviceOrder, { taskQueue: q, workflowId: `service-order-${i.serviceOrderId}`, args: [i] });

  it('WF-3 CP-10: paid → each product provisioned under its own key → admin → the order fulfilled by the core (seats, invoice) → admin seats → receipt → completed', async () => {
    const { calls, activities } = recording();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w1'))).result());
    expect(result).toBe('completed');
    expect(inOrder(calls)).toEqual([
      'charge:charge:service-order-so_w1:charge:pm_card_1',
      'paid',
      'provision:prd_meeting:applied:service-order-so_w1:provision:prd_meeting',
      'provision:prd_training:applied:service-order-so_w1:provision:prd_training',
      'admin',
      'fulfil:ord_so_w1',
      'admin-seats',
      'receipt:service-order-so_w1:receipt',
      'complete',
    ]);
  });

  it('WF-3: a declined card → the order waits for the contact (email, deadline); a new attempt with the updated card is its own payment step and pays; nothing was charged twice', async () => {
    const { calls, activities, seen } = recording({ charges: [{ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } }, { status: 'succeeded' }] });
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('so_w2'));
      await seen('await-payment');
      await h.signal(retryPaymentSignal, { orderId: 'ord_other', attempt: 2 });
      await h.signal(retryPaymentSignal, { orderId: 'ord_so_w2', attempt: 2 });
      await h.signal(retryPaymentSignal, { orderId: 'ord_so_w2', attempt: 2 });
      return h.result();
    });
    expect(result).toBe('completed');
    expect(calls.slice(0, 4)).toEqual([
      'charge:charge:service-order-so_w2:charge:pm_card_1',
      'await-payment:declined:service-order-so_w2:charge:payment-requested',
      'charge:charge-2:service-order-so_w2:charge-2:pm_card_2',
      'paid',
    ]);
    expect(calls.filter((c) => c.startsWith('charge:'))).toHaveLength(2);
    expect(calls.at(-1)).toBe('complete');
  });

  it('WF-3: 3-D Secure → the order waits; the page (or the webhook) nudges it and the authenticated payment is read back', async () => {
    const { calls, activities, seen } = recording({ charges: [{ status: 'requires_action' }], refreshes: [{ status: 'succeeded' }] });
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('so_w3'));
      await seen('await-payment:authentication');
      await h.signal(paymentUpdatedSignal, { orderId: 'ord_other' });
      await h.signal(paymentUpdatedSignal, { orderId: 'ord_so_w3' });
      return h.result();
    });
    expect(result).toBe('completed');
    expect(calls.slice(0, 4)).toEqual(['charge:charge:service-order-so_w3:charge:pm_card_1', 'await-payment:authentication:service-order-so_w3:charge:payment-requested', 'refresh:charge', 'paid']);
  });

  it('WF-3: 3-D Secure not completed within the 72-hour window → the attempt is cancelled, the order and the service order fail, nothing is provisioned', async () => {
    const { calls, activities } = recording({ charges: [{ status: 'requires_action' }], refreshes: [{ status: 'requires_action' }] });
    const before = await env.currentTimeMs();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w4'))).result());
    expect(result).toBe('failed');
    expect(calls).toEqual([
      'charge:charge:service-order-so_w4:charge:pm_card_1',
      'await-payment:authentication:service-order-so_w4:charge:payment-requested',
      'refresh:charge',
      'cancel:charge:errors.order.paymentDeadline',
      'fail-order:ord_so_w4:errors.order.paymentDeadline',
      'fail:unpaid:errors.order.paymentDeadline',
    ]);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(72 * HOUR);
  });

  it('WF-3: a declined card and no new attempt within the window → the order fails at the deadline; the declined attempt needs no cancelling', async () => {
    const { calls, activities } = recording({ charges: [{ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'insufficient_funds' } } }] });
    const before = await env.currentTimeMs();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w4b', { paymentWindowSeconds: 48 * 3600 }))).result());
    expect(result).toBe('failed');
    expect(calls).toEqual([
      'charge:charge:service-order-so_w4b:charge:pm_card_1',
      'await-payment:declined:service-order-so_w4b:charge:payment-requested',
      'fail-order:ord_so_w4b:errors.order.paymentDeadline',
      'fail:unpaid:errors.order.paymentDeadline',
    ]);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(48 * HOUR);
  });

  it('WF-3: a provisioning step that fails transiently is retried under the same idempotency key until it applies', async () => {
    const { calls, activities } = recording({ provision: { prd_training: ['fail', 'fail', 'applied'] } });
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w5'))).result());
    expect(result).toBe('completed');
    expect(calls.filter((c) => c.startsWith('provision:prd_training'))).toEqual([
      'provision:prd_training:fail:service-order-so_w5:provision:prd_training',
      'provision:prd_training:fail:service-order-so_w5:provision:prd_training',
      'provision:prd_training:applied:service-order-so_w5:provision:prd_training',
    ]);
    expect(calls.filter((c) => c.startsWith('refund') || c.startsWith('sla'))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('fulfil:'))).toHaveLength(1);
  });

  it('WF-3 seed 000: provisioning past the 24-hour promise → operations, the rep and the contact are told once, and the workflow keeps waiting until it is done', async () => {
    // Polled every 50 minutes (never at the 24-hour mark itself), done on the 37th look, 30 hours in.
    const { calls, activities } = recording({ provision: { prd_meeting: Array(36).fill('pending').concat(['applied']) } });
    const before = await env.currentTimeMs();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w6', { provisioningPollSeconds: 3000 }))).result());
    expect(result).toBe('completed');
    expect(calls.filter((c) => c.startsWith('sla:'))).toEqual(['sla:service-order-so_w6:sla-breached']);
    // The alert came at 24 hours: after the 29th look (at 23 h 20 min), before the 30th (24 h 10 min).
    const sla = calls.indexOf('sla:service-order-so_w6:sla-breached');
    expect(calls.slice(0, sla).filter((c) => c.startsWith('provision:prd_meeting:pending')).length).toBe(29);
    expect(calls.slice(-5)).toEqual(['admin', 'fulfil:ord_so_w6', 'admin-seats', 'receipt:service-order-so_w6:receipt', 'complete']);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * HOUR);
  });

  it('WF-3: a permanent provisioning failure compensates in reverse — provisioning rolled back, then the refund — never fulfils the order, and tells contact and rep', async () => {
    const { calls, activities } = recording({ provision: { prd_training: ['refuse'] } });
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w7'))).result());
    expect(result).toBe('compensated');
    expect(inOrder(calls)).toEqual([
      'charge:charge:service-order-so_w7:charge:pm_card_1',
      'paid',
      'provision:prd_meeting:applied:service-order-so_w7:provision:prd_meeting',
      'provision:prd_training:refuse:service-order-so_w7:provision:prd_training',
      'rollback',
      'refund:charge:errors.serviceOrder.provisioningFailed',
      'fail-order:ord_so_w7:errors.serviceOrder.provisioningFailed',
      'fail:compensated:errors.serviceOrder.provisioningFailed:prd_training is retired at the provisioner',
    ]);
  });

  it('WF-3: the order core refuses the fulfilment (the subscription ended meanwhile) → provisioning rolled back, the payment refunded with that reason, no admin seats', async () => {
    const { calls, activities } = recording({ fulfil: { status: 'rejected', reason: { key: 'errors.serviceOrder.subscriptionEnded', params: { product: 'Meeting', refunded: 'yes' } } } });
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w8'))).result());
    expect(result).toBe('compensated');
    expect(inOrder(calls).slice(4)).toEqual([
      'admin',
      'fulfil:ord_so_w8',
      'rollback',
      'refund:charge:errors.serviceOrder.subscriptionEnded',
      'fail-order:ord_so_w8:errors.serviceOrder.subscriptionEnded',
      'fail:compensated:errors.serviceOrder.subscriptionEnded',
    ]);
  });
  it('WF-3: a local fulfilment that fails for good (its failure is not an ActivityFailure) compensates like a refused one: rollback, refund, order and service order failed', async () => {
    const { calls, activities } = recording();
    activities.fulfilOrder = async ({ orderId }) => {
      calls.push(`fulfil:${orderId}`);
      throw ApplicationFailure.nonRetryable(`order ${orderId} is gone`, 'OrderNotFound');
    };
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w10'))).result());
    expect(result).toBe('compensated');
    expect(inOrder(calls).slice(4)).toEqual([
      'admin',
      'fulfil:ord_so_w10',
      'rollback',
      'refund:charge:errors.serviceOrder.provisioningFailed',
      'fail-order:ord_so_w10:errors.serviceOrder.provisioningFailed',
      'fail:compensated:errors.serviceOrder.provisioningFailed:order ord_so_w10 is gone',
    ]);
  });
  it(`WF-3: since patch ${SERVICE_ORDER_LOCAL_STEPS_PATCH} the short database steps are local activities (markers), only the charge, the provisioner and the emails are activity tasks; a local step that fails transiently is retried in place`, async () => {
    const { calls, activities } = recording({ paidFailures: 1 });
    const steps = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('so_w9'));
      expect(await h.result()).toBe('completed');
      return stepsInHistory(h);
    });
    expect(steps.patches).toEqual([SERVICE_ORDER_LOCAL_STEPS_PATCH]);
    expect(steps.remote).toEqual(['chargeOrder', 'provisionProduct', 'provisionProduct', 'sendServiceOrderReceipt']);
    expect(steps.local).toEqual(['serviceOrderCard', 'markServiceOrderPaid', 'provisionAdmin', 'fulfilOrder', 'assignAdminSeats', 'completeServiceOrder']);
    // The failed first attempt left no event of its own: one marker, of the second attempt.
    expect(steps.attempts[1]).toBe(2);
    expect(calls.filter((c) => c === 'paid')).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('fulfil:'))).toHaveLength(1);
  });

  it('WF-3: on the compensation path the order\'s failure is a local step too; the rollback, the refund and the emails stay activity tasks', async () => {
    const { activities } = recording({ provision: { prd_training: ['refuse'] } });
    const steps = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('so_w10'));
      expect(await h.result()).toBe('compensated');
      return stepsInHistory(h);
    });
    expect(steps.patches).toEqual([SERVICE_ORDER_LOCAL_STEPS_PATCH]);
    expect(steps.remote).toEqual(['chargeOrder', 'provisionProduct', 'provisionProduct', 'rollbackProvisioning', 'refundOrder', 'failServiceOrder']);
    expect(steps.local).toEqual(['serviceOrderCard', 'markServiceOrderPaid', 'failOrder']);
  });
});
