import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, launchBrowser, newPage, signInAsProductUser, signInToPortal } from '../helpers/browser';

const ENGLISH: BrowserContextOptions = {};
const ITALIAN: BrowserContextOptions = { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } };

/** [path, the document title it must have]. */
type Titles = Array<[string, string]>;

/**
 * WCAG 2.4.2 Page Titled in Chromium through the production build: each page's document title is its
 * own (its heading, its realm, the app) in the viewer's language, so a tab, the history or a screen
 * reader tells the pages apart; and there is exactly one <title> (React hoists each page's into <head>,
 * and a second one elsewhere would win or lose silently). They all used to be "Seatplan".
 */
describe('WCAG 2.4.2: every page has its own, translated document title', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function titleOf(page: Page) {
    await page.locator('h1').first().waitFor();
    return page.evaluate(`({
      title: document.title,
      elements: document.querySelectorAll('title').length,
      heading: document.querySelector('h1').textContent,
    })`) as Promise<{ title: string; elements: number; heading: string }>;
  }

  /** Visits each page: its title as expected, one <title> element, named after the h1; no two alike. */
  async function expectTitles(page: Page, titles: Titles) {
    for (const [path, expected] of titles) {
      await page.goto(appUrl(path));
      const seen = await titleOf(page);
      expect(seen, path).toEqual({ title: expected, elements: 1, heading: expect.any(String) });
      expect(expected.startsWith(seen.heading), `${path}: the title starts with the heading "${seen.heading}"`).toBe(true);
    }
    expect(new Set(titles.map(([, title]) => title)).size).toBe(titles.length);
  }

  async function staffSignIn(options: BrowserContextOptions, email: string) {
    const page = await newPage(browser, options);
    await page.goto(appUrl('/backoffice/signin'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('seatplan-demo');
    await page.getByRole('button', { name: /^(Sign in|Accedi)$/ }).click();
    await page.waitForURL((u) => u.pathname === '/backoffice');
    return page;
  }

  it.each([
    ['English', ENGLISH, [
      ['/', 'Seatplan billing'],
      ['/signin', 'Sign in to the Billing Center · Seatplan'],
      ['/signin/forgot-password', 'Forgot password? · Billing Center · Seatplan'],
      ['/portal/signin', 'Sign in to the Corporate Billing Portal · Seatplan'],
      ['/portal/forgot-password', 'Forgot password? · Corporate Billing Portal · Seatplan'],
      ['/backoffice/signin', 'Sign in to the back office · Seatplan'],
      ['/no-such-page', 'Page not found · Seatplan'],
    ]],
    ['Italian', ITALIAN, [
      ['/', 'Fatturazione Seatplan'],
      ['/signin', 'Accedi al Centro fatturazione · Seatplan'],
      ['/signin/forgot-password', 'Password dimenticata? · Centro fatturazione · Seatplan'],
      ['/portal/signin', 'Accedi al Portale di fatturazione Corporate · Seatplan'],
      ['/portal/forgot-password', 'Password dimenticata? · Portale di fatturazione Corporate · Seatplan'],
      ['/backoffice/signin', 'Accedi al back office · Seatplan'],
      ['/no-such-page', 'Pagina non trovata · Seatplan'],
    ]],
  ] as Array<[string, BrowserContextOptions, Titles]>)('BC-1 CP-1 CP-2: the sign-in pages, the home page and a 404, in %s; the page description too', async (language, options, titles) => {
    const page = await newPage(browser, options);
    await expectTitles(page, titles);
    // One description, in the viewer's language (it was English on every page).
    const descriptions = await page.locator('meta[name="description"]').evaluateAll((metas) => metas.map((m) => m.getAttribute('content')));
    expect(descriptions).toEqual([language === 'Italian' ? 'Centro fatturazione per sottoscrizioni a postazioni' : 'Billing center for per-seat subscriptions']);
    await page.close();
  });

  it.each([
    ['English', ENGLISH, [
      ['/billing/subscriptions', 'Subscriptions · Billing Center · Seatplan'],
      ['/billing/invoices', 'Billing history · Billing Center · Seatplan'],
      ['/billing/payment-method', 'Payment method · Billing Center · Seatplan'],
      ['/account', 'Personal account · Billing Center · Seatplan'],
      ['/admin', 'Admin Center · Seatplan'],
      ['/billing/pay/inv_nope', 'Page not found · Seatplan'],
    ]],
    ['Italian', ITALIAN, [
      ['/billing/subscriptions', 'Sottoscrizioni · Centro fatturazione · Seatplan'],
      ['/billing/invoices', 'Cronologia fatturazione · Centro fatturazione · Seatplan'],
      ['/billing/payment-method', 'Metodo di pagamento · Centro fatturazione · Seatplan'],
      ['/account', 'Account personale · Centro fatturazione · Seatplan'],
      ['/admin', 'Centro di amministrazione · Seatplan'],
      ['/billing/pay/inv_nope', 'Pagina non trovata · Seatplan'],
    ]],
  ] as Array<[string, BrowserContextOptions, Titles]>)('BC-2 BC-7 BC-8 AC-1: the Billing Center and the Admin Center, in %s; skip link and header menu translated', async (language, options, titles) => {
    const page = await newPage(browser, options);
    await signInAsProductUser(page, 'bella@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await expectTitles(page, titles);
    const [skip, main] = language === 'Italian' ? ['Vai al contenuto', 'Principale'] : ['Skip to content', 'Main'];
    await page.getByRole('link', { name: skip, exact: true }).waitFor({ state: 'attached' });
    await page.getByRole('navigation', { name: main, exact: true }).waitFor({ state: 'attached' });
    await page.close();
  });

  it.each([
    ['English', ENGLISH, 'Invoice history', [
      ['/portal', 'Subscriptions · Corporate Billing Portal · Seatplan'],
      ['/portal/invoices', 'Invoice history · Corporate Billing Portal · Seatplan'],
      ['/portal/bill-to', 'Bill To · Corporate Billing Portal · Seatplan'],
      ['/portal/quotes', 'Quotes · Corporate Billing Portal · Seatplan'],
      ['/portal/purchase-orders', 'Purchase orders · Corporate Billing Portal · Seatplan'],
    ]],
    ['Italian', ITALIAN, 'Cronologia fatture', [
      ['/portal', 'Sottoscrizioni · Portale di fatturazione Corporate · Seatplan'],
      ['/portal/invoices', 'Cronologia fatture · Portale di fatturazione Corporate · Seatplan'],
      ['/portal/bill-to', 'Fatturare a · Portale di fatturazione Corporate · Seatplan'],
      ['/portal/quotes', 'Preventivi · Portale di fatturazione Corporate · Seatplan'],
      ['/portal/purchase-orders', "Ordini d'acquisto · Portale di fatturazione Corporate · Seatplan"],
    ]],
  ] as Array<[string, BrowserContextOptions, string, Titles]>)('CP-3 CP-4 CP-5 CP-9: the Corporate Billing Portal, in %s, also after a client-side navigation', async (_language, options, invoicesTab, titles) => {
    const page = await newPage(browser, options);
    await signInToPortal(page, 'globex-billing');
    await expectTitles(page, titles);
    // A tab is a client-side navigation: the old page's <title> gives way to the new one's, never two.
    await page.goto(appUrl('/portal'));
    await page.getByRole('link', { name: invoicesTab, exact: true }).first().click();
    await page.getByRole('heading', { name: invoicesTab, level: 1 }).waitFor();
    expect(await titleOf(page)).toEqual({ title: titles[1]![1], elements: 1, heading: invoicesTab });
    await page.close();
  });

  it.each([
    ['English', ENGLISH, [
      ['/backoffice', 'Back office · Seatplan'],
      ['/backoffice/accounts', 'Your corporate accounts · Back office · Seatplan'],
      ['/backoffice/quotes', 'Quotes · Back office · Seatplan'],
      ['/backoffice/requests', 'Request queue · Back office · Seatplan'],
    ]],
    ['Italian', ITALIAN, [
      ['/backoffice', 'Back office · Seatplan'],
      ['/backoffice/accounts', 'I tuoi account Corporate · Back office · Seatplan'],
      ['/backoffice/quotes', 'Preventivi · Back office · Seatplan'],
      ['/backoffice/requests', 'Coda delle richieste · Back office · Seatplan'],
    ]],
  ] as Array<[string, BrowserContextOptions, Titles]>)('BO-1: the back office, in %s', async (_language, options, titles) => {
    const page = await staffSignIn(options, 'rita.rep@seatplan.example');
    await expectTitles(page, titles);
    await page.close();
  });
});
