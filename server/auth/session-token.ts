import { decode, type JWT } from 'next-auth/jwt';
import { REALMS, type RealmName } from './forms';
import { sessionExpired } from './sessions';

/**
 * Reading the session cookie on every page and procedure. next-auth's `getServerSession` runs its
 * whole session endpoint for that — options, providers, a CSRF token, the `jwt` and `session`
 * callbacks, and a fresh token encrypted for a cookie that a server component cannot set — about
 * 0.7 ms of the web process per request here; decrypting the token is a quarter of it. This reads the
 * same cookie with next-auth's own `decode` (same format, key and clock tolerance) and applies the
 * same rules as the callbacks in options.ts.
 */

/** Secure cookies (the __Secure-/__Host- prefixes and the Secure flag) whenever the app is served over https. */
export function usesSecureCookies(appUrl: string): boolean {
  return appUrl.startsWith('https://');
}

/** next-auth's session cookie name: `__Secure-` prefixed when the app is served over https. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}next-auth.session-token`;
}

/**
 * The token's value from a cookie jar: the cookie itself, or — as next-auth writes a token over 4 KB —
 * its chunks `name.0`, `name.1`, … joined in order.
 */
export function sessionTokenFrom(get: (name: string) => string | undefined, secure: boolean): string | undefined {
  const name = sessionCookieName(secure);
  const whole = get(name);
  if (whole) return whole;
  let joined = '';
  for (let i = 0; ; i++) {
    const part = get(`${name}.${i}`);
    if (part === undefined) break;
    joined += part;
  }
  return joined || undefined;
}

/** The claims the session callback exposes, from a decoded token (one mapping for both paths). */
export function claimsFromToken(token: Record<string, unknown>): Partial<SessionClaims> {
  return {
    realm: token.realm as SessionClaims['realm'],
    subjectId: token.sub as string,
    issuedAt: token.authAt as number,
    accountId: (token.accountId as string | null | undefined) ?? null,
    role: token.role as string,
    sessionId: token.sid as string | undefined,
  };
}

/**
 * Decrypted tokens, by token and secret. A browser sends the same token on every request until it is
 * renewed (session-renewal.ts), and deriving the key and decrypting cost about 0.5 ms of the web
 * process each time. Only tokens that decrypted are kept, so nothing can be planted here; the idle
 * expiry is checked on every use (with decode's 15 s of clock tolerance), and the revocation and the
 * person's state are read from the database on every request as before (principals.ts).
 */
const DECODED_MAX = 10_000;
const decoded = new Map<string, JWT>();

async function decodeOnce(token: string, secret: string, now: Date): Promise<JWT | null> {
  const key = `${secret}\u0000${token}`;
  let payload = decoded.get(key);
  if (payload) {
    decoded.delete(key); // re-inserted below: the Map's order is least recently used first
  } else {
    payload = (await decode({ token, secret }).catch(() => null)) ?? undefined;
    if (!payload) return null;
  }
  if (typeof payload.exp !== 'number' || now.getTime() / 1000 > payload.exp + 15) return null;
  decoded.set(key, payload);
  if (decoded.size > DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  return payload;
}

/**
 * The signed-in identity behind a session token, with the token's payload, or null: not decryptable
 * with this secret, past its idle expiry (`exp`, checked by decode), past its absolute lifetime, or
 * without a session ID (a token from before server-side revocation, which could not be signed out).
 */
export async function readSessionToken(token: string | undefined, secret: string, now = new Date()): Promise<{ claims: SessionClaims; payload: JWT } | null> {
  if (!token) return null;
  const payload = await decodeOnce(token, secret, now);
  if (!payload) return null;
  const c = claimsFromToken(payload);
  if (!c.realm || !REALMS.includes(c.realm) || typeof c.subjectId !== 'string' || typeof c.issuedAt !== 'number' || typeof c.sessionId !== 'string') return null;
  if (sessionExpired({ issuedAt: c.issuedAt }, now)) return null;
  return { claims: { realm: c.realm, subjectId: c.subjectId, issuedAt: c.issuedAt, accountId: c.accountId ?? null, role: c.role, sessionId: c.sessionId }, payload };
}

export async function claimsFromSessionToken(token: string | undefined, secret: string, now = new Date()): Promise<SessionClaims | null> {
  return (await readSessionToken(token, secret, now))?.claims ?? null;
}

export interface SessionClaims {
  realm: RealmName;
  subjectId: string;
  /** When the person signed in (seconds since the epoch); sessions from before a reset are refused. */
  issuedAt: number;
  accountId?: string | null;
  role?: string;
  /** The session's ID (`sid`), refused once signed out; HTTP sessions always have one (sessions.ts). */
  sessionId?: string;
}
