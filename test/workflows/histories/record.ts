/**
 * Records the event histories the replay test checks new workflow code against. Run it only when a
 * workflow gains a new path worth pinning (never to "fix" a failing replay — that failure means the
 * change needs `patched()`):  TEMPORAL_CLI_PATH=… WORKFLOW_BUNDLE_PATH=… npx tsx test/workflows/histories/record.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowTypes, type TrialWorkflowInput } from '../../../workflows/shared';
import { createWorkflowTestEnv, withWorker } from '../../helpers/workflow-env';

const env = await createWorkflowTestEnv();
try {
  const activities = {
    activateTrial: async () => undefined,
    expireTrial: async () => true,
    sendTrialEmail: async () => undefined,
  };
  const input: TrialWorkflowInput = { subscriptionId: 'sub_hist', accountId: 'acct_hist', productId: 'prd_meeting', trialEndsAt: new Date(Date.now() + 3_000).toISOString(), reminderDaysBefore: [1], dayLengthSeconds: 1 };
  const history = await withWorker(env, activities, async (taskQueue) => {
    const handle = await env.client.workflow.start(WorkflowTypes.trial, { taskQueue, workflowId: 'trial-sub_hist', args: [input] });
    await handle.result();
    return handle.fetchHistory();
  });
  writeFileSync(path.join(import.meta.dirname, 'trial-expired.json'), JSON.stringify(history, null, 1)); // protobufjs' toJSON: the CLI's JSON format
  console.log('recorded trial-expired.json');
} finally {
  await env.teardown();
}
