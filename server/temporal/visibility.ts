import type { Client } from '@temporalio/client';

/**
 * The IDs of the running workflows of one type on one task queue, from Temporal's visibility (a few
 * paged list calls, however many rows): a periodic reconciler skips them instead of asking Temporal
 * to start each one again. Visibility lags a moment behind a start; a workflow not listed yet is
 * started again under its business ID, which attaches.
 */
export async function runningWorkflowIds(client: Client, workflowType: string, taskQueue: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const query = `WorkflowType = '${workflowType}' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
  for await (const w of client.workflow.list({ query })) ids.add(w.workflowId);
  return ids;
}

/**
 * The rows a reconciler asks Temporal about: all of them, or — on a periodic pass (`skipRunning`) —
 * only those whose workflow visibility does not list as running.
 */
export async function rowsWithoutRunningWorkflow<T>(
  client: Client,
  rows: T[],
  opts: { skipRunning?: boolean; workflowType: string; taskQueue: string; workflowId: (row: T) => string },
): Promise<T[]> {
  if (!opts.skipRunning || rows.length === 0) return rows;
  const running = await runningWorkflowIds(client, opts.workflowType, opts.taskQueue);
  return rows.filter((r) => !running.has(opts.workflowId(r)));
}
