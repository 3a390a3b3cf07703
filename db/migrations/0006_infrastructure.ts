import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// Exactly-once plumbing: Stripe webhook de-duplication, an email outbox, and the audit trail.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE stripe_events (
       id text PRIMARY KEY,
       type text NOT NULL,
       payload jsonb,
       received_at timestamptz NOT NULL DEFAULT now(),
       processed_at timestamptz
     )`,

    `CREATE TABLE email_outbox (
       id text PRIMARY KEY,
       idempotency_key text NOT NULL CONSTRAINT email_outbox_idempotency_key_key UNIQUE,
       to_address text NOT NULL,
       subject text NOT NULL,
       template text NOT NULL,
       payload jsonb NOT NULL DEFAULT '{}'::jsonb,
       attempts integer NOT NULL DEFAULT 0 CONSTRAINT email_outbox_attempts_check CHECK (attempts >= 0),
       last_error text,
       sent_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX email_outbox_unsent_idx ON email_outbox (created_at) WHERE sent_at IS NULL`,

    `CREATE TABLE audit_log (
       id bigserial PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       actor_realm text NOT NULL CONSTRAINT audit_log_actor_realm_check
         CHECK (actor_realm IN ('product','portal','staff','system','stripe','workflow')),
       actor_id text,
       account_id text,
       action text NOT NULL,
       subject_id text,
       data jsonb NOT NULL DEFAULT '{}'::jsonb
     )`,
    `CREATE INDEX audit_log_account_id_at_idx ON audit_log (account_id, at DESC) WHERE account_id IS NOT NULL`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [`DROP TABLE audit_log`, `DROP TABLE email_outbox`, `DROP TABLE stripe_events`]);
}
