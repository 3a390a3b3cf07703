import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../db/client';
import { env } from '../../server/env';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { appDb } from '../helpers/app-db';
import { appUrl, expectAccessible, launchBrowser, newPage } from '../helpers/browser';
import { createCorporateAccount } from '../helpers/corporate';
import { waitForEmail } from '../helpers/maildev';
import { CARDS, createCard } from '../helpers/stripe';

const ITALIAN = { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } };

/** Seed 000 and seed 004's quotes in Chromium, through the production build, as a person would. */
describe('CP-10 / CP-4 / BO-1 add seats and quotes in the browser (seeds 000 and 004)', () => {
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

  /** Each test's own corporate account, with a card the Payment method tab would have saved (localstripe). */
  async function account(locale: 'en' | 'it') {
    const stripe = stripeClient(env());
    const customer = await stripe.customers.create({ name: 'e2e corporate' });
    const pm = await createCard(CARDS.visa);
    await stripe.paymentMethods.attach(pm, { customer: customer.id });
    return createCorporateAccount(db, { stripeCustomerId: customer.id, stripePaymentMethodId: pm, locale });
  }

  async function portalSignIn(page: Page, loginId: string, labels: { userId: string; submit: string }) {
    await page.goto(appUrl('/portal/signin'));
    await page.getByLabel(labels.userId).fill(loginId);
    await page.getByLabel('Password').fill('seatplan-demo');
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForURL(/\/portal$/);
  }

  it('CP-10 WF-3 seed 000 in Italian: Aggiungi postazioni → Salva carrello e rivedi → Completa il pagamento → Salva e procedi → Effettua ordine di servizio → 24 ore → ricevuta', async () => {
    const corp = await account('it');
    const page = await newPage(browser, ITALIAN);
    await portalSignIn(page, corp.portalLoginId, { userId: 'ID utente', submit: 'Accedi' });
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Aggiungi postazioni' }).click();
    await page.waitForURL(/\/portal\/add-seats$/);
    await page.getByRole('heading', { name: 'Aggiungi postazioni', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Nuova Q.tà per postazioni di Meeting').fill('5');
    await page.getByRole('button', { name: 'Salva carrello e rivedi' }).click();

    await page.getByRole('heading', { name: /Rivedi il preventivo Q-\d+/ }).waitFor();
    await page.getByTestId('quote-lines').getByText('Meeting Enterprise').waitFor();
    await expect(page.getByTestId('quote-lines').textContent()).resolves.toContain('allineato alla fine del contratto');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Completa il pagamento' }).click();

    await page.getByRole('heading', { name: 'Completa il pagamento', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Contatto per amministratori' }).waitFor();
    await page.getByRole('heading', { name: 'Metodo di pagamento' }).waitFor();
    await page.getByRole('heading', { name: 'Indirizzo di fatturazione' }).waitFor();
    await page.getByLabel('Amministratore').selectOption({ label: 'Un nuovo amministratore' });
    await page.getByLabel('Nome').fill('Nadia Nuova');
    await page.getByLabel('Email').fill(`nadia-${corp.tag}@corp.example`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Salva e procedi all’ordine del servizio' }).click();

    await page.getByRole('heading', { name: 'Dettagli ordine di servizio' }).waitFor();
    await page.getByText(`Nuovo amministratore: Nadia Nuova (nadia-${corp.tag}@corp.example)`).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Effettua ordine di servizio' }).click();
    await page.getByText('L’elaborazione del tuo ordine può richiedere fino a 24 ore.').waitFor();
    await page.getByTestId('so-status').filter({ hasText: 'Completato' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('so-completed').waitFor();
    await expectAccessible(page);

    const receipt = await waitForEmail(corp.contact.email, /Ricevuta del tuo ordine di servizio/, 60_000);
    expect(receipt.text).toContain(corp.purchaseOrderNumber);
    expect((await db.selectFrom('subscriptions').select('seats').where('id', '=', corp.subscriptions.meeting).executeTakeFirstOrThrow()).seats).toBe(55);
    await page.close();
  });

  it('BO-1 CP-4 WF-6 WF-3: the rep drafts and sends a quote, the contact gets it by email, accepts it in the portal and places the service order; the rep sees it accepted as it happens', async () => {
    const corp = await account('en');
    const rep = await newPage(browser);
    await rep.goto(appUrl('/backoffice/signin'));
    await rep.getByLabel('Email').fill('rita.rep@seatplan.example');
    await rep.getByLabel('Password').fill('seatplan-demo');
    await rep.getByRole('button', { name: 'Sign in' }).click();
    await rep.waitForURL(/\/backoffice$/);
    await rep.goto(appUrl(`/backoffice/accounts/${corp.accountId}/quotes/new`));
    await rep.getByRole('heading', { name: `New quote for Corp ${corp.tag}` }).waitFor();
    await rep.getByLabel('Product').selectOption({ label: 'Training' });
    await rep.getByLabel('Seats').fill('4');
    await rep.getByLabel(/Discount %/).fill('10');
    await rep.getByTestId('editor-total').waitFor();
    await expectAccessible(rep);
    await rep.getByRole('button', { name: 'Save draft' }).click();
    await rep.waitForURL(/\/backoffice\/quotes\/quo_/);
    await rep.getByTestId('bo-quote-status').filter({ hasText: 'Draft' }).waitFor();
    await expectAccessible(rep);
    await rep.getByRole('button', { name: 'Send to the billing contact' }).click();
    await rep.getByTestId('bo-quote-status').filter({ hasText: 'Pending' }).waitFor();
    const number = (await rep.getByRole('heading', { level: 1 }).textContent())!.match(/Q-\d+/)![0];

    const email = await waitForEmail(corp.contact.email, new RegExp(`Quote ${number}`), 30_000);
    const link = email.text.match(/https?:\/\/\S+\/portal\/quotes\/quo_\w+/)![0];
    const contact = await newPage(browser);
    await portalSignIn(contact, corp.portalLoginId, { userId: 'User ID', submit: 'Sign in' });
    await contact.goto(appUrl(new URL(link).pathname));
    await contact.getByRole('heading', { name: `Quote ${number}` }).waitFor();
    await contact.getByTestId('quote-lines').getByText('Training Business').waitFor();
    await expectAccessible(contact);
    // The rep's page follows: the contact has looked at it.
    await rep.getByTestId('quote-timeline').getByText('Viewed by the billing contact').waitFor({ timeout: 15_000 });

    await contact.getByRole('link', { name: 'Accept' }).click();
    await contact.getByRole('heading', { name: 'Complete payment', level: 1 }).waitFor();
    await contact.getByRole('button', { name: 'Save and proceed to service order' }).click();
    await contact.getByRole('heading', { name: 'Service order details' }).waitFor();
    await contact.getByRole('button', { name: 'Place service order' }).click();
    await contact.getByTestId('so-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    await expectAccessible(contact);
    // Preventivi lists the quote with its service order, which links to the steps.
    await contact.goto(appUrl('/portal/quotes'));
    await contact.getByTestId(`quote-row-${number}`).getByRole('link', { name: `Service order of quote ${number}: Completed` }).click();
    await contact.getByTestId('so-status').filter({ hasText: 'Completed' }).waitFor();
    await expectAccessible(contact);

    await rep.getByTestId('bo-quote-status').filter({ hasText: 'Accepted' }).waitFor({ timeout: 15_000 });
    await rep.getByTestId('quote-timeline').getByText('Accepted').waitFor();
    await waitForEmail('rita.rep@seatplan.example', new RegExp(`Quote ${number} accepted`), 30_000);
    await waitForEmail(corp.contact.email, /Receipt for your service order/, 60_000);
    expect((await db.selectFrom('subscriptions').select('seats').where('id', '=', corp.subscriptions.training).executeTakeFirstOrThrow()).seats).toBe(14);
    await rep.close();
    await contact.close();
  });
});
