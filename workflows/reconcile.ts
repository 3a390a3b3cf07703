import { patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { ReconcileActivities } from './activities/reconcile';
import { ReconcileStatus, SearchAttributes, reconcileFailures } from './shared';

// A pass that fails is not worth long retries: the schedule runs the next one soon. The heartbeat
// timeout (the activity beats every 5 s) retries a pass whose worker died within seconds, on another
// worker, from the reconciler it was at; the start-to-close timeout only bounds a pass that hangs.
const { reconcile } = proxyActivities<ReconcileActivities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '20 seconds', retry: { initialInterval: '5 seconds', maximumAttempts: 3 } });

type ReconcileSummary = Awaited<ReturnType<ReconcileActivities['reconcile']>>;

/** Whether a reconciler's result counts anything done (its counts are numbers; `failed` holds no number). */
function repairedAnything(result: unknown): boolean {
  if (typeof result === 'number') return result > 0;
  return typeof result === 'object' && result !== null && Object.values(result).some(repairedAnything);
}

/**
 * One pass of every reconciler, started by the Temporal Schedule `reconcile-<task queue>`
 * (`server/temporal/schedules.ts`) every RECONCILE_INTERVAL_SECONDS while the stack runs: an order or
 * subscription whose workflow failed to start is picked up without a restart. Each run is one activity
 * and ends; the schedule keeps no state, so there is nothing to continue as new. The status upsert after
 * the activity needs no `patched()`: a run of the code before it either closed right after the activity's
 * result or has not got there yet, so no history has a different command where this one is. Its value
 * `rows_failed` does (`passStatus`).
 */
export async function reconcileWorkflow(): Promise<ReconcileSummary> {
  const summary = await reconcile();
  upsertSearchAttributes([{ key: SearchAttributes.status, value: passStatus(summary) }]);
  return summary;
}

/**
 * `rows_failed` when some row could not be repaired (staff list those passes with
 * `SeatplanStatus = 'rows_failed'`; the IDs and errors are in the result), else `repaired` /
 * `nothing_to_repair`. Behind `patched()`, asked only when rows failed (a pass without failures records
 * no marker): a pass that ran before it keeps, when replayed, the status it set then.
 */
function passStatus(summary: ReconcileSummary): string {
  if (reconcileFailures(summary).length > 0 && patched('reconcile-rows-failed')) return ReconcileStatus.rowsFailed;
  return repairedAnything(summary) ? ReconcileStatus.repaired : ReconcileStatus.nothingToRepair;
}
