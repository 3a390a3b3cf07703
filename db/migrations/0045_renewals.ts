import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// WF-4 / BC-9 renewal and dunning. A subscription whose renewal could not be charged is `past_due`
// (access continues while the card is retried), then `lapsed` (access ends, seats kept for a grace
// period). Cancel at period end is 0041's flag with its request time. One `renewals` row per subscription
// and period is the idempotency guard of a renewal: whatever retries or restarts, a period is billed once.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_status_check`,
    `ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_status_check
       CHECK (status IN ('pending_trial','trial','active','past_due','expired','cancelled','lapsed'))`,
    `ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_active_period_check`,
    `ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_active_period_check
       CHECK (status NOT IN ('active','past_due','lapsed') OR current_period_start IS NOT NULL)`,
    // BC-9 cancel at period end (and its undo) uses 0041's flag, which the back office's CP-15 shares.
    // When access ended (a cancellation took effect, a lapse, a corporate expiry), and until when a
    // lapsed subscription keeps its seat assignments.
    `ALTER TABLE subscriptions ADD COLUMN ended_at timestamptz`,
    `ALTER TABLE subscriptions ADD COLUMN seat_grace_until timestamptz`,

    `CREATE TABLE renewals (
       id text PRIMARY KEY,
       subscription_id text NOT NULL REFERENCES subscriptions(id),
       account_id text NOT NULL REFERENCES accounts(id),
       kind text NOT NULL CONSTRAINT renewals_kind_check CHECK (kind IN ('online','corporate')),
       -- The period this renewal bills: it starts exactly where the previous one ended.
       period_start timestamptz NOT NULL,
       period_end timestamptz NOT NULL,
       status text NOT NULL DEFAULT 'pending' CONSTRAINT renewals_status_check
         CHECK (status IN ('pending','paid','past_due','lapsed','open','expired','cancelled')),
       order_id text NOT NULL CONSTRAINT renewals_order_id_key UNIQUE REFERENCES orders(id),
       invoice_id text CONSTRAINT renewals_invoice_id_key UNIQUE REFERENCES invoices(id),
       due_at timestamptz NOT NULL,
       -- Charge attempts so far (online), and what the next one is and when (for the pages and emails).
       attempts integer NOT NULL DEFAULT 0 CONSTRAINT renewals_attempts_check CHECK (attempts >= 0),
       next_attempt_at timestamptz,
       -- Why the last attempt failed: the English text for operations, and the message by key for readers.
       last_failure text,
       last_failure_key text,
       last_failure_params jsonb,
       paid_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT renewals_period_check CHECK (period_end > period_start),
       CONSTRAINT renewals_subscription_id_period_start_key UNIQUE (subscription_id, period_start)
     )`,
    `CREATE INDEX renewals_account_id_idx ON renewals (account_id, created_at DESC)`,
    `CREATE TRIGGER renewals_set_updated_at BEFORE UPDATE ON renewals FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE renewals`,
    `ALTER TABLE subscriptions DROP COLUMN seat_grace_until`,
    `ALTER TABLE subscriptions DROP COLUMN ended_at`,
    `ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_active_period_check`,
    `ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_active_period_check CHECK (status <> 'active' OR current_period_start IS NOT NULL)`,
    `ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_status_check`,
    `ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_status_check
       CHECK (status IN ('pending_trial','trial','active','expired','cancelled','lapsed'))`,
  ]);
}
