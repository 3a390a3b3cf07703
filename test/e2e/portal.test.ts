import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../db/client';
import { appDb } from '../helpers/app-db';
import { appUrl, countTitleGaps, expectAccessible, launchBrowser, newPage, signInAsProductUser, signInToPortal, typeCard } from '../helpers/browser';
import { settledEmailsTo } from '../helpers/maildev';
import { corporateFixture } from '../helpers/portal';
import { unique } from '../helpers/realms';

const ITALIAN = { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } };

/**
 * Seed 004 in Chromium, in Italian, as a billing contact would: "Cosa posso fare nel Portale di
 * fatturazione Corporate?". Carla (globex-billing) only reads the seeded account (other e2e files share
 * the app database); every change is made on a corporate account of the test's own.
 */
describe('Corporate Billing Portal in the browser, in Italian (seed 004: CP-3, CP-5, CP-7, CP-8, CP-9, CP-12)', () => {
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

  const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Portale di fatturazione Corporate' }).getByRole('link', { name });

  it('CP-5 CP-12: Carla signs in with her user ID, sees Sottoscrizioni and Fatturare a, the last 20 invoices, one as a printable page and as a PDF, and the W-9', async () => {
    const page = await newPage(browser, ITALIAN);
    await signInToPortal(page, 'globex-billing');
    await page.getByRole('heading', { name: 'Sottoscrizioni', level: 1 }).waitFor();
    const webinar = page.getByTestId('subscription-prd_webinar');
    await webinar.getByText('Scaduta', { exact: true }).waitFor();
    await webinar.getByRole('link', { name: 'Richiedi la riattivazione' }).waitFor();
    await page.getByRole('heading', { name: 'Fatturare a' }).waitFor();
    await page.getByText('globex-billing', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Richiedi una modifica' }).waitFor();
    await expectAccessible(page);

    await tab(page, 'Cronologia fatture').click();
    await page.getByRole('heading', { name: 'Cronologia fatture', level: 1 }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(20);
    await page.locator('tbody tr').first().getByText('Da pagare').waitFor();
    await page.locator('tbody tr').nth(1).getByText('Scaduta').waitFor();
    await expectAccessible(page);

    const first = page.locator('tbody tr').first().getByRole('link').first();
    const number = (await first.textContent())!.trim();
    await first.click();
    await page.getByRole('heading', { name: `Fattura ${number}`, level: 1 }).waitFor();
    await page.getByText('Contatto di fatturazione: Carla Contact (ID utente globex-billing)').waitFor();
    await page.getByText("Ordine d’acquisto PO-4500012345").waitFor();
    await page.getByRole('button', { name: 'Stampa' }).waitFor();
    await expectAccessible(page);
    const pdf = await page.request.get(appUrl(`/portal/invoices/inv_globex_25/pdf`));
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // Another account's invoice is a 404, on the page and as a PDF.
    expect((await page.request.get(appUrl('/portal/invoices/inv_northwind_webinar/pdf'))).status()).toBe(404);
    expect((await page.goto(appUrl('/portal/invoices/inv_northwind_webinar')))?.status()).toBe(404);

    await page.goto(appUrl('/portal'));
    await page.getByRole('link', { name: 'Modulo W-9' }).click();
    await page.getByRole('heading', { name: 'Modulo W-9', level: 1 }).waitFor();
    await expectAccessible(page);
    const w9 = await page.request.get(appUrl('/portal/w9/pdf'));
    expect(w9.status()).toBe(200);
    expect(w9.headers()['content-type']).toBe('application/pdf');
    await page.close();
  });

  it('CP-3: Fatturare a → Modifica: a phone not in international format is refused in Italian, then the changes are saved; the old and the new email are told', async () => {
    const f = await corporateFixture(db);
    const page = await newPage(browser, ITALIAN);
    await signInToPortal(page, f.loginId);
    await page.getByRole('link', { name: 'Modifica — Fatturare a' }).click();
    await page.getByRole('heading', { name: 'Fatturare a', level: 1 }).waitFor();
    await page.getByTestId('bill-to-country').getByText('Stati Uniti').waitFor();
    await expectAccessible(page);
    const newEmail = `${unique('dana')}@fixture.example`;
    await page.getByLabel('Nome').fill('Dana Pagamenti');
    await page.getByLabel('Email').fill(newEmail);
    await page.getByLabel('Via e numero civico').fill('9 Elm Street');
    await page.getByLabel('Città').fill('Chicago');
    await page.getByLabel('Codice postale').fill('606');
    await page.getByLabel('Numero di telefono').fill('312 555 0142');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('alert').filter({ hasText: /^Inserisci il numero di telefono in formato internazionale/ }).waitFor();
    await page.getByLabel('Numero di telefono').fill('+1 312 555 0142');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('alert').filter({ hasText: 'Questo non è un codice postale valido per US. Ad esempio 62704.' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Codice postale').fill('60601');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('status').filter({ hasText: 'Salvato.' }).waitFor();
    await page.getByText('sia al vecchio sia al nuovo indirizzo').waitFor();
    await tab(page, 'Sottoscrizioni').click();
    await page.getByText('Dana Pagamenti').waitFor();
    await page.getByText('9 Elm Street, 60601 Chicago, IL, US').waitFor();
    // Emails go in the contact's own language (the fixture's contact reads English).
    expect(await settledEmailsTo(db, f.billing.email, /Billing contact email changed/, { atLeast: 1 })).toHaveLength(1);
    expect(await settledEmailsTo(db, newEmail, /Billing contact email changed/, { atLeast: 1 })).toHaveLength(1);
    await page.close();
  });

  it('CP-8 CP-9: adds an invoice recipient, adds and edits a purchase order (flagged when it expires within 30 days); the page keeps its title through every refresh', async () => {
    const f = await corporateFixture(db);
    const page = await newPage(browser, ITALIAN);
    await signInToPortal(page, f.loginId);
    await tab(page, 'Destinatari fatture').click();
    await page.getByRole('heading', { name: 'Destinatari fatture', level: 1 }).waitFor();
    await expectAccessible(page);
    const ap = `${unique('ap')}@fixture.example`;
    await page.getByLabel('Email').fill('non-una-email');
    await page.getByRole('button', { name: 'Aggiungi destinatario' }).click();
    await page.getByRole('alert').filter({ hasText: 'Inserisci un indirizzo email valido' }).waitFor();
    await page.getByLabel('Email').fill(ap);
    await page.getByLabel('Nome (facoltativo)').fill('Contabilità fornitori');
    await page.getByRole('button', { name: 'Aggiungi destinatario' }).click();
    await page.getByTestId(`recipient-${ap}`).getByText('Contabilità fornitori').waitFor();
    await page.getByRole('status').filter({ hasText: `${ap} riceverà le fatture da ora in poi.` }).waitFor();
    await expectAccessible(page);

    await tab(page, "Ordini d'acquisto").click();
    await page.getByRole('heading', { name: "Ordini d'acquisto", level: 1 }).waitFor();
    const titleGaps = await countTitleGaps(page);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Numero ordine d’acquisto').fill('PO-E2E-1');
    await page.getByLabel('Data di scadenza').fill(inTenDays);
    await page.getByRole('button', { name: 'Aggiungi ordine d’acquisto' }).click();
    await page.getByTestId('po-PO-E2E-1').getByText('Scade tra 10 giorni').waitFor();
    await page.getByTestId('po-flag-PO-E2E-1').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Modifica l’ordine d’acquisto PO-E2E-1' }).click();
    await page.getByRole('heading', { name: 'Modifica l’ordine d’acquisto PO-E2E-1' }).waitFor();
    const later = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Data di scadenza').fill(later);
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByTestId('po-PO-E2E-1').getByText('Valido — riportato sulle nuove fatture').waitFor();
    await expect(page.getByTestId('po-flag-PO-E2E-1').count()).resolves.toBe(0);
    // Each save re-reads the page (router.refresh); Next's own metadata title was unmounted for a moment every time.
    expect(await titleGaps()).toBe(0);
    await expect(page.title()).resolves.toBe("Ordini d'acquisto · Portale di fatturazione Corporate · Seatplan");
    const row = await db.selectFrom('purchase_orders').select(['number', 'expires_on']).where('account_id', '=', f.accountId).executeTakeFirstOrThrow();
    expect(row).toEqual({ number: 'PO-E2E-1', expires_on: later });
    await page.close();
  });

  it('CP-7: Metodo di pagamento: bonifico bancario shows the bank details, then a new card through Stripe Elements becomes the automatic method', async () => {
    const f = await corporateFixture(db);
    const page = await newPage(browser, ITALIAN);
    await signInToPortal(page, f.loginId);
    await tab(page, 'Metodo di pagamento').click();
    await page.getByRole('heading', { name: 'Metodo di pagamento', level: 1 }).waitFor();
    await page.getByLabel('Pagamento elettronico/bonifico bancario').check();
    await page.getByText('Paga ogni fattura con un bonifico bancario a:').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('status').filter({ hasText: 'Salvato. Il tuo metodo di pagamento ora è: Pagamento elettronico/bonifico bancario.' }).waitFor();
    await page.getByTestId('current-method').getByText('Non automatico').waitFor();

    await page.getByLabel('Carta di credito/debito').check();
    await typeCard(page, '4242424242424242');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('status').filter({ hasText: 'Il tuo metodo di pagamento ora è: Carta di credito/debito.' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('current-method').getByText('Automatico').waitFor();
    await page.getByTestId('saved-card').getByText('Visa •••• 4242').waitFor();
    const rows = await db.selectFrom('payment_methods').select(['kind', 'card_last4']).where('account_id', '=', f.accountId).where('is_default', '=', true).execute();
    expect(rows).toEqual([{ kind: 'card', card_last4: '4242' }]);
    await page.close();
  });

  it('CP-5 BC-2: a page view asks the server for nothing more than the page — no link prefetches — and a tab opens by one client-side request', async () => {
    // Next prefetched every link in view (up to 30 requests on Sottoscrizioni, each costing the server
    // about a page); the app's one Link turns that off (app/_components/link.tsx).
    const page = await newPage(browser, ITALIAN);
    await signInToPortal(page, 'globex-billing');
    const requests: Array<{ url: string; type: string; prefetch: boolean; rsc: boolean }> = [];
    page.on('request', (r) => {
      const h = r.headers();
      if (new URL(r.url()).origin === new URL(appUrl()).origin) requests.push({ url: r.url(), type: r.resourceType(), prefetch: Boolean(h['next-router-prefetch']), rsc: h['rsc'] === '1' });
    });
    await page.goto(appUrl('/portal'), { waitUntil: 'networkidle' });
    await tab(page, 'Cronologia fatture').hover();
    await page.waitForTimeout(1500); // Next prefetches on a timer once links are in view and on hover
    expect(requests.filter((r) => r.prefetch || r.rsc)).toEqual([]);
    expect(requests.filter((r) => r.type === 'document').map((r) => new URL(r.url).pathname)).toEqual(['/portal']);
    requests.length = 0;
    await tab(page, 'Cronologia fatture').click();
    await page.getByRole('heading', { name: 'Cronologia fatture', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    // A soft navigation: the page's data, no new document.
    expect(requests.filter((r) => r.type === 'document')).toEqual([]);
    expect(requests.filter((r) => r.rsc).map((r) => new URL(r.url).pathname)).toEqual(['/portal/invoices']);
    await page.close();
  });

  it('CP-5: on a phone (390 px) the top navigation collapses into a menu and every tab is reachable with the keyboard', async () => {
    const page = await newPage(browser, { ...ITALIAN, viewport: { width: 390, height: 844 } });
    await signInToPortal(page, 'globex-billing');
    const nav = page.getByRole('navigation', { name: 'Portale di fatturazione Corporate' });
    await expect(tab(page, 'Cronologia fatture').isVisible()).resolves.toBe(false);
    const menu = nav.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await tab(page, 'Cronologia fatture').waitFor();
    await tab(page, 'Cronologia fatture').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Cronologia fatture', level: 1 }).waitFor();
    // Nothing runs off the screen: the page is no wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await page.close();
  });

  it('CP-5 BC-2: every realm\'s header collapses into a menu on a phone (the Billing Center\'s used to run off the screen)', async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await signInAsProductUser(page, 'bella@northwind.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    const header = page.getByRole('navigation', { name: 'Main' });
    await expect(header.getByRole('link', { name: 'Admin Center' }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await header.getByRole('link', { name: 'Admin Center' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await page.close();
  });
});
