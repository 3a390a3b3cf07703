import { encode } from 'next-auth/jwt';
import { readSessionToken, sessionCookieName, usesSecureCookies } from './session-token';
import { SESSION_IDLE_SECONDS } from './sessions';

/**
 * The idle expiry slides while the person uses the app. next-auth only re-issues its token when the
 * browser calls /api/auth/session, which our server-rendered pages never do, so a session used all
 * day used to end SESSION_IDLE_SECONDS after sign-in. The request proxy re-issues it instead, at most
 * once per RENEW_AFTER_SECONDS per browser: a small companion cookie says when it last did, so the
 * other requests cost two cookie reads and no decryption. The companion only says when to renew; a
 * forged one can only delay the renewal of one's own session. The absolute lifetime (sessions.ts), the
 * session ID and the revocation at sign-out are unchanged: the new token carries the same claims.
 */
export const RENEW_AFTER_SECONDS = 15 * 60;
export const RENEWED_COOKIE = 'seatplan.session-renewed';

export interface CookieWrite { name: string; value: string; options: { httpOnly: boolean; sameSite: 'lax'; path: '/'; secure: boolean; maxAge: number } }

/**
 * The cookies to set on this response to slide the session, or none. Never on next-auth's own routes
 * (sign-in, sign-out and the session endpoint write the cookie themselves; a second Set-Cookie there
 * could resurrect a session being signed out), and never for a token that would be refused anyway.
 */
export async function sessionRenewal(req: { pathname: string; cookie: (name: string) => string | undefined }, cfg: { appUrl: string; secret: string }, now = new Date()): Promise<CookieWrite[]> {
  if (req.pathname.startsWith('/api/auth/')) return [];
  const secure = usesSecureCookies(cfg.appUrl);
  const name = sessionCookieName(secure);
  // Only a whole cookie: next-auth splits a token over 4 KB into chunks, which ours never reach.
  const token = req.cookie(name);
  if (!token) return [];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const renewedAt = Number(req.cookie(RENEWED_COOKIE));
  if (Number.isFinite(renewedAt) && renewedAt <= nowSeconds && nowSeconds - renewedAt < RENEW_AFTER_SECONDS) return [];
  const read = await readSessionToken(token, cfg.secret, now);
  if (!read) return [];
  // encode sets iat, exp and jti afresh; every other claim (sub, realm, authAt, sid, …) is kept.
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = read.payload;
  const renewed = await encode({ token: claims, secret: cfg.secret, maxAge: SESSION_IDLE_SECONDS });
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: SESSION_IDLE_SECONDS } as const;
  return [
    { name, value: renewed, options },
    { name: RENEWED_COOKIE, value: String(nowSeconds), options },
  ];
}
