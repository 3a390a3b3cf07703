import { sql } from 'kysely';
import type { Db } from '../../db/client';
import type { PaymentGateway } from '../../server/payments/stripe-gateway';
import type { Mailer } from '../../server/email/transport';
import { sendEmailOnce } from '../../server/email/send-once';
import { intlTag, toLocale } from '../../server/i18n/locale';
import { ensureStripeCustomer } from '../../server/services/stripe-customers';

export interface TrialActivityDeps {
  db: Db;
  payments: PaymentGateway;
  mailer: Mailer;
  appUrl: string;
}

export interface TrialActivities {
  activateTrial(input: { subscriptionId: string }): Promise<void>;
  expireTrial(input: { subscriptionId: string }): Promise<boolean>;
  sendTrialEmail(input: { subscriptionId: string; kind: 'started' | 'reminder' | 'expired'; daysLeft?: number; idempotencyKey: string }): Promise<void>;
}

export function createTrialActivities(deps: TrialActivityDeps): TrialActivities {
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

    async sendTrialEmail({ subscriptionId, kind, daysLeft, idempotencyKey }) {
      const row = await db
        .selectFrom('subscriptions as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .select(['p.name as product', 't.name as tier', 's.trial_ends_at', 'u.email', 'u.name', 'u.locale'])
        .where('s.id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      const locale = toLocale(row.locale);
      const trialEndsOn = row.trial_ends_at
        ? new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(row.trial_ends_at)
        : '';
      const data = { name: row.name, product: row.product, tier: row.tier, trialEndsOn, daysLeft, subscriptionsUrl: `${deps.appUrl}/billing/subscriptions` };
      const template = kind === 'started' ? 'trialStarted' : kind === 'reminder' ? 'trialReminder' : 'trialExpired';
      await sendEmailOnce(deps, { key: idempotencyKey, to: row.email, locale, template, data });
    },
  };
}
