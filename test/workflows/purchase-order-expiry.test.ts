import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { PurchaseOrderActivities } from '../../workflows/activities/purchase-orders';
import { PurchaseOrderMessages, SearchAttributes, WorkflowTypes, type PurchaseOrderExpiryInput, type PurchaseOrderReminderPlan } from '../../workflows/shared';
import { createWorkflowTestEnv, withWorker } from '../helpers/workflow-env';

/**
 * A purchase order as the stubbed activities see it (no database): `remindIn`/`expireIn` are
 * milliseconds from now, so the workflow's durable timers fire within seconds.
 */
function fakePurchaseOrder(initial: { expiresOn: string | null; remindIn: number; expireIn: number } | null) {
  // The clock starts at the workflow's first read (creating the worker can take seconds on a busy machine).
  let state = initial;
  let anchor: number | null = null;
  const current = () => {
    anchor ??= Date.now();
    return state && { ...state, remindAt: anchor + state.remindIn, expiresAt: anchor + state.expireIn };
  };
  const sent = new Set<string>();
  const calls: string[] = [];
  const activities: PurchaseOrderActivities = {
    async planPurchaseOrderReminder(): Promise<PurchaseOrderReminderPlan> {
      calls.push('plan');
      const po = current();
      if (!po) return { kind: 'gone' };
      if (!po.expiresOn) return { kind: 'open_ended' };
      return { kind: 'dated', expiresOn: po.expiresOn, remindAt: new Date(po.remindAt).toISOString(), expiresAt: new Date(po.expiresAt).toISOString(), reminded: sent.has(po.expiresOn) };
    },
    async sendPurchaseOrderReminder({ expiresOn }) {
      calls.push(`send:${expiresOn}`);
      if (current()?.expiresOn !== expiresOn) return 'stale';
      if (sent.has(expiresOn)) return 'already-sent';
      sent.add(expiresOn);
      return 'sent';
    },
  };
  return {
    calls,
    activities,
    edit(next: { expiresOn: string | null; remindIn: number; expireIn: number } | null) {
      state = next;
      anchor = Date.now();
    },
  };
}

const input = (id: string): PurchaseOrderExpiryInput => ({ purchaseOrderId: id, accountId: 'acct_po', warningDays: 30 });
const start = (env: TestWorkflowEnvironment, taskQueue: string, id: string) =>
  env.client.workflow.start(WorkflowTypes.purchaseOrderExpiry, { taskQueue, workflowId: `purchase-order-${id}`, args: [input(id)], typedSearchAttributes: [{ key: SearchAttributes.accountId, value: 'acct_po' }] });

describe('CP-9 purchase order expiry reminder workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createWorkflowTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('CP-9: sleeps until the warning, emails once, then ends when the purchase order expires (status in a search attribute)', async () => {
    const po = fakePurchaseOrder({ expiresOn: '2030-01-31', remindIn: 4_000, expireIn: 6_500 });
    const result = await withWorker(env, po.activities, async (taskQueue) => {
      const handle = await start(env, taskQueue, 'po_1');
      // While it sleeps towards the warning, operations see it waiting (polled: the first task may take a moment).
      let status: string | undefined;
      for (let i = 0; i < 100 && status !== 'waiting'; i++) {
        status = (await handle.describe()).typedSearchAttributes.get(SearchAttributes.status);
        if (status !== 'waiting') await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe('waiting');
      expect(po.calls).toEqual(['plan']);
      return handle.result();
    });
    expect(result).toBe('expired');
    expect(po.calls).toEqual(['plan', 'send:2030-01-31', 'plan', 'plan']);
    const d = await env.client.workflow.getHandle('purchase-order-po_1').describe();
    expect(d.typedSearchAttributes.get(SearchAttributes.status)).toBe('expired');
    expect(d.typedSearchAttributes.get(SearchAttributes.accountId)).toBe('acct_po');
  });

  it('CP-9: an edit before the warning moves the reminder to the new date; an edit after it reminds again for the new date', async () => {
    const po = fakePurchaseOrder({ expiresOn: '2030-01-31', remindIn: 60_000, expireIn: 120_000 });
    const result = await withWorker(env, po.activities, async (taskQueue) => {
      const handle = await start(env, taskQueue, 'po_2');
      await new Promise((r) => setTimeout(r, 500));
      po.edit({ expiresOn: '2030-02-28', remindIn: 1_000, expireIn: 60_000 });
      await handle.signal(PurchaseOrderMessages.changed);
      // Wait for the reminder of the new date, then extend once more.
      for (let i = 0; i < 100 && !po.calls.includes('send:2030-02-28'); i++) await new Promise((r) => setTimeout(r, 100));
      po.edit({ expiresOn: '2030-03-31', remindIn: 500, expireIn: 2_500 });
      await handle.signal(PurchaseOrderMessages.changed);
      return handle.result();
    });
    expect(result).toBe('expired');
    expect(po.calls.filter((c) => c.startsWith('send:'))).toEqual(['send:2030-02-28', 'send:2030-03-31']);
  });

  it('CP-9: a removed purchase order, or one without an expiry date, ends the workflow without an email', async () => {
    const po = fakePurchaseOrder({ expiresOn: '2030-01-31', remindIn: 60_000, expireIn: 120_000 });
    const removed = await withWorker(env, po.activities, async (taskQueue) => {
      const handle = await start(env, taskQueue, 'po_3');
      await new Promise((r) => setTimeout(r, 500));
      po.edit(null);
      await handle.signal(PurchaseOrderMessages.changed);
      return handle.result();
    });
    expect(removed).toBe('removed');
    const open = fakePurchaseOrder({ expiresOn: null, remindIn: 0, expireIn: 0 });
    expect(await withWorker(env, open.activities, async (taskQueue) => (await start(env, taskQueue, 'po_4')).result())).toBe('open_ended');
    expect([...po.calls, ...open.calls].some((c) => c.startsWith('send'))).toBe(false);
  });
});
