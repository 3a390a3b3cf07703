import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../db/client';
import { appDb } from '../helpers/app-db';
import { appUrl, expectAccessible, launchBrowser, newPage, signInAsProductUser } from '../helpers/browser';
import { waitForEmail } from '../helpers/maildev';
import { createAccount, unique } from '../helpers/realms';

/** Seed 004 in the browser: the Corporate Billing Portal's own sign-in and its Forgot password?. */
describe('CP-1 / CP-2 Corporate Billing Portal sign-in and password reset in Chromium', () => {
  let browser: Browser;
  let db: Db;
  beforeAll(async () => {
    browser = await launchBrowser();
    db = appDb();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
  });

  async function portalSignIn(page: Page, userId: string, password: string) {
    await page.goto(appUrl('/portal/signin'));
    await page.getByLabel('User ID').fill(userId);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('CP-1: the billing contact signs in with a username-format user ID and sees the portal home', async () => {
    const page = await newPage(browser);
    await page.goto(appUrl('/portal/signin'));
    await expectAccessible(page);
    await portalSignIn(page, 'globex-billing', 'seatplan-demo');
    await page.waitForURL(/\/portal$/);
    await page.getByRole('heading', { name: 'Subscriptions', level: 1 }).waitFor();
    await page.getByText('Signed in with the user ID globex-billing for Globex Corporation.').waitFor();
    await page.getByRole('heading', { name: 'Bill To' }).waitFor();
    await expectAccessible(page);
    // One realm never grants another's pages.
    await page.goto(appUrl('/account'));
    await page.waitForURL(/\/signin\?callbackUrl=%2Faccount/);
    await page.close();
  });

  it('CP-1: and with an email-format user ID, whose password differs from the same person\'s product login', async () => {
    const loginId = `${unique('billing')}@initech.example`;
    await createAccount(db, { kind: 'corporate', portalLoginId: loginId, portalPassword: 'portal-secret-42' });
    const page = await newPage(browser);
    await portalSignIn(page, loginId, 'seatplan-demo');
    await page.getByRole('alert').filter({ hasText: 'The user ID or password is not valid.' }).waitFor();
    await portalSignIn(page, loginId.toUpperCase(), 'portal-secret-42');
    await page.waitForURL(/\/portal$/);
    await page.getByText(`Signed in with the user ID ${loginId}`).waitFor();
    await page.close();
  });

  it('CP-1: a malformed user ID gets "The user ID is not valid"; a wrong password "The user ID or password is not valid"', async () => {
    const loginId = unique('wrong-pw');
    await createAccount(db, { kind: 'corporate', portalLoginId: loginId });
    const page = await newPage(browser);
    await portalSignIn(page, 'not a user id!', 'whatever');
    await page.getByRole('alert').filter({ hasText: 'The user ID is not valid.' }).waitFor();
    await expect(page.getByLabel('User ID').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    await portalSignIn(page, loginId, 'wrong-password');
    await page.getByRole('alert').filter({ hasText: 'The user ID or password is not valid.' }).waitFor();
    await portalSignIn(page, unique('nobody'), 'wrong-password');
    await page.getByRole('alert').filter({ hasText: 'The user ID or password is not valid.' }).waitFor();
    await expect(page.url()).toMatch(/\/portal\/signin$/);
    await page.close();
  });

  it('CP-1: repeated failures for one user ID are throttled with "try again in N minutes", even with the right password', async () => {
    const loginId = unique('throttled');
    await createAccount(db, { kind: 'corporate', portalLoginId: loginId });
    const page = await newPage(browser);
    for (let i = 0; i < 5; i++) {
      await portalSignIn(page, loginId, `wrong-${i}`);
      await page.getByRole('alert').filter({ hasText: 'The user ID or password is not valid.' }).waitFor();
    }
    await portalSignIn(page, loginId, 'seatplan-demo');
    await page.getByRole('alert').filter({ hasText: 'Too many failed attempts. Try again in 15 minutes.' }).waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('CP-1: a product session does not open the portal', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'carla@globex.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await page.goto(appUrl('/portal'));
    await page.waitForURL(/\/portal\/signin/);
    await page.close();
  });

  it('CP-2: Forgot password? → user ID → Submit → the emailed link → new password → sign in; the other session is ended', async () => {
    const loginId = unique('reset-e2e');
    const acct = await createAccount(db, { kind: 'corporate', portalLoginId: loginId });
    // Another browser already signed in to the portal with the old password.
    const other = await newPage(browser);
    await portalSignIn(other, loginId, 'seatplan-demo');
    await other.waitForURL(/\/portal$/);

    const page = await newPage(browser);
    await page.goto(appUrl('/portal/signin'));
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/portal\/forgot-password$/);
    await page.getByRole('heading', { name: 'Forgot password?' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('User ID').fill(loginId);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('status').filter({ hasText: 'If this ID belongs to an account, we have sent a reset link' }).waitFor();

    const mail = await waitForEmail(acct.billing.email, /Reset your Corporate Billing Portal password/);
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text)![0];
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the new password').fill('short');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The password must have at least 10 characters.' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('my-fresh-portal-pw');
    await page.getByLabel('Repeat the new password').fill('my-fresh-portal-pw');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password has been changed' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.waitForURL(/\/portal\/signin$/);
    await portalSignIn(page, loginId, 'my-fresh-portal-pw');
    await page.waitForURL(/\/portal$/);

    // The link worked once.
    await page.goto(link);
    await page.getByRole('alert').filter({ hasText: 'This reset link is not valid or has expired.' }).waitFor();
    await expectAccessible(page);
    // The session opened before the reset is over.
    await other.reload();
    await other.waitForURL(/\/portal\/signin/);
    await page.close();
    await other.close();
  });

  it('CP-2: the same answer for an unknown user ID; the Italian pages say Password dimenticata? and Invia', async () => {
    const page = await newPage(browser, { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } });
    await page.goto(appUrl('/portal/signin'));
    await page.getByRole('heading', { name: 'Accedi al Portale di fatturazione Corporate' }).waitFor();
    await page.getByRole('link', { name: 'Password dimenticata?' }).click();
    await page.waitForURL(/\/portal\/forgot-password$/);
    await page.getByRole('heading', { name: 'Password dimenticata?' }).waitFor();
    await page.getByLabel('ID utente').fill(unique('sconosciuto'));
    await page.getByRole('button', { name: 'Invia' }).click();
    await page.getByRole('status').filter({ hasText: 'Se questo ID corrisponde a un account' }).waitFor();
    await expectAccessible(page);
    await page.close();
  });
});
