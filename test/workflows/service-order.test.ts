import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargeResult, ConversionActivities } from '../../workflows/activities/conversion';
import type { ServiceOrderActivities } from '../../workflows/activities/service-order';
import { ServiceOrderMessages, WorkflowTypes, type ServiceOrderWorkflowInput } from '../../workflows/shared';
import { createTimeSkippingTestEnv, withWorker } from '../helpers/workflow-env';

const HOUR = 3_600_000;

interface Script {
  charges?: ChargeResult[];
  refreshes?: ChargeResult[];
  /** Per product: what each provisioning call does in turn ('fail' = a transient error, 'refuse' = permanent). */
  provision?: Record<string, Array<'applied' | 'pending' | 'fail' | 'refuse'>>;
}

/** Stubbed activities recording the steps asked for, in order, with their idempotency keys; no I/O. */
function recording(script: Script = {}) {
  const calls: string[] = [];
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  const record = (c: string) => {
    calls.push(c);
    for (const w of waiters.splice(0)) (w.test() ? w.resolve() : waiters.push(w));
  };
  const seen = (prefix: string) => new Promise<void>((resolve) => {
    const test = () => calls.some((c) => c.startsWith(prefix));
    if (test()) resolve();
    else waiters.push({ test, resolve });
  });
  const activities: ServiceOrderActivities & Pick<ConversionActivities, 'chargeOrder' | 'refreshPayment' | 'cancelPayment' | 'refundOrder'> = {
    async serviceOrderCard() { return { paymentMethodId: 'pm_card' }; },
    async chargeOrder({ idempotencyKey, paymentMethodId }) { record(`charge:${idempotencyKey}${paymentMethodId === 'pm_card' ? '' : ':wrong-card'}`); return script.charges?.shift() ?? { status: 'succeeded' }; },
    async refreshPayment({ step }) { record(`refresh:${step}`); return script.refreshes?.shift() ?? { status: 'succeeded' }; },
    async cancelPayment({ step }) { record(`cancel:${step}`); return { status: 'failed' }; },
    async refundOrder({ step }) { record(`refund:${step}`); },
    async invoiceServiceOrder() { record('invoice'); return { invoiceNumber: 'SP-2026-000001' }; },
    async sendServiceOrderReceipt({ idempotencyKey }) { record(`receipt:${idempotencyKey}`); },
    async awaitServiceOrderPayment({ reason, idempotencyKey }) { record(`await-payment:${reason}:${idempotencyKey}`); },
    async markServiceOrderPaid({ step }) { record(`paid:${step}`); },
    async provisionProduct({ productId, idempotencyKey }) {
      const next = script.provision?.[productId]?.shift() ?? 'applied';
      record(`provision:${productId}:${next}:${idempotencyKey}`);
      if (next === 'fail') throw new Error('provisioner unreachable');
      if (next === 'refuse') throw ApplicationFailure.nonRetryable(`${productId} is retired at the provisioner`, 'ProvisioningRefused');
      return { status: next };
    },
    async provisionAdmin() { record('admin'); },
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

describe('WF-3 service-order fulfilment (time-skipping test server: real 24-hour and payment-window timers)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createTimeSkippingTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  const input = async (id: string, over: Partial<ServiceOrderWorkflowInput> = {}): Promise<ServiceOrderWorkflowInput> => ({
    serviceOrderId: id, accountId: 'acct_t', orderId: `ord_${id}`, productIds: ['prd_meeting', 'prd_training'],
    slaDueAt: new Date((await env.currentTimeMs()) + 24 * HOUR).toISOString(), paymentWindowSeconds: 72 * 3600, provisioningPollSeconds: 3600, ...over,
  });
  const start = async (q: string, i: ServiceOrderWorkflowInput) => env.client.workflow.start(WorkflowTypes.serviceOrder, { taskQueue: q, workflowId: `service-order-${i.serviceOrderId}`, args: [i] });

  it('WF-3 CP-10: paid → each product provisioned under its own key → admin → invoice → receipt → completed', async () => {
    const { calls, activities } = recording();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w1'))).result());
    expect(result).toBe('completed');
    expect(inOrder(calls)).toEqual([
      'charge:service-order-so_w1:charge-1',
      'paid:charge-1',
      'provision:prd_meeting:applied:service-order-so_w1:provision:prd_meeting',
      'provision:prd_training:applied:service-order-so_w1:provision:prd_training',
      'admin',
      'invoice',
      'receipt:service-order-so_w1:receipt',
      'complete',
    ]);
  });

  it('WF-3: a declined card → the order waits for the contact (email, deadline); a new attempt with the updated card pays; nothing was charged twice', async () => {
    const { calls, activities, seen } = recording({ charges: [{ status: 'failed', failure: { key: 'errors.order.paymentFailed' } }, { status: 'succeeded' }] });
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('so_w2'));
      await seen('await-payment');
      await h.signal(ServiceOrderMessages.retryPayment, { serviceOrderId: 'so_w2', attempt: 2 });
      await h.signal(ServiceOrderMessages.retryPayment, { serviceOrderId: 'so_w2', attempt: 2 });
      return h.result();
    });
    expect(result).toBe('completed');
    expect(calls.slice(0, 4)).toEqual(['charge:service-order-so_w2:charge-1', 'await-payment:declined:service-order-so_w2:charge-1:payment-requested', 'charge:service-order-so_w2:charge-2', 'paid:charge-2']);
    expect(calls.filter((c) => c.startsWith('charge:'))).toHaveLength(2);
    expect(calls.at(-1)).toBe('complete');
  });

  it('WF-3: 3-D Secure → the order waits; the page (or the webhook) nudges it and the authenticated payment is read back', async () => {
    const { calls, activities, seen } = recording({ charges: [{ status: 'requires_action' }], refreshes: [{ status: 'succeeded' }] });
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('so_w3'));
      await seen('await-payment:authentication');
      await h.signal(ServiceOrderMessages.paymentUpdated, { orderId: 'ord_other' });
      await h.signal(ServiceOrderMessages.paymentUpdated, { orderId: 'ord_so_w3' });
      return h.result();
    });
    expect(result).toBe('completed');
    expect(calls.slice(0, 4)).toEqual(['charge:service-order-so_w3:charge-1', 'await-payment:authentication:service-order-so_w3:charge-1:payment-requested', 'refresh:charge-1', 'paid:charge-1']);
  });

  it('WF-3: not paid within the 72-hour window → the order fails, the pending 3-D Secure attempt is cancelled, nothing is provisioned', async () => {
    const { calls, activities } = recording({ charges: [{ status: 'requires_action' }] });
    const before = await env.currentTimeMs();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w4'))).result());
    expect(result).toBe('failed');
    expect(calls).toEqual([
      'charge:service-order-so_w4:charge-1',
      'await-payment:authentication:service-order-so_w4:charge-1:payment-requested',
      'cancel:charge-1',
      'fail:unpaid:errors.serviceOrder.paymentDeadline',
    ]);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(72 * HOUR);
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
    expect(calls.slice(-3)).toEqual(['invoice', 'receipt:service-order-so_w6:receipt', 'complete']);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * HOUR);
  });

  it('WF-3: a permanent provisioning failure compensates in reverse — seats and admin rolled back, then the refund — and tells contact and rep', async () => {
    const { calls, activities } = recording({ provision: { prd_training: ['refuse'] } });
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('so_w7'))).result());
    expect(result).toBe('compensated');
    expect(inOrder(calls)).toEqual([
      'charge:service-order-so_w7:charge-1',
      'paid:charge-1',
      'provision:prd_meeting:applied:service-order-so_w7:provision:prd_meeting',
      'provision:prd_training:refuse:service-order-so_w7:provision:prd_training',
      'rollback',
      'refund:charge-1',
      'fail:compensated:errors.serviceOrder.provisioningFailed:prd_training is retired at the provisioner',
    ]);
  });
});
