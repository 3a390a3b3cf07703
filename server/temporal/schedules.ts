import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { ReconcileStatus, SearchAttributes, WorkflowTypes } from '../../workflows/shared';

/** One reconcile schedule per task queue (the stack's, or a test file's), named for it in the Temporal UI. */
export const reconcileScheduleId = (taskQueue: string) => `reconcile-${taskQueue}`;

/**
 * The periodic reconciler: a Temporal Schedule that starts `reconcileWorkflow` on `taskQueue` every
 * `intervalSeconds` (RECONCILE_INTERVAL_SECONDS). A Schedule rather than a timer in the worker process:
 * it runs once per cluster however many workers there are, survives restarts of every process, and
 * staff see it in the Temporal UI (its runs, its next run) and can pause it or trigger a pass there.
 * Overlapping passes are skipped, and after an outage at most one missed pass is made up. Created at
 * start-up, or updated to the configured interval when it exists; 0 deletes it (start-up pass only).
 */
export async function ensureReconcileSchedule(client: Client, taskQueue: string, intervalSeconds: number): Promise<'created' | 'updated' | 'deleted' | 'off'> {
  const scheduleId = reconcileScheduleId(taskQueue);
  const handle = client.schedule.getHandle(scheduleId);
  if (intervalSeconds === 0) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'off';
      throw err;
    }
  }
  const spec = { intervals: [{ every: `${intervalSeconds}s` }] };
  // Each pass carries its SeatplanStatus from its start (then the workflow says whether it repaired anything);
  // Temporal adds TemporalScheduledById = the schedule ID to every run it starts.
  const action = {
    type: 'startWorkflow' as const,
    workflowType: WorkflowTypes.reconcile,
    workflowId: scheduleId,
    taskQueue,
    args: [] as [],
    workflowExecutionTimeout: '15 minutes',
    typedSearchAttributes: [{ key: SearchAttributes.status, value: ReconcileStatus.reconciling }],
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: `${Math.max(intervalSeconds, 10)}s` };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies, memo: { kind: 'reconcile', taskQueue } });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((prev) => ({ ...prev, spec, action, policies }));
    return 'updated';
  }
}
