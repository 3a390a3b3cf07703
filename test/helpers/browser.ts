import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium driven by playwright-core (no browser download is possible here). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}

/** A page in its own context (own cookies); axe needs pages made from a context. */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  page.on('close', () => { context.close().catch(() => undefined); });
  return page;
}

export function appUrl(path = '/'): string {
  const base = process.env.APP_URL;
  if (!base) throw new Error('APP_URL is not set: run the tests with `npm test`.');
  return new URL(path, base).toString();
}

/** Signs in through the real sign-in page, typing like a person. */
export async function signInAsProductUser(page: Page, email: string, password = 'seatplan-demo') {
  await page.goto(appUrl('/signin'));
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in|accedi/i }).click();
}

/** Every page passes an axe check (WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/**
 * Starts counting the moments the document is left without a title (a <title> removed from the head),
 * which no axe check of a settled page can see; returns a reader of that count.
 */
export async function countTitleGaps(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(`(() => {
    window.__titleGaps = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.removedNodes) if (n.nodeName === 'TITLE') window.__titleGaps += 1;
    }).observe(document.head, { childList: true });
  })()`);
  return () => page.evaluate('window.__titleGaps') as Promise<number>;
}

/** Types a card into Stripe Elements (localstripe's mock: number, month, year, CVC, postcode). */
export async function typeCard(page: Page, number: string) {
  const el = page.getByTestId('card-element');
  for (const [field, value] of [['number', number], ['exp_month', '12'], ['exp_year', '30'], ['cvc', '123'], ['postal_code', '10001']] as const) {
    await el.locator(`input[placeholder="${field}"]`).waitFor();
    await el.locator(`input[placeholder="${field}"]`).fill(value);
  }
}

/** Signs in to the Corporate Billing Portal with a portal user ID, typing like a person (Italian or English labels). */
export async function signInToPortal(page: Page, userId: string, password = 'seatplan-demo') {
  await page.goto(appUrl('/portal/signin'));
  await page.getByLabel(/^(User ID|ID utente)$/).fill(userId);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /^(Sign in|Accedi)$/ }).click();
  await page.waitForURL(/\/portal$/);
}
