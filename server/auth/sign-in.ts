import type { Db } from '../../db/client';
import { encodeSignInFailure, portalSignInForm, productSignInForm, staffSignInForm, type RealmName, type SignInFailure } from './forms';
import { verifyOrDummy, verifyPassword, type PasswordVerifier } from './password';
import { clear, refund, spendOrRefuse } from './throttle';

/**
 * The three sign-in realms (SPEC §1): product users (email), Corporate Billing Portal billing
 * contacts (portal user ID, 004) and staff. Each check is pure apart from the database, so tests call
 * it directly; next-auth's Credentials providers (options.ts) only wrap it.
 *
 * Every failure throws a SignInError whose message is a code (see forms.ts) that next-auth hands back
 * to the page: a malformed user ID, a throttled attempt, or — for everything else, including an
 * unknown ID, a wrong password, a disabled person or a portal ID that is no longer the billing
 * contact's — one and the same "invalid credentials".
 */
export interface SignedInIdentity {
  realm: RealmName;
  /** users.id, portal_credentials.id or staff.id. */
  subjectId: string;
  accountId: string | null;
  /** Informational (pages re-read the person on every request): billing_admin | account_admin | standard | billing_contact | sales_rep | ops. */
  role: string;
}

export class SignInError extends Error {
  override name = 'SignInError';
  constructor(public readonly failure: SignInFailure) {
    super(encodeSignInFailure(failure));
  }
}

/**
 * next-auth hands an authorize() error's message to the page (`?error=…`): anything but a
 * SignInError (the database away, a bug) becomes the bare code 'unavailable', logged here in full.
 */
export function publicSignInError(err: unknown): SignInError {
  if (err instanceof SignInError) return err;
  console.error('[auth] sign-in could not be checked:', err);
  return new SignInError('unavailable');
}

export interface SignInDeps {
  db: Db;
  /** Client address for the per-address limit (null when unknown: only the per-ID limit applies). */
  clientIp: string | null;
  /** Injected by tests to observe that unknown IDs cost a real verification too. */
  verify?: PasswordVerifier;
}

async function throttled(deps: SignInDeps, realm: RealmName, login: string, check: () => Promise<SignedInIdentity | null>): Promise<SignedInIdentity> {
  const idKey = `${realm}:${login}`;
  // Spent before the password is checked (and given back on success): a check-then-record would let
  // N parallel posts all pass the check, N guesses and N argon2 hashes.
  const charges = [{ rule: 'signInPerLogin' as const, key: idKey }, ...(deps.clientIp ? [{ rule: 'signInPerAddress' as const, key: deps.clientIp }] : [])];
  const state = await spendOrRefuse(deps.db, charges);
  if (state.blocked) throw new SignInError({ throttledMinutes: state.retryAfterMinutes });

  const identity = await check();
  if (!identity) throw new SignInError('invalid_credentials');
  await clear(deps.db, 'signInPerLogin', idKey);
  if (deps.clientIp) await refund(deps.db, 'signInPerAddress', deps.clientIp);
  return identity;
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } } }, raw: unknown, loginField: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const badLogin = parsed.error.issues.some((i) => i.path.length === 0 || i.path[0] === loginField);
  throw new SignInError(badLogin ? 'invalid_login_id' : 'invalid_credentials');
}

/** Billing Center / Admin Center sign-in: email + password. */
export async function authorizeProduct(deps: SignInDeps, raw: unknown): Promise<SignedInIdentity> {
  const { email, password } = parseOrThrow(productSignInForm, raw, 'email');
  return throttled(deps, 'product', email, async () => {
    const user = await deps.db
      .selectFrom('users as u')
      .innerJoin('accounts as a', 'a.id', 'u.account_id')
      .select(['u.id', 'u.account_id', 'u.password_hash', 'u.disabled_at', 'u.role', 'a.billing_contact_user_id'])
      .where('u.email', '=', email)
      .executeTakeFirst();
    const ok = await verifyOrDummy(user?.password_hash, password, deps.verify ?? verifyPassword);
    if (!user || !ok || user.disabled_at) return null;
    const role = user.billing_contact_user_id === user.id ? 'billing_admin' : user.role;
    return { realm: 'product', subjectId: user.id, accountId: user.account_id, role };
  });
}

/**
 * CP-1 Corporate Billing Portal sign-in with the portal user ID (a username or an email, distinct
 * from any product login). Only the account's current billing contact gets in (004: "if you cannot
 * sign in, you are not the billing contact").
 */
export async function authorizePortal(deps: SignInDeps, raw: unknown): Promise<SignedInIdentity> {
  const { userId, password } = parseOrThrow(portalSignInForm, raw, 'userId');
  return throttled(deps, 'portal', userId, async () => {
    const row = await deps.db
      .selectFrom('portal_credentials as pc')
      .innerJoin('accounts as a', 'a.id', 'pc.account_id')
      .innerJoin('users as u', 'u.id', 'pc.user_id')
      .select(['pc.id', 'pc.account_id', 'pc.user_id', 'pc.password_hash', 'pc.disabled_at', 'u.disabled_at as user_disabled_at', 'a.kind', 'a.billing_contact_user_id'])
      .where('pc.login_id', '=', userId)
      .executeTakeFirst();
    const ok = await verifyOrDummy(row?.password_hash, password, deps.verify ?? verifyPassword);
    if (!row || !ok || row.disabled_at || row.user_disabled_at || row.kind !== 'corporate' || row.billing_contact_user_id !== row.user_id) return null;
    return { realm: 'portal', subjectId: row.id, accountId: row.account_id, role: 'billing_contact' };
  });
}

/** Back office sign-in for sales representatives and operations. */
export async function authorizeStaff(deps: SignInDeps, raw: unknown): Promise<SignedInIdentity> {
  const { email, password } = parseOrThrow(staffSignInForm, raw, 'email');
  return throttled(deps, 'staff', email, async () => {
    const staff = await deps.db.selectFrom('staff').select(['id', 'password_hash', 'disabled_at', 'role']).where('email', '=', email).executeTakeFirst();
    const ok = await verifyOrDummy(staff?.password_hash, password, deps.verify ?? verifyPassword);
    if (!staff || !ok || staff.disabled_at) return null;
    return { realm: 'staff', subjectId: staff.id, accountId: null, role: staff.role };
  });
}

export const authorizers = { product: authorizeProduct, portal: authorizePortal, staff: authorizeStaff } as const;
