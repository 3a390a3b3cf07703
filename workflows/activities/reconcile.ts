import { Context } from '@temporalio/activity';
import { env } from '../../server/env';
import { reconcileAll, type ReconcileSummary } from '../../server/services/reconcile';
import type { ActivityDeps } from './deps';

/**
 * How often a pass tells Temporal it is alive. The workflow's heartbeat timeout (workflows/reconcile.ts)
 * is a few of these: a pass whose worker died is retried on another within seconds instead of after the
 * 5-minute start-to-close timeout, during which the Schedule skips every pass as overlapping.
 */
export const RECONCILE_HEARTBEAT_EVERY_MS = 5_000;

export function createReconcileActivities(deps: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * One periodic pass of every reconciler (the reconcile Schedule's workflow): whatever a start lost
     * while the stack ran (Temporal away at the wrong moment) gets its workflow, on the task queue this
     * activity runs on, through the worker's own client. Safe to repeat: every start is under a business ID.
     * It heartbeats while it runs, with the reconcilers done so far as the details: a retry (the worker
     * killed mid-pass) takes up from the reconciler it was at, and its result still says what the
     * reconcilers before did.
     */
    async reconcile(): Promise<ReconcileSummary> {
      const ctx = Context.current();
      const { client, info } = ctx;
      const done: Partial<ReconcileSummary> = info.heartbeatDetails ?? {};
      let progress = done;
      ctx.heartbeat(progress);
      // Beats while a reconciler waits (on the database, on Temporal); the SDK sends at most one per
      // throttle interval (0.8 × the heartbeat timeout), with the latest details.
      const beat = setInterval(() => ctx.heartbeat(progress), RECONCILE_HEARTBEAT_EVERY_MS);
      try {
        return await reconcileAll(
          { db: deps.db, temporal: async () => client, taskQueue: info.taskQueue, trialReminderDays: env().TRIAL_REMINDER_DAYS },
          { periodic: true, done, onStep: (soFar) => { progress = { ...soFar }; ctx.heartbeat(progress); } },
        );
      } finally {
        clearInterval(beat);
      }
    },
  };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
