import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { appUrl, expectAccessible, launchBrowser, newPage, signInAsProductUser } from '../helpers/browser';
import { appDb } from '../helpers/app-db';
import { settledEmailsTo } from '../helpers/maildev';

describe('WF-1 / BC-2 start a free trial in the browser', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it('WF-1 BC-2: the billing admin starts a trial from the Subscriptions page and sees it active, with an email', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'bella@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await expect(page.getByRole('heading', { name: 'Subscriptions' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    const card = page.getByTestId('card-prd_training');
    await expect(card.getByTestId('status').textContent()).resolves.toBe('Not subscribed');
    await card.getByRole('button', { name: 'Start free trial' }).click();
    await card.getByText('Your free trial has started').waitFor({ timeout: 30_000 });
    // The page re-renders from the database, which the workflow updated.
    await card.getByTestId('status').filter({ hasText: 'Free trial' }).waitFor({ timeout: 30_000 });
    await expect(card.getByTestId('days-left').textContent()).resolves.toBe('14 days left');

    // The app's own email: integration files start Northwind's Training trial too (own databases), with the
    // same subject to the same address in the MailDev every layer shares.
    const db = appDb();
    try {
      const emails = await settledEmailsTo(db, 'bella@northwind.example', /free trial of Training is active/, { atLeast: 1 });
      expect(emails).toHaveLength(1);
      expect(emails[0]!.text).toContain('No card is needed');
    } finally {
      await db.destroy();
    }
    await page.close();
  });

  it('BC-2: the Italian Subscriptions page uses the seeds\' vocabulary', async () => {
    const page = await newPage(browser, { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } });
    await signInAsProductUser(page, 'giulia@bottega-rossi.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await page.getByRole('heading', { name: 'Sottoscrizioni' }).waitFor();
    await expect(page.getByText('Postazioni').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.close();
  });

  it('BC-1: a standard user is told this may not be the page they wanted', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'sam@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await page.getByRole('heading', { name: 'This may not be the page you wanted' }).waitFor();
    await expect(page.getByRole('button', { name: 'Start free trial' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('BC-2: an anonymous visitor is sent to sign in', async () => {
    const page = await newPage(browser);
    await page.goto(appUrl('/billing/subscriptions'));
    await page.waitForURL(/\/signin/);
    await expectAccessible(page);
    await page.close();
  });
});
