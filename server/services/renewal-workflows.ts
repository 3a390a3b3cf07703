import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../../db/client';
import { WorkflowTypes } from '../../workflows/shared';
import { renewalStartOptions } from '../temporal/starters';

/**
 * WF-4 reconciler, run by `npm start` once the worker is up (like the trial and change reconcilers):
 * every subscription that renews — active, past due or lapsed, online or corporate — gets its renewal
 * workflow if it has none running (the demo data, subscriptions that became active while Temporal was
 * away). A running workflow is left alone: nothing is added to its history.
 */
export async function ensureRenewalWorkflows(deps: { db: Db; temporal: () => Promise<Client>; taskQueue: string }, opts: { concurrency?: number } = {}) {
  const rows = await deps.db
    .selectFrom('subscriptions')
    .select(['id', 'account_id', 'product_id'])
    .where('status', 'in', ['active', 'past_due', 'lapsed'])
    .where('current_period_end', 'is not', null)
    .orderBy('id')
    .execute();
  const client = await deps.temporal();
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++]!;
      try {
        await client.workflow.start(WorkflowTypes.renewal, renewalStartOptions(deps.taskQueue, { subscriptionId: r.id, accountId: r.account_id, productId: r.product_id }));
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, rows.length) }, worker));
  return rows.length;
}
