import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { describeReconcileFailures, reconcileAll, type ReconcileSummary } from '../../server/services/reconcile';
import { isTemporalUnreachable } from '../../server/temporal/reachability';
import { ensureReconcileSchedule, reconcileScheduleId } from '../../server/temporal/schedules';
import { ReconcileStatus, SearchAttributes, workflowIds } from '../../workflows/shared';
import { useCatalogWorker } from '../helpers/reconcile-stack';
import { accountWithRenewal } from '../helpers/renewal-fixtures';
import { until } from '../helpers/worker-process';

const DAY = 86_400_000;

describe('Reconcile isolation: a row a reconciler cannot repair is reported by ID and does not stop the repair of the others', () => {
  const stack = useCatalogWorker();

  /**
   * An open change order without an order line: the app never writes one (its line is written in the
   * same transaction), but a manual fix or a half-restored backup can. Bulk-inserted as such data is.
   */
  async function changeOrderWithoutLines(accountId: string, createdAt: Date) {
    const id = newId('ord');
    await stack.db.insertInto('orders').values({ id, account_id: accountId, kind: 'change', status: 'processing', currency: 'USD', idempotency_key: `poisoned-${id}`, created_at: createdAt }).execute();
    return id;
  }
  const deps = () => ({ db: stack.db, temporal: async () => stack.worker.client, taskQueue: stack.worker.taskQueue, trialReminderDays: [3] });
  const renewalRuns = async (subscriptionId: string) => {
    const runs: string[] = [];
    for await (const w of stack.worker.client.workflow.list({ query: `WorkflowId = '${workflowIds.renewal(subscriptionId)}'` })) runs.push(w.runId);
    return runs;
  };

  let poisoned: string[];
  let renewed: { subscriptionId: string; runId: string };

  it('WF-2 WF-4: two change orders without lines and a lost renewal start → the start-up pass does not throw, names both orders, and the renewals reconciler after them starts the renewal once; a periodic pass names them again and starts nothing', { timeout: 90_000 }, async () => {
    const a = await accountWithRenewal(stack.db, { endsInMs: 20 * DAY });
    poisoned = [await changeOrderWithoutLines(a.accountId, new Date(Date.now() - 60_000)), await changeOrderWithoutLines(a.accountId, new Date())];
    const renewal = stack.worker.client.workflow.getHandle(workflowIds.renewal(a.subscriptionId));
    await expect(renewal.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // What npm start runs once after the worker is up.
    const first = await reconcileAll(deps());
    expect(first.changes).toEqual({ started: 0, closed: 0, failed: poisoned.map((id) => ({ id, error: `change order ${id} has no order line` })) });
    expect(first.renewals).toEqual({ started: 1, failed: [] });
    // The line npm start prints, naming each order and its reconciler.
    expect(describeReconcileFailures(first)).toBe(`2 rows could not be repaired: ${poisoned.map((id) => `${id} (changes): change order ${id} has no order line`).join('; ')}`);
    // The orders are left as they are (nothing guessed for them), and hold no workflow.
    expect(await stack.db.selectFrom('orders').select('status').where('id', 'in', poisoned).execute()).toEqual([{ status: 'processing' }, { status: 'processing' }]);
    await expect(stack.worker.client.workflow.getHandle(workflowIds.subscriptionChange(poisoned[0]!)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const started = await renewal.describe();
    expect(started.status.name).toBe('RUNNING');
    renewed = { subscriptionId: a.subscriptionId, runId: started.runId };

    // The periodic pass, once visibility lists the renewal: the same two orders, nothing started.
    await until('visibility to list the renewal running', async () => {
      for await (const w of stack.worker.client.workflow.list({ query: `WorkflowId = '${workflowIds.renewal(a.subscriptionId)}' AND ExecutionStatus = 'Running'` })) return w.runId;
      return null;
    });
    const second = await reconcileAll(deps(), { periodic: true });
    expect(second.changes).toEqual(first.changes);
    expect(second.renewals).toEqual({ started: 0, failed: [] });
    expect(describeReconcileFailures(second)).toBe(describeReconcileFailures(first));
    // One run of the renewal, nothing signalled into it.
    expect(await renewalRuns(a.subscriptionId)).toEqual([started.runId]);
    expect(((await renewal.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(0);
  });

  it('WF-4: the reconcile Schedule\'s pass completes despite the change orders without lines, its result names them and its SeatplanStatus is rows_failed; the renewal keeps its one run', { timeout: 90_000 }, async () => {
    const { client, taskQueue } = stack.worker;
    expect(await ensureReconcileSchedule(client, taskQueue, 3600)).toBe('created');
    const schedule = client.schedule.getHandle(reconcileScheduleId(taskQueue));
    await schedule.trigger();
    const action = await until('the schedule to start a pass', async () => (await schedule.describe()).info.recentActions[0]?.action.workflow ?? null);
    const pass = client.workflow.getHandle<() => Promise<ReconcileSummary>>(action.workflowId);
    const summary = await pass.result();
    expect(summary.changes.failed.map((f) => f.id)).toEqual(poisoned);
    expect(summary.renewals).toEqual({ started: 0, failed: [] });
    expect((await pass.describe()).typedSearchAttributes.get(SearchAttributes.status)).toBe(ReconcileStatus.rowsFailed);
    // Staff find it by that status.
    await until('visibility to list the pass as rows_failed', async () => {
      for await (const w of client.workflow.list({ query: `WorkflowId = '${action.workflowId}' AND SeatplanStatus = '${ReconcileStatus.rowsFailed}'` })) return w.runId;
      return null;
    });
    expect(await renewalRuns(renewed.subscriptionId)).toEqual([renewed.runId]);
  });

  it('WF-4: Temporal unreachable is not one row\'s problem — the pass throws (the activity is retried, npm start fails loudly) instead of reporting every row as failed', { timeout: 30_000 }, async () => {
    // The fault: a client of a Temporal address nothing listens on, its gRPC retries off so it fails at once.
    const connection = Connection.lazy({ address: '127.0.0.1:9', interceptors: [] });
    try {
      const unreachable = new Client({ connection, namespace: 'default' });
      const err = await reconcileAll({ ...deps(), temporal: async () => unreachable }).then(() => null, (e: unknown) => e);
      expect(err).not.toBeNull();
      expect(isTemporalUnreachable(err)).toBe(true);
    } finally {
      await connection.close();
    }
  });
});
