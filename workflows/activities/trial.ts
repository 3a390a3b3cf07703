import { sql } from 'kysely';
import { ensureStripeCustomer } from '../../server/services/stripe-customers';
import type { ActivityDeps } from './deps';

// WF-1's subscription steps: a trial starts (with its Stripe customer) and, unconverted, ends.

export interface TrialActivities {
  activateTrial(input: { subscriptionId: string }): Promise<void>;
  expireTrial(input: { subscriptionId: string }): Promise<boolean>;
}

export function createTrialActivities(deps: ActivityDeps): TrialActivities {
  const { db } = deps;
  return {
    /** Idempotent: a re-run after a crash finds the trial already active and the customer already stored. */
    async activateTrial({ subscriptionId }) {
      const sub = await db.selectFrom('subscriptions').select(['account_id', 'status']).where('id', '=', subscriptionId).executeTakeFirstOrThrow();
      await ensureStripeCustomer(deps, sub.account_id);
      await db
        .updateTable('subscriptions')
        .set({ status: 'trial', updated_at: sql`now()`, version: sql`version + 1` })
        .where('id', '=', subscriptionId)
        .where('status', '=', 'pending_trial')
        .execute();
    },

    /** Ends an unconverted trial without any charge; false when it was converted or ended meanwhile. */
    async expireTrial({ subscriptionId }) {
      const res = await db
        .updateTable('subscriptions')
        .set({ status: 'expired', updated_at: sql`now()`, version: sql`version + 1` })
        .where('id', '=', subscriptionId)
        .where('status', '=', 'trial')
        .executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },
  };
}
