import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { ReconcileSummary } from '../../server/services/reconcile';
import { ensureReconcileSchedule, reconcileScheduleId } from '../../server/temporal/schedules';
import { reconcileFailures, WorkflowTypes, workflowIds } from '../../workflows/shared';
import { callerWithoutTemporal } from '../helpers/callers';
import { accountWithRenewal } from '../helpers/renewal-fixtures';
import { useCatalogWorker } from '../helpers/reconcile-stack';
import { until } from '../helpers/worker-process';

const DAY = 86_400_000;

describe('Periodic reconciliation: a workflow start lost while the stack runs is made by the reconcile Schedule, without a restart, exactly once', () => {
  const stack = useCatalogWorker();

  it('WF-4 WF-1: a subscription that renews and a trial started while Temporal was unreachable, their workflows never started, get them from the next pass; later passes find them running, start nothing and add nothing to their histories', { timeout: 90_000 }, async () => {
    const { client, taskQueue } = stack.worker;
    // Committed while the stack runs, its workflow start lost: the row is there, the workflow is not.
    const a = await accountWithRenewal(stack.db, { endsInMs: 20 * DAY });
    const workflowId = workflowIds.renewal(a.subscriptionId);
    await expect(client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    // A trial started by a web server that cannot reach Temporal (the fault: its client factory throws).
    await callerWithoutTemporal({ db: stack.db, taskQueue }, a.billing.id).subscriptions.startTrial({ productId: 'prd_webinar' }).catch(() => undefined);
    const trial = await stack.db.selectFrom('subscriptions').select(['id', 'status']).where('account_id', '=', a.accountId).where('product_id', '=', 'prd_webinar').executeTakeFirstOrThrow();
    expect(trial.status).toBe('pending_trial');
    await expect(client.workflow.getHandle(workflowIds.trial(trial.id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // What npm start does after the worker is up (here every 2 s); repeated, it updates the one schedule.
    expect(await ensureReconcileSchedule(client, taskQueue, 2)).toBe('created');
    expect(await ensureReconcileSchedule(client, taskQueue, 2)).toBe('updated');
    const schedule = client.schedule.getHandle(reconcileScheduleId(taskQueue));

    const started = await until('the renewal workflow', async () => {
      const d = await client.workflow.getHandle(workflowId).describe().catch(() => null);
      return d?.status.name === 'RUNNING' ? d : null;
    });
    expect(started.type).toBe(WorkflowTypes.renewal);
    expect(started.taskQueue).toBe(taskQueue);

    // Once Temporal's visibility lists both (a pass taken before that attaches instead: the same one run),
    // two more passes.
    const listed = async (id: string) => {
      const runs: string[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowId = '${id}' AND ExecutionStatus = 'Running'` })) runs.push(w.runId);
      return runs;
    };
    await until('visibility to list both workflows', async () => ((await listed(workflowId)).length && (await listed(workflowIds.trial(trial.id))).length ? true : null));
    const visibleAt = Date.now();
    const passes = await until('two completed reconcile passes after that', async () => {
      const results: Array<ReconcileSummary & { takenAt: number }> = [];
      const actions = [...(await schedule.describe()).info.recentActions].sort((x, y) => x.takenAt.getTime() - y.takenAt.getTime());
      for (const act of actions) {
        const h = client.workflow.getHandle(act.action.workflow.workflowId, act.action.workflow.firstExecutionRunId);
        if ((await h.describe()).status.name !== 'COMPLETED') continue;
        results.push({ ...(await h.result()), takenAt: act.takenAt.getTime() });
      }
      return results.filter((r) => r.takenAt > visibleAt).length >= 2 ? results : null;
    });
    // The first pass picked each up; every pass after visibility listed them asked Temporal for nothing.
    expect([passes[0]!.renewals.started, passes[0]!.trials.started]).toEqual([1, 1]);
    for (const p of passes.filter((r) => r.takenAt > visibleAt)) expect([p.renewals.started, p.trials.started]).toEqual([0, 0]);
    for (const p of passes) {
      expect(p).toMatchObject({ changes: { started: 0, closed: 0 }, conversions: { delivered: 0, refused: 0 }, serviceOrders: { delivered: 0 }, purchaseOrders: { signalled: 0 }, invoicePayments: { cancelled: 0 } });
      expect(reconcileFailures(p)).toEqual([]);
    }

    // One run of the workflow, never started again, nothing signalled into it: asleep until the period end.
    const runs = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w.runId);
    expect(runs).toEqual([started.runId]);
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(0);
    expect(await client.workflow.getHandle(workflowId).query<string>('renewalStatus')).toBe('waiting');
    // The trial's WF-1 made it a running trial, once.
    const trialRuns = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowIds.trial(trial.id)}'` })) trialRuns.push(w.runId);
    expect(trialRuns).toHaveLength(1);
    expect(((await client.workflow.getHandle(workflowIds.trial(trial.id)).fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(0);
    await until('the trial to be running', async () => ((await stack.db.selectFrom('subscriptions').select('status').where('id', '=', trial.id).executeTakeFirstOrThrow()).status === 'trial' ? true : null));
  });
});
