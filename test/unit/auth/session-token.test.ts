import { beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from 'next-auth/jwt';
import { claimsFromSessionToken, sessionCookieName, sessionTokenFrom } from '../../../server/auth/session-token';
import { RENEW_AFTER_SECONDS, RENEWED_COOKIE, sessionRenewal } from '../../../server/auth/session-renewal';
import { SESSION_IDLE_SECONDS } from '../../../server/auth/sessions';

const secret = 's'.repeat(40);
const cfg = { appUrl: 'http://localhost:3000', secret };
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A token as next-auth's sign-in writes it (options.ts's jwt callback), signed in `ageSeconds` ago. */
const signedIn = (ageSeconds = 0, extra: Record<string, unknown> = {}) =>
  encode({ token: { sub: 'usr_1', realm: 'product', accountId: 'acc_1', role: 'billing_admin', authAt: nowSeconds() - ageSeconds, sid: 'sid_1', ...extra }, secret, maxAge: SESSION_IDLE_SECONDS });
const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];

beforeAll(() => {
  // sessionMaxSeconds() reads the configuration (SESSION_MAX_HOURS defaults to 12).
  Object.assign(process.env, { AUTH_SECRET: secret, DATABASE_URL: 'postgres://u:p@db:5432/x', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1', SMTP_URL: 'smtp://mail:25' });
});

describe('BC-1 the session cookie, read without next-auth\'s session endpoint (server/auth/session-token.ts)', () => {
  it('BC-1: a signed-in token gives its realm, subject, account, role, sign-in time and session ID', async () => {
    const token = await signedIn();
    expect(await claimsFromSessionToken(token, secret)).toEqual({ realm: 'product', subjectId: 'usr_1', accountId: 'acc_1', role: 'billing_admin', issuedAt: nowSeconds(), sessionId: 'sid_1' });
  });

  it('BC-1: refuses a token of another secret, a tampered one, one past its absolute lifetime, one without a session ID or realm', async () => {
    expect(await claimsFromSessionToken(await signedIn(), 'o'.repeat(40))).toBeNull();
    const token = await signedIn();
    expect(await claimsFromSessionToken(token.slice(0, -4) + 'AAAA', secret)).toBeNull();
    expect(await claimsFromSessionToken(await signedIn(12 * 3600 + 1), secret)).toBeNull();
    expect(await claimsFromSessionToken(await signedIn(0, { sid: undefined }), secret)).toBeNull();
    expect(await claimsFromSessionToken(await signedIn(0, { realm: 'admin' }), secret)).toBeNull();
    expect(await claimsFromSessionToken(undefined, secret)).toBeNull();
  });

  it('BC-1: refuses a token past its idle expiry', async () => {
    const stale = await encode({ token: { sub: 'usr_1', realm: 'product', authAt: nowSeconds(), sid: 'sid_1' }, secret, maxAge: -60 });
    expect(await claimsFromSessionToken(stale, secret)).toBeNull();
  });

  it('BC-1: a token read before is still refused once past its idle expiry or its absolute lifetime', async () => {
    const token = await encode({ token: { sub: 'usr_1', realm: 'product', authAt: nowSeconds(), sid: 'sid_1' }, secret, maxAge: 60 });
    expect(await claimsFromSessionToken(token, secret)).not.toBeNull();
    expect(await claimsFromSessionToken(token, secret, new Date(Date.now() + 90_000))).toBeNull(); // exp + decode's 15 s tolerance passed
    expect(await claimsFromSessionToken(token, secret, new Date(Date.now() + 12 * 3600_000))).toBeNull();
    // and read again now, it is still the same session (the cache does not forget a good token early).
    expect(await claimsFromSessionToken(token, secret)).toMatchObject({ subjectId: 'usr_1', sessionId: 'sid_1' });
    // Under another secret the same token is not a session.
    expect(await claimsFromSessionToken(token, 'o'.repeat(40))).toBeNull();
  });

  it('BC-1: reads the cookie by its name (the __Secure- one over https) and joins a chunked one in order', () => {
    expect(sessionCookieName(false)).toBe('next-auth.session-token');
    expect(sessionCookieName(true)).toBe('__Secure-next-auth.session-token');
    expect(sessionTokenFrom(jar({ 'next-auth.session-token': 'abc' }), false)).toBe('abc');
    expect(sessionTokenFrom(jar({ 'next-auth.session-token': 'abc' }), true)).toBeUndefined();
    expect(sessionTokenFrom(jar({ 'next-auth.session-token.1': 'def', 'next-auth.session-token.0': 'abc' }), false)).toBe('abcdef');
    expect(sessionTokenFrom(jar({}), false)).toBeUndefined();
  });
});

describe('BC-1 the idle expiry slides while the session is used (server/auth/session-renewal.ts)', () => {
  const request = (cookies: Record<string, string>, pathname = '/billing/subscriptions') => ({ pathname, cookie: jar(cookies) });

  it('BC-1: a session not renewed for a while gets a new token with the same claims and a later expiry', async () => {
    const token = await encode({ token: { sub: 'usr_1', realm: 'product', accountId: 'acc_1', role: 'billing_admin', authAt: nowSeconds() - 3600, sid: 'sid_1' }, secret, maxAge: 60 });
    const before = (await decode({ token, secret }))!;
    const writes = await sessionRenewal(request({ 'next-auth.session-token': token }), cfg);
    expect(writes.map((w) => w.name)).toEqual(['next-auth.session-token', RENEWED_COOKIE]);
    for (const w of writes) expect(w.options).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false, maxAge: SESSION_IDLE_SECONDS });
    const after = (await decode({ token: writes[0]!.value, secret }))!;
    expect(after).toMatchObject({ sub: 'usr_1', realm: 'product', accountId: 'acc_1', role: 'billing_admin', authAt: before.authAt, sid: 'sid_1' });
    expect(after.exp as number).toBeGreaterThan((before.exp as number) + SESSION_IDLE_SECONDS - 120);
    expect(Number(writes[1]!.value)).toBe(nowSeconds());
  });

  it('BC-1: renews at most once per interval: a recent renewal is left alone, an old or future-dated one is redone', async () => {
    const token = await signedIn();
    expect(await sessionRenewal(request({ 'next-auth.session-token': token, [RENEWED_COOKIE]: String(nowSeconds() - 60) }), cfg)).toEqual([]);
    expect(await sessionRenewal(request({ 'next-auth.session-token': token, [RENEWED_COOKIE]: String(nowSeconds() - RENEW_AFTER_SECONDS - 1) }), cfg)).toHaveLength(2);
    expect(await sessionRenewal(request({ 'next-auth.session-token': token, [RENEWED_COOKIE]: String(nowSeconds() + 86_400) }), cfg)).toHaveLength(2);
    expect(await sessionRenewal(request({ 'next-auth.session-token': token, [RENEWED_COOKIE]: 'junk' }), cfg)).toHaveLength(2);
  });

  it('BC-1: never on next-auth\'s own routes (sign-out must not be undone), never without a session, never for a token that is refused', async () => {
    const token = await signedIn();
    expect(await sessionRenewal(request({ 'next-auth.session-token': token }, '/api/auth/signout'), cfg)).toEqual([]);
    expect(await sessionRenewal(request({}), cfg)).toEqual([]);
    expect(await sessionRenewal(request({ 'next-auth.session-token': 'not-a-token' }), cfg)).toEqual([]);
    // Past the absolute lifetime: sliding must not keep it alive.
    expect(await sessionRenewal(request({ 'next-auth.session-token': await signedIn(12 * 3600 + 1) }), cfg)).toEqual([]);
    // Over https the cookie is the __Secure- one, and is written Secure.
    const secureWrites = await sessionRenewal(request({ '__Secure-next-auth.session-token': token }), { ...cfg, appUrl: 'https://billing.example' });
    expect(secureWrites[0]).toMatchObject({ name: '__Secure-next-auth.session-token', options: { secure: true } });
  });
});
