import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { appUrl, expectAccessible, launchBrowser, newPage, signInAsProductUser } from '../helpers/browser';

/** Issue 3 point 8: CSRF on every mutation, cookie flags, security headers; and the staff realm. */
describe('BC-1 sessions, CSRF and security headers in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it('BC-1: pages carry CSP with frame-ancestors, Referrer-Policy and friends', async () => {
    const res = await fetch(appUrl('/signin'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('BC-1: the session cookie is HttpOnly and SameSite=Lax, and holds no name or email', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'sam@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The client-visible session names the realm and subject, never the person.
    const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
    expect(session).toMatchObject({ realm: 'product', subjectId: 'usr_northwind_sam', role: 'standard' });
    expect(JSON.stringify(session)).not.toMatch(/Sam Standard|sam@northwind/);
    await page.close();
  });

  it('BC-1: the idle expiry slides while the session is used: a page renews the cookie at most once per interval', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'sam@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    const cookies = await page.context().cookies();
    // The first page after signing in renewed it, and the browser holds the renewal cookie.
    expect(cookies.find((c) => c.name === 'seatplan.session-renewed')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const session = cookies.find((c) => c.name.endsWith('next-auth.session-token'))!;
    // Without the renewal cookie (as if the interval had passed), a page re-issues the session cookie.
    const renewed = await fetch(appUrl('/billing/subscriptions'), { redirect: 'manual', headers: { cookie: `${session.name}=${session.value}` } });
    expect(renewed.status).toBe(200);
    const set = renewed.headers.getSetCookie();
    const fresh = set.find((c) => c.startsWith(`${session.name}=`));
    expect(fresh).toMatch(/HttpOnly/i);
    expect(set.some((c) => c.startsWith('seatplan.session-renewed='))).toBe(true);
    // The new cookie is a working session of the same person; with both cookies nothing is re-issued.
    const both = [fresh!.split(';')[0], set.find((c) => c.startsWith('seatplan.session-renewed='))!.split(';')[0]].join('; ');
    const again = await fetch(appUrl('/billing/subscriptions'), { redirect: 'manual', headers: { cookie: both } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('href="/account"'); // the signed-in header
    expect(again.headers.getSetCookie().filter((c) => c.includes('session'))).toEqual([]);
    await page.close();
  });

  it('BC-1: a cross-site or form-encoded tRPC mutation is refused (CSRF), even with the session cookie', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'sam@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const body = JSON.stringify({ json: { currentPassword: 'seatplan-demo', newPassword: 'hijacked-password', confirm: 'hijacked-password' } });
    const evil = await fetch(appUrl('/api/trpc/account.changePassword'), { method: 'POST', headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, body });
    expect(evil.status).toBe(403);
    const form = await fetch(appUrl('/api/trpc/account.changePassword'), { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body });
    expect(form.status).toBe(403);
    const crossSite = await fetch(appUrl('/api/trpc/account.changePassword'), { method: 'POST', headers: { cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, body });
    expect(crossSite.status).toBe(403);
    // The password is unchanged: the same person still signs in with it.
    const again = await newPage(browser);
    await signInAsProductUser(again, 'sam@northwind.example');
    await again.waitForURL(/\/billing\/subscriptions/);
    await page.close();
    await again.close();
  });

  it('BC-1: staff sign in to the back office, which product sessions cannot open', async () => {
    const page = await newPage(browser);
    await page.goto(appUrl('/backoffice'));
    await page.waitForURL(/\/backoffice\/signin/);
    await expectAccessible(page);
    await page.getByLabel('Email').fill('rita.rep@seatplan.example');
    await page.getByLabel('Password').fill('seatplan-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/backoffice$/);
    await page.getByText('Signed in as Rita Rep (Sales representative).').waitFor();
    await page.getByRole('heading', { name: 'Your corporate accounts' }).waitFor();
    await expectAccessible(page);
    await page.goto(appUrl('/billing/subscriptions'));
    await page.waitForURL(/\/signin/);
    await page.close();

    const product = await newPage(browser);
    await signInAsProductUser(product, 'bella@northwind.example');
    await product.waitForURL(/\/billing\/subscriptions/);
    await product.goto(appUrl('/backoffice'));
    await product.waitForURL(/\/backoffice\/signin/);
    await product.close();
  });

  it('CP-2: the product Forgot password? page and a bad reset link are accessible and clear', async () => {
    const page = await newPage(browser);
    await page.goto(appUrl('/signin'));
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/signin\/forgot-password$/);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter a valid email address.' }).waitFor();
    await expectAccessible(page);
    await page.goto(appUrl('/reset-password?token=nonsense'));
    await page.getByRole('alert').filter({ hasText: 'This reset link is not valid or has expired.' }).waitFor();
    await expectAccessible(page);
    await page.close();
  });
});
