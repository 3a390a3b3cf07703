import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SearchAttributes, WorkflowTypes, type TrialWorkflowInput } from '../../workflows/shared';
import type { EmailActivities } from '../../workflows/activities/emails';
import type { TrialActivities } from '../../workflows/activities/trial';
import { createTimeSkippingTestEnv, createWorkflowTestEnv, withWorker } from '../helpers/workflow-env';

const DAY = 86_400_000;

/** Records what the workflow asked of its activities, in order; no I/O. */
function recordingActivities() {
  const calls: string[] = [];
  const activities: TrialActivities & Pick<EmailActivities, 'sendTrialEmail'> = {
    async activateTrial({ subscriptionId }) { calls.push(`activate:${subscriptionId}`); },
    async expireTrial({ subscriptionId }) { calls.push(`expire:${subscriptionId}`); return true; },
    async sendTrialEmail({ kind, daysLeft, idempotencyKey }) { calls.push(`email:${kind}${daysLeft ? `:${daysLeft}` : ''}:${idempotencyKey}`); },
  };
  return { calls, activities };
}

describe('WF-1 trial workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createWorkflowTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('WF-1: activates the trial, sends reminders 7 and 1 days before the 14-day end, and expires it with no charge (time-skipping server, real durations)', async () => {
    const { calls, activities } = recordingActivities();
    const skipping = await createTimeSkippingTestEnv();
    try {
      const startedAt = await skipping.currentTimeMs();
      const result = await withWorker(skipping, activities, (taskQueue) => {
        const input: TrialWorkflowInput = { subscriptionId: 'sub_t1', accountId: 'acct_t', productId: 'prd_meeting', trialEndsAt: new Date(startedAt + 14 * DAY).toISOString(), reminderDaysBefore: [1, 7] };
        return skipping.client.workflow.execute(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_t1', args: [input] });
      });
      expect(result).toBe('expired');
      expect(calls).toEqual([
        'activate:sub_t1',
        'email:started:trial-sub_t1:started',
        'email:reminder:7:trial-sub_t1:reminder-7',
        'email:reminder:1:trial-sub_t1:reminder-1',
        'expire:sub_t1',
        'email:expired:trial-sub_t1:expired',
      ]);
      // The server's clock went through the whole trial: the workflow ended 14 days after it started.
      expect((await skipping.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(14 * DAY);
      // No activity that could charge exists on this path: expiry is the only outcome without conversion.
      expect(calls.some((c) => /charge|pay/.test(c))).toBe(false);
      // SPEC §7: operations see the trial's end in its status search attribute.
      const { typedSearchAttributes } = await skipping.client.workflow.getHandle('trial-sub_t1').describe();
      expect(typedSearchAttributes.get(SearchAttributes.status)).toBe('expired');
    } finally {
      await skipping.teardown();
    }
  });

  it('WF-1: skips reminders whose time has already passed and sends no expiry email when the trial was no longer running', async () => {
    const { calls, activities } = recordingActivities();
    activities.expireTrial = async ({ subscriptionId }) => { calls.push(`expire:${subscriptionId}`); return false; };
    const input: TrialWorkflowInput = { subscriptionId: 'sub_t2', accountId: 'acct_t', productId: 'prd_meeting', trialEndsAt: new Date(Date.now() + 1_500).toISOString(), reminderDaysBefore: [7], dayLengthSeconds: 86_400 };
    await withWorker(env, activities, (taskQueue) => env.client.workflow.execute(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_t2', args: [input] }));
    expect(calls).toEqual(['activate:sub_t2', 'email:started:trial-sub_t2:started', 'expire:sub_t2']);
  });
});
