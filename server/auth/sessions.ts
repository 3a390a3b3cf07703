import { sql } from 'kysely';
import type { Db } from '../../db/client';
import { newToken } from '../../db/ids';
import { env } from '../env';

/**
 * Session lifetime and server-side revocation (issue 14 item 8). A session is a signed JWT cookie
 * (next-auth); besides the person's `sessions_valid_after` (a password reset or change ends every
 * session of theirs), each session
 * - has an absolute lifetime from its sign-in (`authAt`): next-auth's own expiry slides with every
 *   request, so without this a session kept busy would never end;
 * - has an ID (`sid`) that signing out records in `revoked_sessions`, so the cookie is refused even
 *   if it was copied before the browser dropped it. Rows are kept until the session would have
 *   expired anyway, then purged.
 */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;

/** The absolute lifetime in seconds (SESSION_MAX_HOURS, default 12). */
export function sessionMaxSeconds(): number {
  return Math.round(env().SESSION_MAX_HOURS * 3600);
}

export const newSessionId = () => newToken(24);

/** Whether the session is past its absolute lifetime (no database needed). */
export function sessionExpired(claims: { issuedAt: number }, now: Date): boolean {
  return now.getTime() >= (claims.issuedAt + sessionMaxSeconds()) * 1000;
}

/**
 * "This session was ended by sign-out", as a column of the query that loads the person behind it: the
 * person and the revocation are read in one round trip on every request (principals.ts).
 */
export function sessionRevoked(sessionId: string | undefined) {
  if (!sessionId) return sql<boolean>`false`.as('revoked');
  return sql<boolean>`exists (select 1 from revoked_sessions where session_id = ${sessionId})`.as('revoked');
}

/** Sign-out: the session's ID is refused from now until the session would have expired anyway. */
export async function revokeSession(db: Db, token: { sid?: unknown; sub?: unknown; realm?: unknown; authAt?: unknown }, now = new Date()): Promise<void> {
  if (typeof token.sid !== 'string' || typeof token.sub !== 'string' || typeof token.authAt !== 'number') return;
  if (token.realm !== 'product' && token.realm !== 'portal' && token.realm !== 'staff') return;
  const expiresAt = new Date((token.authAt + sessionMaxSeconds()) * 1000);
  if (expiresAt <= now) return;
  await db
    .insertInto('revoked_sessions')
    .values({ session_id: token.sid, realm: token.realm, subject_id: token.sub, revoked_at: now, expires_at: expiresAt })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
  await db.deleteFrom('revoked_sessions').where('expires_at', '<', now).execute();
}
