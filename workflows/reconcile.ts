import { proxyActivities } from '@temporalio/workflow';
import type { ReconcileActivities } from './activities/reconcile';

// A pass that fails is not worth long retries: the schedule runs the next one soon.
const { reconcile } = proxyActivities<ReconcileActivities>({ startToCloseTimeout: '5 minutes', retry: { initialInterval: '5 seconds', maximumAttempts: 3 } });

/**
 * One pass of every reconciler, started by the Temporal Schedule `reconcile-<task queue>`
 * (`server/temporal/schedules.ts`) every RECONCILE_INTERVAL_SECONDS while the stack runs: an order or
 * subscription whose workflow failed to start is picked up without a restart. Each run is one activity
 * and ends; the schedule keeps no state, so there is nothing to continue as new.
 */
export async function reconcileWorkflow(): Promise<Awaited<ReturnType<ReconcileActivities['reconcile']>>> {
  return reconcile();
}
