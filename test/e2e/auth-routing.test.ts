import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../db/client';
import { appDb } from '../helpers/app-db';
import { appUrl, expectAccessible, launchBrowser, newPage, signInAsProductUser } from '../helpers/browser';
import { emailsTo } from '../helpers/maildev';
import { createAccount } from '../helpers/realms';

/** Seed 003 in the browser: where the Billing Center and "Add licenses" take each kind of person. */
describe('BC-1 / AC-1 / BC-7 / AC-3 routing of seed 003 in Chromium', () => {
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

  async function signedIn(email: string, options = {}): Promise<Page> {
    const page = await newPage(browser, options);
    await signInAsProductUser(page, email);
    await page.waitForURL(/\/billing\/subscriptions/);
    return page;
  }

  it('BC-1: the billing admin lands on the Subscriptions page after signing in', async () => {
    const page = await signedIn('bella@northwind.example');
    await page.getByRole('heading', { name: 'Subscriptions', level: 1 }).waitFor();
    await page.close();
  });

  it('BC-1 BC-7 AC-3: a standard user sees "This may not be the page you wanted", follows the link to the personal account page, and learns nothing of the billing contact', async () => {
    const page = await signedIn('sam@northwind.example');
    await page.getByRole('heading', { name: 'This may not be the page you wanted' }).waitFor();
    await expect(page.getByRole('link', { name: 'Go to billing' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    expect(await page.content()).not.toMatch(/Bella|bella@/);

    await page.getByRole('link', { name: 'Go to your personal account page' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Personal account' }).waitFor();
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Sam Standard');
    await expect(page.getByTestId('my-seats').textContent()).resolves.toContain('Meeting');
    await expect(page.getByTestId('billing-contact').count()).resolves.toBe(0);
    expect(await page.content()).not.toMatch(/Bella|bella@/);
    await expectAccessible(page);
    await page.close();
  });

  it('BC-1: in a corporate-managed account anyone gets the message plus Go to billing, which leads to the Corporate Billing Portal sign-in', async () => {
    for (const email of ['stan@globex.example', 'carla@globex.example']) {
      const page = await signedIn(email);
      await page.getByRole('heading', { name: 'This may not be the page you wanted' }).waitFor();
      await expect(page.getByRole('link', { name: 'Go to your personal account page' }).isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Go to billing' }).click();
      await page.waitForURL(/\/portal\/signin$/);
      await page.getByRole('heading', { name: 'Sign in to the Corporate Billing Portal' }).waitFor();
      await page.close();
    }
  });

  it('BC-1: the Italian page uses the seed\'s words', async () => {
    const page = await signedIn('marco@bottega-rossi.example', { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } });
    await page.getByRole('heading', { name: 'È possibile che questa non sia la pagina che desideravi' }).waitFor();
    await page.getByRole('link', { name: 'Vai alla pagina Account personale' }).waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('AC-1: the billing admin\'s Add licenses (left navigation) leads to the Subscriptions page', async () => {
    const page = await signedIn('bella@northwind.example');
    await page.goto(appUrl('/admin'));
    await page.getByRole('heading', { name: 'Admin Center', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByRole('navigation', { name: 'Admin Center' }).getByRole('link', { name: 'Add licenses' }).click();
    await page.waitForURL(/\/billing\/subscriptions$/);
    await page.getByRole('heading', { name: 'Subscriptions', level: 1 }).waitFor();
    await page.close();
  });

  it('AC-1 AC-3: a non-billing admin is told to contact the billing admin by name and email, and Email billing admin really reaches them', async () => {
    const page = await signedIn('adam@northwind.example');
    await page.goto(appUrl('/admin'));
    await page.getByRole('navigation', { name: 'Admin Center' }).getByRole('link', { name: 'Add licenses' }).click();
    await page.waitForURL(/\/admin\/add-licenses$/);
    await page.getByRole('heading', { name: 'Contact your billing admin' }).waitFor();
    await expect(page.getByTestId('billing-admin').textContent()).resolves.toBe('Bella Billing — bella@northwind.example');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Email billing admin' }).click();
    // Empty message: a clear message, nothing sent.
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write a message for your billing admin.' }).waitFor();
    const marker = `licenses-${Date.now()}`;
    await page.getByLabel('Your message').fill(`Please add 3 Webinar licenses (${marker}).`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByRole('status').filter({ hasText: 'Your email has been sent to Bella Billing.' }).waitFor();
    let mail;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = (await emailsTo('bella@northwind.example')).find((m) => m.text.includes(marker));
      if (!mail) await new Promise((r) => setTimeout(r, 200));
    }
    expect(mail?.subject).toBe("Adam Admin asks for a change to Northwind Traders's products or licenses");
    expect(mail?.text).toContain('adam@northwind.example');
    await page.close();
  });

  it('AC-1: in a corporate-managed account, Add licenses asks to pick a product to go to billing, linking to the portal', async () => {
    const page = await signedIn('alan@globex.example');
    await page.goto(appUrl('/admin/add-licenses'));
    await page.getByRole('heading', { name: 'Select a product to go to billing and add licenses' }).waitFor();
    expect(await page.content()).not.toMatch(/Carla|carla@/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Meeting: go to billing' }).click();
    await page.waitForURL(/\/portal\/signin$/);
    await page.close();
  });

  it('AC-1: the Italian Admin Center says Aggiungi licenze and names the amministratore della fatturazione', async () => {
    const page = await signedIn('adam@northwind.example', { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } });
    await page.goto(appUrl('/admin'));
    await page.getByRole('link', { name: 'Aggiungi licenze' }).click();
    await page.getByRole('heading', { name: "Contatta l'amministratore della fatturazione" }).waitFor();
    await page.getByRole('button', { name: "Email all'amministratore della fatturazione" }).waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('BC-7: a user changes their password on the personal account page (current password asked) and stays signed in', async () => {
    const acct = await createAccount(db, { kind: 'online' });
    const page = await newPage(browser);
    await signInAsProductUser(page, acct.standard.email);
    await page.waitForURL(/\/billing\/subscriptions/);
    await page.goto(appUrl('/account'));
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('a-better-password');
    await page.getByLabel('Repeat the new password').fill('a-better-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The current password is not correct.' }).waitFor();
    await page.getByLabel('Current password').fill('seatplan-demo');
    await page.getByLabel('New password', { exact: true }).fill('a-better-password');
    await page.getByLabel('Repeat the new password').fill('a-better-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password has been changed.' }).waitFor();
    await expectAccessible(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Personal account' }).waitFor();
    await page.close();
  });

  it('BC-1: an anonymous visitor of the personal account page or the Admin Center is sent to sign in', async () => {
    const page = await newPage(browser);
    await page.goto(appUrl('/account'));
    await page.waitForURL(/\/signin\?callbackUrl=%2Faccount/);
    await page.goto(appUrl('/admin/add-licenses'));
    await page.waitForURL(/\/signin\?callbackUrl=%2Fadmin/);
    await page.getByRole('heading', { name: 'Sign in to the Admin Center' }).waitFor();
    await expectAccessible(page);
    await page.close();
  });
});
