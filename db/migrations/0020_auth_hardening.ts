import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// Sign-in hardening (issue 14 items 7, 8).
// - auth_throttle: the counters of server/auth/throttle.ts (rate-limiter-flexible's Postgres store:
//   key, points, expire in epoch ms). It used to be created at run time on first use, outside this
//   list, and was never purged; IF NOT EXISTS adopts the table of a database that already has it.
//   The index serves the purge of expired rows.
// - revoked_sessions: sessions ended by signing out, refused until they would have expired anyway
//   (their absolute lifetime), then purged. A session is a signed JWT; its `sid` names it here.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE IF NOT EXISTS auth_throttle (
       key varchar(255) PRIMARY KEY,
       points integer NOT NULL DEFAULT 0,
       expire bigint
     )`,
    `CREATE INDEX IF NOT EXISTS auth_throttle_expire_idx ON auth_throttle (expire)`,
    `CREATE TABLE revoked_sessions (
       session_id text PRIMARY KEY CONSTRAINT revoked_sessions_session_id_check CHECK (session_id ~ '^[A-Za-z0-9_-]{16,64}$'),
       realm text NOT NULL CONSTRAINT revoked_sessions_realm_check CHECK (realm IN ('product','portal','staff')),
       subject_id text NOT NULL,
       revoked_at timestamptz NOT NULL DEFAULT now(),
       expires_at timestamptz NOT NULL
     )`,
    `CREATE INDEX revoked_sessions_expires_at_idx ON revoked_sessions (expires_at)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [`DROP TABLE revoked_sessions`, `DROP TABLE auth_throttle`]);
}
