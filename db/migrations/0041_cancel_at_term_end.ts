import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// CP-15: a cancellation recorded by the back office ends the subscription at the end of its current
// term instead of renewing it (the renewal, WF-4, reads the flag). Who recorded it and from which
// request is in the audit log and on the request.
//
// The columns and their check are exactly the ones the renewal work (issue 10, BC-9 cancel at period
// end, migration 0045 on its branch) adds for the Billing Center's own cancellation: one flag for both
// realms. Whichever of the two migrations is merged second drops these three statements.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE subscriptions ADD COLUMN cancel_at_period_end boolean NOT NULL DEFAULT false`,
    `ALTER TABLE subscriptions ADD COLUMN cancel_requested_at timestamptz`,
    `ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_cancel_check
       CHECK (cancel_at_period_end = (cancel_requested_at IS NOT NULL))`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_cancel_check`,
    `ALTER TABLE subscriptions DROP COLUMN cancel_requested_at`,
    `ALTER TABLE subscriptions DROP COLUMN cancel_at_period_end`,
  ]);
}
