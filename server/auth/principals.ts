import type { Db } from '../../db/client';
import type { StaffRole } from '../../db/schema';
import type { SessionClaims } from './options';
import { sessionExpired, sessionRevoked } from './sessions';

/**
 * The person behind a session, re-read from the database on every request: a disabled person, a
 * changed role or billing contact, or sessions ended by a password reset/change take effect at once.
 * Session lifetimes are wall-clock time (`now`), not the procedures' business clock (ctx.now).
 */

/** A session is stale when the person's sessions were ended after it began (claims are in seconds). */
const stale = (validAfter: Date, claims: SessionClaims) => validAfter.getTime() > claims.issuedAt * 1000 + 999;

export interface ProductUser {
  id: string;
  accountId: string;
  accountName: string;
  email: string;
  name: string;
  role: 'standard' | 'account_admin';
  locale: 'en' | 'it';
  /** The account's one billing contact (= billing admin, 003). */
  isBillingContact: boolean;
  accountKind: 'online' | 'corporate';
}

export async function loadProductUser(db: Db, claims: SessionClaims, now = new Date()): Promise<ProductUser | null> {
  if (claims.realm !== 'product') return null;
  if (sessionExpired(claims, now)) return null;
  // The person and the session's revocation in one query: one round trip on every request.
  const row = await db
    .selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['u.id', 'u.account_id', 'u.email', 'u.name', 'u.role', 'u.locale', 'u.disabled_at', 'u.sessions_valid_after', 'a.billing_contact_user_id', 'a.kind', 'a.name as account_name'])
    .select(sessionRevoked(claims.sessionId))
    .where('u.id', '=', claims.subjectId)
    .executeTakeFirst();
  if (!row || row.disabled_at || stale(row.sessions_valid_after, claims) || row.revoked) return null;
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale === 'it' ? 'it' : 'en',
    isBillingContact: row.billing_contact_user_id === row.id,
    accountKind: row.kind,
  };
}

export interface PortalUser {
  credentialId: string;
  loginId: string;
  accountId: string;
  accountName: string;
  /** The billing contact person behind the portal user ID. */
  userId: string;
  name: string;
  email: string;
  locale: 'en' | 'it';
}

export async function loadPortalUser(db: Db, claims: SessionClaims, now = new Date()): Promise<PortalUser | null> {
  if (claims.realm !== 'portal') return null;
  if (sessionExpired(claims, now)) return null;
  const row = await db
    .selectFrom('portal_credentials as pc')
    .innerJoin('accounts as a', 'a.id', 'pc.account_id')
    .innerJoin('users as u', 'u.id', 'pc.user_id')
    .select([
      'pc.id', 'pc.login_id', 'pc.account_id', 'pc.user_id', 'pc.disabled_at', 'pc.sessions_valid_after',
      'u.name', 'u.email', 'u.locale', 'u.disabled_at as user_disabled_at', 'a.name as account_name', 'a.kind', 'a.billing_contact_user_id',
    ])
    .select(sessionRevoked(claims.sessionId))
    .where('pc.id', '=', claims.subjectId)
    .executeTakeFirst();
  if (!row || row.disabled_at || row.user_disabled_at || stale(row.sessions_valid_after, claims) || row.revoked) return null;
  // Only the current billing contact of a corporate account gets the portal (004).
  if (row.kind !== 'corporate' || row.billing_contact_user_id !== row.user_id) return null;
  return {
    credentialId: row.id,
    loginId: row.login_id,
    accountId: row.account_id,
    accountName: row.account_name,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    locale: row.locale === 'it' ? 'it' : 'en',
  };
}

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export async function loadStaff(db: Db, claims: SessionClaims, now = new Date()): Promise<StaffMember | null> {
  if (claims.realm !== 'staff') return null;
  if (sessionExpired(claims, now)) return null;
  const row = await db
    .selectFrom('staff')
    .select(['id', 'email', 'name', 'role', 'disabled_at', 'sessions_valid_after'])
    .select(sessionRevoked(claims.sessionId))
    .where('id', '=', claims.subjectId)
    .executeTakeFirst();
  if (!row || row.disabled_at || stale(row.sessions_valid_after, claims) || row.revoked) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
