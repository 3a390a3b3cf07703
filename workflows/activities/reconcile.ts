import { Context } from '@temporalio/activity';
import { env } from '../../server/env';
import { reconcileAll, type ReconcileSummary } from '../../server/services/reconcile';
import type { ActivityDeps } from './deps';

export function createReconcileActivities(deps: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * One periodic pass of every reconciler (the reconcile Schedule's workflow): whatever a start lost
     * while the stack ran (Temporal away at the wrong moment) gets its workflow, on the task queue this
     * activity runs on, through the worker's own client. Safe to repeat: every start is under a business ID.
     */
    async reconcile(): Promise<ReconcileSummary> {
      const { client, info } = Context.current();
      return reconcileAll({ db: deps.db, temporal: async () => client, taskQueue: info.taskQueue, trialReminderDays: env().TRIAL_REMINDER_DAYS }, { periodic: true });
    },
  };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
