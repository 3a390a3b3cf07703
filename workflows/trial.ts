import { defineQuery, log, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { TrialActivities } from './activities/trial';
import { SearchAttributes, type TrialWorkflowInput } from './shared';

const acts = proxyActivities<TrialActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export const trialStatusQuery = defineQuery<TrialWorkflowStatus>('trialStatus');
export type TrialWorkflowStatus = 'starting' | 'trial' | 'expired';

/**
 * WF-1, one per trial (`trial-<subscriptionId>`). Starts the trial (Stripe customer, status, email),
 * sends reminders before the end, and on the trial's end expires it with no charge. Conversion is
 * added by the trial-conversion issue as an update that ends the wait early.
 */
export async function trialWorkflow(input: TrialWorkflowInput): Promise<TrialWorkflowStatus> {
  let status: TrialWorkflowStatus = 'starting';
  setHandler(trialStatusQuery, () => status);
  const { subscriptionId } = input;

  await acts.activateTrial({ subscriptionId });
  status = 'trial';
  upsertSearchAttributes([{ key: SearchAttributes.status, value: 'trial' }]);
  await acts.sendTrialEmail({ subscriptionId, kind: 'started', idempotencyKey: `${workflowInfo().workflowId}:started` });

  const endsAt = Date.parse(input.trialEndsAt);
  // Reminders, earliest first; one whose time has passed (e.g. a short trial) is skipped.
  for (const days of [...input.reminderDaysBefore].sort((a, b) => b - a)) {
    const at = endsAt - days * (input.dayLengthSeconds ?? 86_400) * 1000;
    if (at <= Date.now()) continue;
    await sleep(at - Date.now());
    await acts.sendTrialEmail({ subscriptionId, kind: 'reminder', daysLeft: days, idempotencyKey: `${workflowInfo().workflowId}:reminder-${days}` });
  }
  const remaining = endsAt - Date.now();
  if (remaining > 0) await sleep(remaining);

  const expired = await acts.expireTrial({ subscriptionId });
  status = 'expired';
  upsertSearchAttributes([{ key: SearchAttributes.status, value: 'expired' }]);
  if (expired) await acts.sendTrialEmail({ subscriptionId, kind: 'expired', idempotencyKey: `${workflowInfo().workflowId}:expired` });
  log.info('trial ended without conversion', { subscriptionId });
  return status;
}
