import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { DEMO_IDS } from '../../db/seed/demo';
import { env } from '../../server/env';
import { WorkflowTypes, workflowIds } from '../../workflows/shared';
import { appDb } from '../helpers/app-db';
import { appUrl, expectAccessible, launchBrowser, newPage } from '../helpers/browser';
import { waitForEmail } from '../helpers/maildev';
import { createAccount, unique } from '../helpers/realms';

const ITALIAN = { locale: 'it-IT', extraHTTPHeaders: { 'accept-language': 'it-IT,it' } };

/**
 * BO-1 / BO-2 / CP-13 in Chromium through the production build: the billing contact sends a request
 * from the portal (seed 004, in Italian), the sales rep answers it in the back office, the contact reads
 * the answer in the portal and in MailDev; an operator finds a stuck order and opens its workflow in the
 * Temporal UI. Every page passes axe. Each test makes its own accounts (the app database is shared).
 */
describe('BO-1 BO-2 CP-13 the back office and the request queue in Chromium', () => {
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

  async function staffSignIn(email: string, next = '/backoffice'): Promise<Page> {
    const page = await newPage(browser);
    await page.goto(appUrl(next));
    await page.waitForURL(/\/backoffice\/signin/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('seatplan-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === next);
    return page;
  }

  async function portalSignIn(loginId: string): Promise<Page> {
    const page = await newPage(browser, ITALIAN);
    await page.goto(appUrl('/portal/signin'));
    await page.getByLabel('ID utente').fill(loginId);
    await page.getByLabel('Password').fill('seatplan-demo');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.waitForURL(/\/portal$/);
    return page;
  }

  /** A corporate account of the test's own, managed by Rita, with a portal user ID. */
  async function corporateAccount() {
    const loginId = unique('e2e-bo');
    const a = await createAccount(db, { kind: 'corporate', portalLoginId: loginId });
    await db.updateTable('accounts').set({ sales_rep_staff_id: DEMO_IDS.staff.rita, name: `E2E Corp ${a.tag}` }).where('id', '=', a.accountId).execute();
    return { ...a, loginId, name: `E2E Corp ${a.tag}` };
  }

  it('CP-13 BO-1: the contact sends a W-9 request (Italian, seed 004), the rep answers it, the contact sees the reply in the portal and by email', async () => {
    const a = await corporateAccount();
    // The contact: Richieste → Nuova richiesta → Form Requests > W-9/Vendor Form/Regional Forms, "W-9" → Submit.
    const portal = await portalSignIn(a.loginId);
    await portal.getByRole('navigation', { name: 'Portale di fatturazione Corporate' }).getByRole('link', { name: 'Richieste' }).click();
    await portal.waitForURL(/\/portal\/requests$/);
    await portal.getByRole('heading', { name: 'Richieste ai Servizi per account Corporate', level: 1 }).waitFor();
    await expectAccessible(portal);
    await portal.getByRole('link', { name: 'Nuova richiesta' }).click();
    await portal.waitForURL(/\/portal\/requests\/new$/);
    await expect(portal.getByLabel('Tipo di richiesta').inputValue()).resolves.toBe('form_request');
    await expect(portal.getByLabel('Argomento').locator('option:checked').textContent()).resolves.toBe('W-9/Vendor Form/Regional Forms');
    // Submit with no details: a clear message, nothing sent.
    await portal.getByRole('button', { name: 'Submit' }).click();
    await portal.getByRole('alert').filter({ hasText: 'Scrivi i dettagli della richiesta' }).waitFor();
    await expect(portal.getByLabel('Dettagli').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(portal);
    await portal.getByLabel('Dettagli').fill('W-9');
    await portal.getByRole('button', { name: 'Submit' }).click();
    await portal.waitForURL(/\/portal\/requests\/req_[0-9A-Z]+\?created=1$/);
    const created = await portal.getByTestId('request-created').textContent();
    const caseNumber = created?.match(/CAS-\d{4}-\d{6}/)?.[0];
    expect(caseNumber, created ?? '').toBeTruthy();
    await portal.getByRole('heading', { name: `Richiesta ${caseNumber}`, level: 1 }).waitFor();
    await expect(portal.getByTestId('request-status').textContent()).resolves.toBe('Aperta');
    await expectAccessible(portal);
    const requestUrl = portal.url().replace(/\?created=1$/, '');
    const ack = await waitForEmail(a.billing.email, new RegExp(`We received your request ${caseNumber}`));
    expect(ack.text).toContain('Form Requests > W-9/Vendor Form/Regional Forms');

    // The rep: Requests → the case → Assign to me → reply.
    const rep = await staffSignIn('rita.rep@seatplan.example');
    await rep.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Requests' }).click();
    await rep.waitForURL(/\/backoffice\/requests$/);
    await expectAccessible(rep);
    await rep.getByTestId(`request-${caseNumber}`).getByRole('link', { name: caseNumber! }).click();
    await rep.getByRole('heading', { name: `Request ${caseNumber}`, level: 1 }).waitFor();
    await rep.getByTestId('request-details').filter({ hasText: 'W-9' }).waitFor();
    await expectAccessible(rep);
    await rep.getByRole('button', { name: 'Assign to me' }).click();
    await rep.getByTestId('assignee').filter({ hasText: 'You' }).waitFor();
    const answer = `Here is our W-9 for ${a.name}: https://seatplan.example/w9.pdf`;
    await rep.getByRole('button', { name: 'Send reply' }).click();
    await rep.getByRole('alert').filter({ hasText: 'Write a message' }).waitFor();
    await rep.getByLabel('Message').fill(answer);
    await rep.getByRole('button', { name: 'Send reply' }).click();
    await rep.getByRole('status').filter({ hasText: 'Reply sent' }).waitFor();
    await rep.getByTestId('staff-message').filter({ hasText: answer }).waitFor();
    await expect(rep.getByTestId('request-status').textContent()).resolves.toBe('Waiting for customer');

    // The contact reads the reply in the portal and in MailDev.
    await portal.goto(requestUrl);
    await portal.getByTestId('staff-message').filter({ hasText: answer }).waitFor();
    await expect(portal.getByTestId('staff-message').textContent()).resolves.toContain('Rita Rep');
    await expect(portal.getByTestId('request-status').textContent()).resolves.toBe('In attesa della tua risposta');
    await expectAccessible(portal);
    const reply = await waitForEmail(a.billing.email, new RegExp(`Reply to your request ${caseNumber}`));
    expect(reply.text).toContain(answer);

    // The contact thanks; the rep resolves with a note; the portal shows it resolved.
    await portal.getByLabel('Il tuo messaggio').fill('Ricevuto, grazie!');
    await portal.getByRole('button', { name: 'Invia' }).click();
    await portal.getByTestId('contact-message').filter({ hasText: 'Ricevuto, grazie!' }).waitFor();
    await rep.reload();
    await rep.getByTestId('contact-message').filter({ hasText: 'Ricevuto, grazie!' }).waitFor();
    await rep.getByLabel('Resolution note (the billing contact reads it)').fill('W-9 sent.');
    await rep.getByRole('button', { name: 'Resolve the request' }).click();
    await rep.getByRole('heading', { name: /^Resolved by Rita Rep/ }).waitFor();
    await portal.reload();
    await expect(portal.getByTestId('request-status').textContent()).resolves.toBe('Risolta');
    await waitForEmail(a.billing.email, new RegExp(`Your request ${caseNumber} is resolved`));
    await portal.getByRole('navigation', { name: 'Portale di fatturazione Corporate' }).getByRole('link', { name: 'Richieste' }).click();
    await portal.getByTestId(`request-${caseNumber}`).getByTestId('request-status').filter({ hasText: 'Risolta' }).waitFor();
    await portal.close();
    await rep.close();
  });

  it('CP-15 BO-1: the contact asks to cancel with the keyboard alone; Corporate Account Services records the cancellation at term end', async () => {
    const a = await corporateAccount();
    const subscriptionId = newId('sub');
    const termEnd = new Date(Date.now() + 200 * 86_400_000);
    await db.insertInto('subscriptions').values({ id: subscriptionId, account_id: a.accountId, product_id: 'prd_webinar', tier_id: 'tier_webinar_business', seats: 4, frequency: 'annual', status: 'active', current_period_start: new Date(Date.now() - 165 * 86_400_000), current_period_end: termEnd, currency: 'USD' }).execute();
    const portal = await portalSignIn(a.loginId);
    await portal.goto(appUrl(`/portal/requests/new?category=cancellation&subscriptionId=${subscriptionId}`));
    await expect(portal.getByLabel('Tipo di richiesta').inputValue()).resolves.toBe('cancellation');
    await expect(portal.getByLabel('Sottoscrizione').inputValue()).resolves.toBe(subscriptionId);
    await expectAccessible(portal);
    await portal.getByLabel('Dettagli').focus();
    await portal.keyboard.type('Non rinnovate Webinar, grazie.');
    await portal.keyboard.press('Tab');
    await expect(portal.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Submit');
    await portal.keyboard.press('Enter');
    await portal.waitForURL(/\?created=1$/);
    const requestUrl = portal.url().replace(/\?created=1$/, '');

    const cas = await staffSignIn('nora.cas@seatplan.example', '/backoffice/requests');
    await cas.getByRole('row').filter({ hasText: a.name }).getByRole('link').click();
    await cas.getByRole('heading', { name: /^Request CAS-/, level: 1 }).waitFor();
    await cas.getByRole('button', { name: 'Cancel at term end' }).click();
    await cas.getByRole('button', { name: 'Confirm' }).click();
    await cas.getByTestId('cancellation-recorded').waitFor();
    await expectAccessible(cas);
    const sub = await db.selectFrom('subscriptions').select(['status', 'cancel_at_period_end']).where('id', '=', subscriptionId).executeTakeFirstOrThrow();
    expect(sub).toEqual({ status: 'active', cancel_at_period_end: true });
    await waitForEmail(a.billing.email, /Cancellation of Webinar at the end of its term/);
    await portal.goto(requestUrl);
    await portal.getByTestId('cancellation-recorded').filter({ hasText: 'non verrà rinnovata' }).waitFor();
    await portal.close();
    await cas.close();
  });

  it('BO-1: the rep searches the accounts, opens one and changes its self-service eligibility with a reason; operations cannot', async () => {
    const a = await corporateAccount();
    const rep = await staffSignIn('rita.rep@seatplan.example');
    await expectAccessible(rep);
    await rep.getByRole('link', { name: 'Accounts', exact: true }).click();
    await rep.waitForURL(/\/backoffice\/accounts$/);
    await rep.getByLabel('Search accounts').fill(a.loginId);
    await rep.getByRole('button', { name: 'Search' }).click();
    await rep.waitForURL(/\?q=/);
    await expect(rep.getByRole('row').count()).resolves.toBe(2);
    await expectAccessible(rep);
    await rep.getByRole('link', { name: a.name }).click();
    await rep.getByRole('heading', { name: a.name, level: 1 }).waitFor();
    await expect(rep.getByTestId('billing-contact').textContent()).resolves.toContain(a.billing.email);
    await expectAccessible(rep);
    await rep.getByRole('button', { name: 'Make not eligible' }).click();
    await rep.getByRole('button', { name: 'Confirm' }).click();
    await rep.getByRole('alert').filter({ hasText: 'Give a reason' }).waitFor();
    await rep.getByLabel('Reason (recorded in the audit log)').fill('Payment plan under review.');
    await rep.getByRole('button', { name: 'Confirm' }).click();
    await rep.getByTestId('eligibility').filter({ hasText: 'Not eligible' }).waitFor();
    await rep.getByRole('row').filter({ hasText: 'staff.eligibility_changed' }).filter({ hasText: 'Payment plan under review.' }).waitFor();
    await expectAccessible(rep);
    await rep.close();

    const ops = await staffSignIn('otto.ops@seatplan.example', `/backoffice/accounts/${a.accountId}`);
    await ops.getByRole('heading', { name: a.name, level: 1 }).waitFor();
    await expect(ops.getByRole('button', { name: /eligible/ }).count()).resolves.toBe(0);
    await ops.goto(appUrl('/backoffice/requests'));
    await ops.getByRole('heading', { name: 'Not available for your role' }).waitFor();
    await expectAccessible(ops);
    await ops.close();
  });

  it('BO-2: an operator finds a stuck order, opens it, and follows the deep link to its workflow in the Temporal UI', async () => {
    const e = env();
    const account = await createAccount(db, { kind: 'online' });
    const orderId = newId('ord');
    const workflowId = workflowIds.subscriptionChange(orderId);
    // A real workflow that cannot make progress: it runs on a task queue no worker polls, so the
    // order stays "processing" — what a stuck order looks like when its workers are gone.
    const connection = await Connection.connect({ address: e.TEMPORAL_ADDRESS });
    const client = new Client({ connection, namespace: e.TEMPORAL_NAMESPACE });
    const handle = await client.workflow.start(WorkflowTypes.subscriptionChange, {
      taskQueue: `e2e-no-worker-${randomUUID()}`,
      workflowId,
      args: [{ orderId, accountId: account.accountId, subscriptionId: 'sub_none', productId: 'prd_meeting', paymentMethodId: null }],
    });
    try {
      await db.insertInto('orders').values({
        id: orderId, account_id: account.accountId, kind: 'change', status: 'processing', currency: 'USD', subtotal: 1600n, total: 1600n,
        idempotency_key: randomUUID(), workflow_id: workflowId, created_at: new Date(Date.now() - 2 * 3600_000),
      }).execute();

      const ops = await staffSignIn('otto.ops@seatplan.example');
      await ops.getByTestId('stuck-orders').waitFor();
      await expectAccessible(ops);
      await ops.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Orders', exact: true }).click();
      await ops.waitForURL(/\/backoffice\/orders$/);
      await expectAccessible(ops);
      await ops.getByLabel(/Stuck only/).check();
      await ops.getByLabel('Account (ID or name)').fill(`Fixture ${account.tag}`);
      await ops.getByRole('button', { name: 'Apply' }).click();
      await ops.waitForURL(/stuck=1/);
      const row = ops.getByTestId(`order-${orderId}`);
      await row.getByTestId('stuck').waitFor();
      await expect(ops.locator('tbody tr').count()).resolves.toBe(1);
      await row.getByRole('link', { name: orderId }).click();
      await ops.getByRole('heading', { name: `Order ${orderId}`, level: 1 }).waitFor();
      await expect(ops.getByTestId('workflow-id').textContent()).resolves.toBe(workflowId);
      await expectAccessible(ops);
      const link = ops.getByTestId('temporal-link');
      const href = await link.getAttribute('href');
      expect(href).toBe(`${e.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${e.TEMPORAL_NAMESPACE}/workflows/${workflowId}`);
      // The link answers: the UI serves the page, and its API knows the workflow as running.
      const res = await fetch(href!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const api = await fetch(`${e.TEMPORAL_UI_URL.replace(/\/$/, '')}/api/v1/namespaces/${e.TEMPORAL_NAMESPACE}/workflows/${workflowId}`);
      expect(api.status).toBe(200);
      const described = (await api.json()) as { workflowExecutionInfo?: { execution?: { workflowId?: string; runId?: string }; status?: string } };
      expect(described.workflowExecutionInfo?.execution?.workflowId).toBe(workflowId);
      expect(described.workflowExecutionInfo?.status).toMatch(/RUNNING/);
      // And in the browser the UI resolves the latest run and shows the workflow's page.
      const [ui] = await Promise.all([ops.context().waitForEvent('page'), link.click()]);
      await ui.waitForURL(new RegExp(`/namespaces/${e.TEMPORAL_NAMESPACE}/workflows/${workflowId}/${described.workflowExecutionInfo?.execution?.runId}`), { timeout: 30_000 });
      await ui.getByText(workflowId).first().waitFor({ timeout: 30_000 });
      await ui.close();

      await ops.goto(appUrl('/backoffice/orders/failed'));
      await ops.getByRole('heading', { name: 'Failed and compensated orders', level: 1 }).waitFor();
      await expectAccessible(ops);
      await ops.close();
    } finally {
      await handle.terminate('e2e test done').catch(() => undefined);
      await db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', orderId).execute();
      await connection.close();
    }
  });
});
