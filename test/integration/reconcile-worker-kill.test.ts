import { WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReconcileSummary } from '../../server/services/reconcile';
import { ensureReconcileSchedule, reconcileScheduleId } from '../../server/temporal/schedules';
import { ReconcileStatus, SearchAttributes, WorkflowTypes, workflowIds } from '../../workflows/shared';
import { accountWithRenewal } from '../helpers/renewal-fixtures';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

const DAY = 86_400_000;
type Pass = () => Promise<ReconcileSummary>;
// Set by Temporal on every run a Schedule starts: how staff list one schedule's passes.
const scheduledBy = defineSearchAttributeKey('TemporalScheduledById', SearchAttributeType.KEYWORD);
const nothingDone: ReconcileSummary = {
  trials: { started: 0, failed: [] }, changes: { started: 0, closed: 0, failed: [] }, conversions: { delivered: 0, refused: 0, failed: [] }, renewals: { started: 0, failed: [] },
  quotes: { started: 0, signalled: 0, failed: [] }, serviceOrders: { delivered: 0, failed: [] }, purchaseOrders: { signalled: 0, failed: [] }, invoicePayments: { cancelled: 0, failed: [] },
};

describe('Reconcile pass exactly once when the worker process is killed mid-pass (the workflow it starts: WF-4)', () => {
  // The catalog only: this file's reconciler sees this file's rows alone.
  const stack = useWorkerProcessStack('kill-reconcile', { seed: 'catalog' });
  // Registered after the stack's hooks, so it runs before them: the schedule outlives the worker.
  afterAll(async () => {
    await ensureReconcileSchedule(stack.client, stack.taskQueue, 0);
  });

  it('WF-4: kill -9 of the worker while a pass waits on the database after it started a lost renewal; restart → the same pass resumes from the reconciler it was at within the heartbeat timeout (not the 5-minute timeout), one renewal run, its search attributes say what it did', { timeout: 240_000 }, async () => {
    const { client, taskQueue } = stack;
    // A subscription committed while the stack ran, its renewal workflow's start lost.
    const a = await accountWithRenewal(stack.db, { endsInMs: 20 * DAY });
    const renewal = client.workflow.getHandle(workflowIds.renewal(a.subscriptionId));
    await expect(renewal.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // Hold the quotes table (the reconciler after renewals reads it): the pass blocks after the renewal's start.
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    let killedAt: number;
    let pass: ReturnType<typeof client.workflow.getHandle<Pass>>;
    let renewalRunId: string;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE quotes IN ACCESS EXCLUSIVE MODE');

      // The schedule as npm start makes it (hourly here, so no pass but the triggered one), and one pass now.
      expect(await ensureReconcileSchedule(client, taskQueue, 3600)).toBe('created');
      const schedule = client.schedule.getHandle(reconcileScheduleId(taskQueue));
      await schedule.trigger();
      const action = await until('the schedule to start a pass', async () => (await schedule.describe()).info.recentActions[0]?.action.workflow);
      pass = client.workflow.getHandle<Pass>(action.workflowId);

      renewalRunId = (await until('the pass to start the renewal', async () => {
        const d = await renewal.describe().catch(() => null);
        return d?.status.name === 'RUNNING' ? d : null;
      })).runId;
      // Polled from another connection: inside the blocker's transaction pg_stat_activity is a snapshot taken once.
      await until('the pass to wait on the quotes table', async () => {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%from "quotes"%'`.execute(stack.db);
        return rows[0]!.n > 0;
      });
      // Temporal holds the pass's progress (its last heartbeat's details): the reconcilers up to renewals done.
      const progress = await until('the pass to report the renewals reconciler done', async () => {
        const payload = (await pass.describe()).raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0];
        const details = payload ? defaultPayloadConverter.fromPayload<Partial<ReconcileSummary>>(payload) : null;
        return details?.renewals !== undefined ? details : null;
      }, 45_000);
      expect(progress).toEqual({ trials: nothingDone.trials, changes: nothingDone.changes, conversions: nothingDone.conversions, renewals: { started: 1, failed: [] } });

      // Findable while it runs: its type, the schedule that started it, its status.
      const running = await pass.describe();
      expect([running.type, running.taskQueue, running.status.name]).toEqual([WorkflowTypes.reconcile, taskQueue, 'RUNNING']);
      expect(running.typedSearchAttributes.get(scheduledBy)).toBe(reconcileScheduleId(taskQueue));
      expect(running.typedSearchAttributes.get(SearchAttributes.status)).toBe(ReconcileStatus.reconciling);

      await stack.kill();
      killedAt = Date.now();
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    await stack.restart();

    // The same pass completes on the new worker within two minutes of the kill: without the heartbeat
    // timeout its dead attempt would hold it until the activity's 5-minute start-to-close timeout.
    await until('the pass to complete on the new worker', async () => (await pass.describe()).status.name === 'COMPLETED', killedAt! + 120_000 - Date.now());
    const summary = await pass.result();
    // Its result counts the renewal started by the killed attempt; the retry began at quotes.
    expect(summary).toEqual({ ...nothingDone, renewals: { started: 1, failed: [] } });
    const events = (await pass.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(1);
    const startedAttempt = events.find((e) => e.activityTaskStartedEventAttributes)!.activityTaskStartedEventAttributes!;
    expect(startedAttempt.attempt).toBe(2);
    // The first attempt ended by its heartbeat timeout, not by the start-to-close timeout.
    expect(startedAttempt.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(proto.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    expect((await pass.describe()).typedSearchAttributes.get(SearchAttributes.status)).toBe(ReconcileStatus.repaired);

    // One run of the renewal, never started twice, nothing signalled into it: asleep until the period end.
    const runs = async () => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowIds.renewal(a.subscriptionId)}'` })) ids.push(w.runId);
      return ids;
    };
    expect(await runs()).toEqual([renewalRunId!]);
    expect(((await renewal.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(0);
    expect(await renewal.query<string>('renewalStatus')).toBe('waiting');

    // A later pass (once visibility lists the renewal) finds it running, starts nothing and says so.
    await until('visibility to list the renewal running', async () => {
      for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowIds.renewal(a.subscriptionId)}' AND ExecutionStatus = 'Running'` })) return w.runId;
      return null;
    });
    const schedule = client.schedule.getHandle(reconcileScheduleId(taskQueue));
    await schedule.trigger();
    const next = await until('the schedule to start a second pass', async () => (await schedule.describe()).info.recentActions.find((x) => x.action.workflow.workflowId !== pass.workflowId)?.action.workflow);
    const nextHandle = client.workflow.getHandle<Pass>(next.workflowId);
    expect(await nextHandle.result()).toEqual(nothingDone);
    expect((await nextHandle.describe()).typedSearchAttributes.get(SearchAttributes.status)).toBe(ReconcileStatus.nothingToRepair);
    expect(await runs()).toEqual([renewalRunId!]);
  });
});
