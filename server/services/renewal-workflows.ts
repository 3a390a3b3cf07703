import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../../db/client';
import { WorkflowTypes, workflowIds } from '../../workflows/shared';
import { renewalStartOptions } from '../temporal/starters';
import { rowsWithoutRunningWorkflow } from '../temporal/visibility';
import { repairEachRow, type ReconcileRowFailure } from './reconcile-rows';

/**
 * WF-4 reconciler, one of `reconcileAll`'s (at start-up, then by the reconcile Schedule):
 * every subscription that renews — active, past due or lapsed, online or corporate — gets its renewal
 * workflow if it has none running (the demo data, subscriptions that became active while Temporal was
 * away). A running workflow is left alone: nothing is added to its history. `skipRunning` (the periodic
 * pass): the running ones are listed first and not asked for at all.
 */
export async function ensureRenewalWorkflows(deps: { db: Db; temporal: () => Promise<Client>; taskQueue: string }, opts: { concurrency?: number; skipRunning?: boolean } = {}): Promise<{ started: number; failed: ReconcileRowFailure[] }> {
  const all = await deps.db
    .selectFrom('subscriptions')
    .select(['id', 'account_id', 'product_id'])
    .where('status', 'in', ['active', 'past_due', 'lapsed'])
    .where('current_period_end', 'is not', null)
    .orderBy('id')
    .execute();
  const client = await deps.temporal();
  const rows = await rowsWithoutRunningWorkflow(client, all, { skipRunning: opts.skipRunning, workflowType: WorkflowTypes.renewal, taskQueue: deps.taskQueue, workflowId: (r) => workflowIds.renewal(r.id) });
  const failed = await repairEachRow('renewals', rows, (r) => r.id, async (r) => {
    try {
      await client.workflow.start(WorkflowTypes.renewal, renewalStartOptions(deps.taskQueue, { subscriptionId: r.id, accountId: r.account_id, productId: r.product_id }));
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }, { concurrency: opts.concurrency ?? 8 });
  return { started: rows.length - failed.length, failed };
}
