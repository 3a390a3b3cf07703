import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { appUrl, expectAccessible, launchBrowser, newPage, signInAsProductUser } from '../helpers/browser';
import { waitForEmail } from '../helpers/maildev';

const ITALIAN = { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } };

/** Types a card into Stripe Elements (here localstripe's mock: number, month, year, CVC, postcode). */
async function fillCard(page: Page, number: string) {
  const el = page.getByTestId('card-element');
  await el.locator('input[placeholder="number"]').waitFor();
  await el.locator('input[placeholder="number"]').fill(number);
  await el.locator('input[placeholder="exp_month"]').fill('12');
  await el.locator('input[placeholder="exp_year"]').fill('30');
  await el.locator('input[placeholder="cvc"]').fill('123');
  await el.locator('input[placeholder="postal_code"]').fill('20121');
}

async function startTrial(page: Page, productId: string, startLabel: string, trialLabel: string) {
  const card = page.getByTestId(`card-${productId}`);
  await card.getByRole('button', { name: startLabel }).click();
  await card.getByTestId('status').filter({ hasText: trialLabel }).waitFor({ timeout: 30_000 });
}

describe('BC-3 / WF-1 subscribe after a free trial in the browser (seed 001)', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it('BC-3 BC-2 WF-1: Abbonati adesso → Modifica → Completa transazione → Modifica ordine → Effettua ordine → active at once, email', async () => {
    const page = await newPage(browser, ITALIAN);
    await signInAsProductUser(page, 'giulia@bottega-rossi.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    const card = page.getByTestId('card-prd_remote_support_v5');
    await card.getByTestId('status').filter({ hasText: 'Prova gratuita' }).waitFor();
    await card.getByRole('link', { name: 'Abbonati adesso' }).click();

    await page.waitForURL(/\/billing\/subscribe\//);
    await page.getByRole('heading', { name: 'Abbonati a Remote Support v5' }).waitFor();
    await expect(page.getByTestId('summary-tier').textContent()).resolves.toBe('Business');
    await page.getByRole('button', { name: 'Modifica', exact: true }).click();
    await page.getByLabel('Enterprise').check();
    await page.getByLabel('Numero di postazioni utente').fill('3');
    await page.getByLabel('Annuale').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Completa transazione' }).click();

    await page.waitForURL(/\/billing\/checkout/);
    await page.getByRole('heading', { name: 'Rivedi il tuo ordine' }).waitFor();
    await expect(page.getByTestId('totals').textContent()).resolves.toContain('IVA (22 %)');
    // "Modifica ordine": back to the form, change the seats, and back to the review.
    await page.getByRole('link', { name: 'Modifica ordine' }).click();
    await page.waitForURL(/\/billing\/subscribe\//);
    await page.getByRole('button', { name: 'Modifica', exact: true }).click();
    await page.getByLabel('Numero di postazioni utente').fill('4');
    await page.getByRole('button', { name: 'Completa transazione' }).click();
    await page.waitForURL(/\/billing\/checkout/);
    await page.getByText('4 × postazioni').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Completa transazione' }).click();

    await page.getByRole('heading', { name: 'Dettagli di pagamento' }).waitFor();
    await fillCard(page, '4242424242424242');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Effettua ordine' }).dblclick();

    await page.waitForURL(/\/billing\/orders\/ord_/);
    const orderId = page.url().split('/').pop()!;
    await page.getByTestId('order-completed').waitFor({ timeout: 60_000 });
    await page.getByText('Email di conferma inviata').waitFor();
    // The card that paid this order (BC-3 order page), as Stripe recorded it with the payment.
    await page.getByTestId('order-steps').getByText('Pagamento (Visa •••• 4242)').waitFor();
    await page.locator('[data-state="done"]').nth(4).waitFor({ timeout: 30_000 });
    await expectAccessible(page);
    const mail = await waitForEmail('giulia@bottega-rossi.example', new RegExp(`Conferma dell'ordine ${orderId}`));
    expect(mail.text).toContain('Remote Support v5 Enterprise — 4 postazioni, fatturazione annuale');

    await page.goto(appUrl('/billing/subscriptions'));
    await card.getByTestId('status').filter({ hasText: 'Attiva' }).waitFor();

    // BC-8: the billing history lists the invoice, and its PDF downloads.
    await card.getByText('Opzioni').click();
    await card.getByRole('link', { name: 'Cronologia fatturazione' }).click();
    await page.waitForURL(/\/billing\/invoices/);
    await page.getByRole('heading', { name: 'Cronologia fatturazione' }).waitFor();
    await expectAccessible(page);
    const link = page.getByRole('link', { name: /^PDF SP-/ }).first();
    const res = await page.request.get(appUrl((await link.getAttribute('href'))!));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // BC-6: the 4 new seats can be given to users.
    await page.goto(appUrl('/billing/subscriptions'));
    await card.getByText('Opzioni').click();
    await card.getByRole('link', { name: 'Gestisci le postazioni degli utenti' }).click();
    await page.getByRole('heading', { name: 'Postazioni di Remote Support v5' }).waitFor();
    await page.getByRole('button', { name: 'Assegna una postazione a Marco Bianchi' }).click();
    await page.getByTestId('seat-summary').filter({ hasText: '1 postazioni assegnate su 4' }).waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('BC-3 WF-1: a declined card gets a clear message and nothing changes; another card then works', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'giulia@bottega-rossi.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    const card = page.getByTestId('card-prd_meeting');
    await card.getByRole('link', { name: 'Subscribe now' }).click();
    await page.getByRole('button', { name: 'Complete transaction' }).click();
    await page.waitForURL(/\/billing\/checkout/);
    await page.getByRole('button', { name: 'Complete transaction' }).click();
    await fillCard(page, '4000000000000002');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByTestId('checkout-error').textContent()).resolves.toMatch(/declined/i);
    expect(page.url()).toMatch(/\/billing\/checkout/);
    await expectAccessible(page);

    await fillCard(page, '4242424242424242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/billing\/orders\/ord_/);
    await page.getByTestId('order-completed').waitFor({ timeout: 60_000 });
    await page.goto(appUrl('/billing/subscriptions'));
    await card.getByTestId('status').filter({ hasText: 'Active' }).waitFor();
    await page.close();
  });

  it('BC-3 WF-1: a 3-D Secure card completes through Stripe.js\'s authentication', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'giulia@bottega-rossi.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await startTrial(page, 'prd_webinar', 'Start free trial', 'Free trial');
    await page.getByTestId('card-prd_webinar').getByRole('link', { name: 'Subscribe now' }).click();
    await page.getByRole('button', { name: 'Complete transaction' }).click();
    await page.waitForURL(/\/billing\/checkout/);
    await page.getByRole('button', { name: 'Complete transaction' }).click();
    await fillCard(page, '4000002500003155');
    await page.getByRole('button', { name: 'Place order' }).click();
    // Saving the card asks for authentication, and so does the payment: the bank's dialog each time.
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(/\/billing\/orders\/ord_/, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Complete authentication' }).click({ timeout: 30_000 });
    await page.getByTestId('order-completed').waitFor({ timeout: 60_000 });
    await page.getByTestId('order-steps').getByText('Payment (Visa •••• 3155)').waitFor();
    await page.close();
  });

  it('BC-5: two products in one checkout — the second form reads "Add to cart", one payment', async () => {
    const page = await newPage(browser);
    await signInAsProductUser(page, 'giulia@bottega-rossi.example');
    await page.waitForURL(/\/billing\/subscriptions/);
    await startTrial(page, 'prd_training', 'Start free trial', 'Free trial');
    await startTrial(page, 'prd_assist_v4', 'Start free trial', 'Free trial');
    await page.getByTestId('card-prd_training').getByRole('link', { name: 'Subscribe now' }).click();
    await page.getByRole('button', { name: 'Complete transaction' }).click();
    await page.waitForURL(/\/billing\/checkout/);
    await page.goto(appUrl('/billing/subscriptions'));
    await page.getByTestId('card-prd_assist_v4').getByRole('link', { name: 'Subscribe now' }).click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/billing\/checkout/);
    await expect(page.locator('[data-testid^="line-"]').count()).resolves.toBe(2);
    await page.getByRole('button', { name: 'Complete transaction' }).click();
    await fillCard(page, '4242424242424242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/billing\/orders\/ord_/);
    await page.getByTestId('order-completed').waitFor({ timeout: 60_000 });
    await page.goto(appUrl('/billing/subscriptions'));
    await page.getByTestId('card-prd_training').getByTestId('status').filter({ hasText: 'Active' }).waitFor();
    await page.getByTestId('card-prd_assist_v4').getByTestId('status').filter({ hasText: 'Active' }).waitFor();
    await page.close();
  });
});
