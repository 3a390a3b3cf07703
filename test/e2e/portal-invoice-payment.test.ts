import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Db } from '../../db/client';
import { appDb } from '../helpers/app-db';
import { expectAccessible, launchBrowser, newPage, signInToPortal, typeCard } from '../helpers/browser';
import { settledEmailsTo } from '../helpers/maildev';
import { corporateFixture } from '../helpers/portal';

const ITALIAN = { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } };

/**
 * Seed 004 "effettuare un pagamento completo o parziale immediato per una fattura esistente utilizzando
 * una carta di credito o di debito", in Chromium, in Italian, on a corporate account of the test's own
 * (the app database is shared by the e2e files).
 */
describe('CP-6 pay an invoice in the browser, in Italian: part of it, then the rest', () => {
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

  it('CP-6 WF-5: Cronologia fatture → Paga → Pagamento parziale 300,00 → balance 700,00; Paga il resto → Pagamento completo → paid; two receipts; every page passes axe', { timeout: 180_000 }, async () => {
    const f = await corporateFixture(db, { invoices: 1 });
    // The contact reads Italian: the receipts come in Italian too.
    await db.updateTable('users').set({ locale: 'it' }).where('email', '=', f.billing.email).execute();
    const invoiceId = f.invoiceIds[0]!;
    const { number } = await db.selectFrom('invoices').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow();
    const page = await newPage(browser, ITALIAN);
    await signInToPortal(page, f.loginId);
    await page.getByRole('navigation', { name: 'Portale di fatturazione Corporate' }).getByRole('link', { name: 'Cronologia fatture' }).click();
    await page.getByRole('link', { name: `Paga la fattura ${number}` }).click();
    await page.getByRole('heading', { name: `Paga la fattura ${number}`, level: 1 }).waitFor();
    await page.getByTestId('pay-balance').getByText(/^1\.?000,00\sUSD$/).waitFor();
    await expectAccessible(page);

    // Part of it: too much first — refused in Italian, nothing charged.
    await page.getByLabel('Pagamento parziale').check();
    await page.getByLabel('Importo da pagare (USD)').fill('1200,00');
    await typeCard(page, '4242424242424242');
    await page.getByRole('button', { name: 'Paga' }).click();
    await page.getByRole('alert').filter({ hasText: /L’importo supera il saldo da pagare di 1\.?000,00\sUSD/ }).waitFor({ timeout: 30_000 });
    expect(await db.selectFrom('orders').select('id').where('account_id', '=', f.accountId).execute()).toEqual([]);
    await expectAccessible(page);

    await page.getByLabel('Importo da pagare (USD)').fill('300,00');
    await page.getByRole('button', { name: 'Paga' }).click();
    await page.getByTestId('pay-succeeded').getByText(/Grazie: sono stati pagati 300,00\sUSD/).waitFor({ timeout: 60_000 });
    await page.getByTestId('pay-balance-left').getByText(/Saldo ancora da pagare: 700,00\sUSD/).waitFor();
    await expectAccessible(page);

    // The rest: the whole balance, by default.
    await page.getByRole('link', { name: 'Paga il resto' }).click();
    await page.getByTestId('pay-balance').getByText(/^700,00\sUSD$/).waitFor();
    await page.getByLabel(/Pagamento completo \(700,00\sUSD\)/).waitFor();
    await typeCard(page, '4000056655665556');
    await page.getByRole('button', { name: /^Paga 700,00\sUSD$/ }).click();
    // Whatever the page ends on (the receipt, or an error it shows), it must be the receipt.
    // (Next's route announcer is an empty alert: only alerts that say something count.)
    const said = page.getByRole('alert').filter({ hasText: /\S/ });
    await page.getByTestId('pay-balance-left').or(said).first().waitFor({ timeout: 60_000 });
    expect(await said.allTextContents()).toEqual([]);
    await page.getByTestId('pay-balance-left').getByText('La fattura è ora pagata per intero.').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Torna a Cronologia fatture' }).click();
    const row = page.getByTestId(`invoice-${number}`);
    await row.getByText('Pagata', { exact: true }).waitFor();
    expect(await row.getByRole('link', { name: `Paga la fattura ${number}` }).count()).toBe(0);
    expect(await db.selectFrom('invoices').select(['amount_paid', 'status']).where('id', '=', invoiceId).executeTakeFirstOrThrow()).toEqual({ amount_paid: 100_000n, status: 'paid' });
    expect(await db.selectFrom('payment_receipts').select(['amount', 'balance']).where('invoice_id', '=', invoiceId).orderBy('issued_at').execute()).toEqual([{ amount: 30_000n, balance: 70_000n }, { amount: 70_000n, balance: 0n }]);
    expect(await settledEmailsTo(db, f.billing.email, /Ricevuta di pagamento/, { atLeast: 2 })).toHaveLength(2);
    await page.close();
  });
});
