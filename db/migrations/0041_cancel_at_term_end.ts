import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// CP-15: a cancellation recorded by the back office ends the subscription at the end of its current
// term instead of renewing it (the renewal, WF-4, reads the flag). Only a subscription with a term can
// carry it; who recorded it, when and from which request is in the audit log and on the request.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE subscriptions ADD COLUMN cancel_at_period_end boolean NOT NULL DEFAULT false`,
    `ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_cancel_at_period_end_check
       CHECK (NOT cancel_at_period_end OR current_period_end IS NOT NULL)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_cancel_at_period_end_check`,
    `ALTER TABLE subscriptions DROP COLUMN cancel_at_period_end`,
  ]);
}
