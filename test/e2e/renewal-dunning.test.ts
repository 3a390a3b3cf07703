import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { env } from '../../server/env';
import { createStripeGateway } from '../../server/payments/stripe-gateway';
import { replaceCard } from '../../server/services/payment-methods';
import { notifyRenewal } from '../../server/temporal/starters';
import { appDb } from '../helpers/app-db';
import { appUrl, expectAccessible, launchBrowser, newPage } from '../helpers/browser';
import { settledEmailsTo } from '../helpers/maildev';
import { accountWithRenewal } from '../helpers/renewal-fixtures';
import { CARDS, createCard } from '../helpers/stripe';
import type { Db } from '../../db/client';

/** Types a card into Stripe Elements (localstripe's mock: number, month, year, CVC, postcode). */
async function typeCard(page: Page, number: string) {
  const el = page.getByTestId('card-element');
  for (const [field, value] of [['number', number], ['exp_month', '12'], ['exp_year', '30'], ['cvc', '123'], ['postal_code', '10001']] as const) {
    await el.locator(`input[placeholder="${field}"]`).waitFor();
    await el.locator(`input[placeholder="${field}"]`).fill(value);
  }
}

describe('BC-9 / WF-4 dunning in the browser', () => {
  let browser: Browser;
  let db: Db;
  let connection: Connection;
  beforeAll(async () => {
    browser = await launchBrowser();
    db = appDb();
    connection = await Connection.connect({ address: env().TEMPORAL_ADDRESS });
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await connection?.close();
  });

  it('BC-9 WF-4: a past-due billing admin follows the email link, signs in, replaces the card on the dunning page and pays now; the subscription is active again and renews from its original anchor', async () => {
    // Its own account (e2e files share the app database): a monthly subscription ending now, a card that is declined when charged.
    const a = await accountWithRenewal(db, { endsInMs: 2_000 });
    await replaceCard({ db, payments: createStripeGateway(env()) }, { accountId: a.accountId, userId: a.billing.id, paymentMethodId: await createCard(CARDS.declinedOnCharge) });
    await notifyRenewal(new Client({ connection, namespace: env().TEMPORAL_NAMESPACE }), env().TEMPORAL_TASK_QUEUE, { subscriptionId: a.subscriptionId, accountId: a.accountId, productId: a.productId });

    const [mail] = await settledEmailsTo(db, a.billing.email, /payment failed/, { atLeast: 1, timeoutMs: 60_000 });
    const link = /https?:\/\/\S+\/billing\/pay\/inv_[0-9A-Za-z_]+/.exec(mail!.text)![0];
    const page = await newPage(browser);
    await page.goto(new URL(new URL(link).pathname, appUrl()).toString());
    // Signed out: the sign-in page brings the billing admin back to the dunning page.
    await page.waitForURL(/\/signin/);
    await page.getByLabel(/email/i).fill(a.billing.email);
    await page.getByLabel(/password/i).fill('seatplan-demo');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/billing\/pay\/inv_/);
    await page.getByRole('heading', { name: /Pay invoice SP-/ }).waitFor();
    await expect(page.getByTestId('failure-reason').textContent()).resolves.toMatch(/declined/i);
    await expect(page.getByTestId('pay-card').textContent()).resolves.toContain('0341');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Use another card' }).click();
    await typeCard(page, CARDS.visa);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByTestId('card-saved').waitFor({ timeout: 30_000 });
    await page.getByTestId('pay-card').filter({ hasText: '4242' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /^Pay .* now$/ }).dblclick();
    await page.getByText(/is paid/).first().waitFor({ timeout: 60_000 });
    await expectAccessible(page);

    const renewal = await db.selectFrom('renewals').selectAll().where('subscription_id', '=', a.subscriptionId).executeTakeFirstOrThrow();
    expect(renewal.status).toBe('paid');
    const pays = await db.selectFrom('payments').select('status').where('order_id', '=', renewal.order_id).execute();
    expect(pays.filter((p) => p.status === 'succeeded')).toHaveLength(1);
    expect(await db.selectFrom('subscriptions').select(['status', 'current_period_start']).where('id', '=', a.subscriptionId).executeTakeFirstOrThrow()).toEqual({ status: 'active', current_period_start: a.periodEnd });

    await page.goto(appUrl('/billing/subscriptions'));
    const card = page.getByTestId(`card-${a.productId}`);
    await expect(card.getByTestId('status').textContent()).resolves.toBe('Active');
    await expect(card.getByTestId('renewal').textContent()).resolves.toMatch(/^Renews on /);
    await expectAccessible(page);
    await page.goto(appUrl('/billing/payment-method'));
    await expect(page.getByTestId('saved-card').textContent()).resolves.toContain('Visa •••• 4242');
    await expectAccessible(page);
    await page.close();
  });
});
