import { describe, expect, it } from 'vitest';
import { clientAddress, forwardedForOf } from '../../../server/auth/client-ip';
import { crossSiteRefusal } from '../../../server/auth/csrf';
import { decodeSignInFailure, encodeSignInFailure, portalUserId, resetPasswordForm } from '../../../server/auth/forms';
import { isMessageKey, translate } from '../../../server/i18n/messages';

describe('CP-1 portal user ID format (004: a username or an email address)', () => {
  it.each(['globex-billing', 'Globex-Billing', 'ap.team_01', 'billing@globex.example', 'Billing@Globex.Example', 'abc'])('CP-1: accepts %s', (id) => {
    const r = portalUserId.safeParse(id);
    expect(r.success).toBe(true);
    expect(r.data).toBe(id.toLowerCase());
  });
  it.each(['', 'ab', 'has space', '-starts-with-dash', 'ends-with-dot.', 'bad@', '@nope.example', 'x'.repeat(255), 'semi;colon', '<b>'])('CP-1: refuses %j as "The user ID is not valid."', (id) => {
    const r = portalUserId.safeParse(id);
    expect(r.success).toBe(false);
    // The schema's message is a key, told in the reader's language (seed 004's words in Italian).
    const key = r.error!.issues[0]!.message;
    expect(isMessageKey(key) && translate('en', key)).toBe('The user ID is not valid.');
    expect(isMessageKey(key) && translate('it', key)).toBe("L'ID utente non è valido.");
  });
  it('CP-1: failure codes survive the trip through next-auth', () => {
    for (const f of ['invalid_login_id', 'invalid_credentials', { throttledMinutes: 12 }] as const) expect(decodeSignInFailure(encodeSignInFailure(f))).toEqual(f);
    // Anything else next-auth may say (CredentialsSignin, a network error) is the generic failure.
    expect(decodeSignInFailure('CredentialsSignin')).toBe('invalid_credentials');
    expect(decodeSignInFailure(undefined)).toBe('invalid_credentials');
  });
  it('CP-2: the reset form needs a well-formed token and two equal passwords of ≥ 10 characters', () => {
    const token = 'a'.repeat(43);
    expect(resetPasswordForm.safeParse({ token, password: 'long-enough', confirm: 'long-enough' }).success).toBe(true);
    expect(resetPasswordForm.safeParse({ token, password: 'short', confirm: 'short' }).success).toBe(false);
    expect(resetPasswordForm.safeParse({ token, password: 'long-enough', confirm: 'long-enougH' }).success).toBe(false);
    expect(resetPasswordForm.safeParse({ token: 'a'.repeat(42), password: 'long-enough', confirm: 'long-enough' }).success).toBe(false);
  });
});

describe('CP-1 client address for per-address throttling', () => {
  it('CP-1: without proxies, the last X-Forwarded-For entry (the one Next adds from the socket)', () => {
    expect(clientAddress('::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress(null, 0)).toBeNull();
    expect(clientAddress('  ', 0)).toBeNull();
  });
  it('CP-1: behind N trusted proxies, the address the outermost one saw — a forged prefix is ignored', () => {
    expect(clientAddress('6.6.6.6, 198.51.100.7, 10.0.0.2', 2)).toBe('198.51.100.7');
    expect(clientAddress('198.51.100.7, 10.0.0.2', 2)).toBe('198.51.100.7');
    expect(clientAddress('198.51.100.7', 3)).toBe('198.51.100.7');
  });
  it('CP-1: reads the header from fetch Headers and from next-auth\'s plain record', () => {
    expect(forwardedForOf(new Headers({ 'x-forwarded-for': '1.2.3.4' }))).toBe('1.2.3.4');
    expect(forwardedForOf({ 'x-forwarded-for': '1.2.3.4' })).toBe('1.2.3.4');
    expect(forwardedForOf(undefined)).toBeNull();
  });
});

describe('CSRF guard for tRPC mutations', () => {
  const app = 'https://billing.example.com';
  const req = (headers: Record<string, string>, method = 'POST') => ({ method, url: `${app}/api/trpc/account.changePassword`, headers: new Headers(headers) });
  it('accepts a same-site JSON POST and every GET', () => {
    expect(crossSiteRefusal(req({ origin: app, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }), app)).toBeNull();
    expect(crossSiteRefusal(req({ 'content-type': 'application/json; charset=utf-8' }), app)).toBeNull();
    expect(crossSiteRefusal(req({ origin: 'https://evil.example' }, 'GET'), app)).toBeNull();
  });
  it('refuses another origin, a cross-site fetch, and form-encoded bodies', () => {
    expect(crossSiteRefusal(req({ origin: 'https://evil.example', 'content-type': 'application/json' }), app)).toMatch(/Cross-site/);
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }), app)).toMatch(/Cross-site/);
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }), app)).toMatch(/Cross-site/);
    expect(crossSiteRefusal(req({ origin: app, 'content-type': 'application/x-www-form-urlencoded' }), app)).toMatch(/JSON/);
    expect(crossSiteRefusal(req({ origin: app, 'content-type': 'text/plain' }), app)).toMatch(/JSON/);
    expect(crossSiteRefusal(req({ origin: app }), app)).toMatch(/JSON/);
  });
});
