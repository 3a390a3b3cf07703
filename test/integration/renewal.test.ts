import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { addPeriod } from '../../server/billing';
import { notifyRenewal } from '../../server/temporal/starters';
import { workflowIds } from '../../workflows/shared';
import { callerFor } from '../helpers/callers';
import { callerAs } from '../helpers/realms';
import { payInvoiceInPortal } from '../helpers/invoice-payment';
import { settledEmailsTo, waitForEmail } from '../helpers/maildev';
import { accountWithRenewal } from '../helpers/renewal-fixtures';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { searchAttributesAt } from '../helpers/temporal';
import { until } from '../helpers/worker-process';

const requestId = () => randomUUID().replace(/-/g, '');

describe('WF-4 / BC-9 renewals through tRPC, Temporal, Stripe and SMTP', () => {
  const stack = useSeededStack();

  /** The fixture's billing admin saves a card on the payment method page's procedure, then its renewal workflow starts. */
  async function renewing(opts: Parameters<typeof accountWithRenewal>[1], card: string | null) {
    const a = await accountWithRenewal(stack.db, opts);
    const caller = await callerFor(stack.deps(), { productEmail: a.billing.email });
    if (card) await caller.paymentMethod.replace({ paymentMethodId: await createCard(card) });
    await notifyRenewal(stack.worker.client, stack.worker.taskQueue, { subscriptionId: a.subscriptionId, accountId: a.accountId, productId: a.productId });
    return { ...a, caller };
  }
  const renewalsOf = (subscriptionId: string) => stack.db.selectFrom('renewals').selectAll().where('subscription_id', '=', subscriptionId).orderBy('period_start').execute();
  const subscription = (id: string) => stack.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A renewal's invoice: its order's, issued by the order core. */
  const invoiceOf = (r: { order_id: string }) => stack.db.selectFrom('invoices').selectAll().where('order_id', '=', r.order_id).executeTakeFirst();

  it('BC-9 WF-4: at the period end the saved card is charged once the renewal price (the preview shown beforehand), the next period starts exactly at the old end, a paid invoice with a gapless number and PDF, one email', async () => {
    const a = await renewing({ endsInMs: 4_000 }, CARDS.visa);
    const before = (await a.caller.renewals.states())[a.subscriptionId];
    expect(before).toMatchObject({ state: 'renews', on: a.periodEnd, amount: BigInt(a.seats) * a.unit, currency: 'USD' });
    const [r] = await until('the renewal to be paid', async () => {
      const rows = await renewalsOf(a.subscriptionId);
      return rows[0]?.status === 'paid' ? rows : null;
    });
    expect(r).toMatchObject({ kind: 'online', period_start: a.periodEnd, period_end: addPeriod(a.periodEnd, 'monthly'), attempts: 0 });
    expect(await subscription(a.subscriptionId)).toMatchObject({ status: 'active', current_period_start: a.periodEnd, current_period_end: addPeriod(a.periodEnd, 'monthly') });
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', r!.order_id).execute();
    expect(pays.map((p) => [p.step, p.status, p.amount])).toEqual([['attempt-1', 'succeeded', BigInt(a.seats) * a.unit]]);
    expect(await paymentIntent(pays[0]!.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(pays[0]!.amount) });
    const inv = (await invoiceOf(r!))!;
    expect(inv).toMatchObject({ status: 'paid', total: pays[0]!.amount, amount_paid: pays[0]!.amount, order_id: r!.order_id });
    expect(inv.number).toMatch(/^SP-\d{4}-\d{6}$/);
    expect(await stack.db.selectFrom('orders').select(['kind', 'status']).where('id', '=', r!.order_id).executeTakeFirstOrThrow()).toEqual({ kind: 'renewal', status: 'completed' });
    const mails = await settledEmailsTo(stack.db, a.billing.email, /renewed/, { atLeast: 1 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(inv.number);
    // Operations find the renewal in the Temporal UI: account, subscription, product, order, status.
    expect(await searchAttributesAt(stack.worker.client, workflowIds.renewal(a.subscriptionId), 'waiting')).toMatchObject({ accountId: a.accountId, subscriptionId: a.subscriptionId, productId: a.productId, status: 'waiting' });
    expect((await a.caller.renewals.states())[a.subscriptionId]).toMatchObject({ state: 'renews', on: addPeriod(a.periodEnd, 'monthly') });
  });

  it('BC-9 WF-4: a declined card → past due, the open invoice and an email linking to the dunning page; the billing admin replaces the card and pays now → active with the original anchor, one successful charge', async () => {
    const a = await renewing({ endsInMs: 3_000 }, CARDS.declinedOnCharge);
    await until('the subscription to be past due', async () => (await subscription(a.subscriptionId)).status === 'past_due');
    const [r] = await renewalsOf(a.subscriptionId);
    expect(r).toMatchObject({ status: 'past_due', attempts: 1, last_failure: expect.stringMatching(/declined/i) });
    // The order core issued the renewal order's invoice open at the first failure, due on receipt.
    const open = (await invoiceOf(r!))!;
    expect(open).toMatchObject({ status: 'open', amount_paid: 0n, total: BigInt(a.seats) * a.unit });
    const invoiceId = open.id;
    expect(r!.next_attempt_at).toEqual(new Date(a.periodEnd.getTime() + 3 * 86_400_000));
    const state = (await a.caller.renewals.states())[a.subscriptionId];
    expect(state).toMatchObject({ state: 'past_due', invoiceId, nextAttemptAt: r!.next_attempt_at });
    const mail = await waitForEmail(a.billing.email, /payment failed/);
    expect(mail.text).toContain(`/billing/pay/${invoiceId}`);
    const page = await a.caller.renewals.payPage({ invoiceId });
    expect(page).toMatchObject({ invoiceStatus: 'open', renewalStatus: 'past_due', periodStart: a.periodEnd, card: { last4: '0341' } });

    // Paying with the declined card again fails and changes nothing; the replaced card pays.
    await expect(a.caller.renewals.payNow({ invoiceId, requestId: requestId() })).resolves.toMatchObject({ status: 'failed' });
    await a.caller.paymentMethod.replace({ paymentMethodId: await createCard(CARDS.visa) });
    const req = requestId();
    const paid = await a.caller.renewals.payNow({ invoiceId, requestId: req });
    expect(paid).toMatchObject({ status: 'succeeded', invoiceNumber: expect.stringMatching(/^SP-/) });
    // The same request again is answered from the database: nothing is charged twice.
    await expect(a.caller.renewals.payNow({ invoiceId, requestId: req })).resolves.toMatchObject({ status: 'succeeded' });
    expect(await subscription(a.subscriptionId)).toMatchObject({ status: 'active', current_period_start: a.periodEnd, current_period_end: addPeriod(a.periodEnd, 'monthly') });
    const pays = await stack.db.selectFrom('payments').select(['step', 'status']).where('order_id', '=', r!.order_id).orderBy('created_at').execute();
    expect(pays.filter((p) => p.status === 'succeeded')).toHaveLength(1);
    expect(pays.map((p) => p.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(await stack.db.selectFrom('invoices').select(['status']).where('id', '=', invoiceId).executeTakeFirstOrThrow()).toEqual({ status: 'paid' });
    expect(await settledEmailsTo(stack.db, a.billing.email, /active again/, { atLeast: 1 })).toHaveLength(1);
  });

  it('BC-9: cancel at period end and undo, each by email; cancelled again it ends at the period end without a charge', async () => {
    const a = await renewing({ endsInMs: 8_000 }, CARDS.visa);
    await expect(a.caller.renewals.cancelAtPeriodEnd({ subscriptionId: a.subscriptionId })).resolves.toMatchObject({ endsAt: a.periodEnd, changed: true });
    await expect(a.caller.renewals.cancelAtPeriodEnd({ subscriptionId: a.subscriptionId })).resolves.toMatchObject({ changed: false });
    expect((await a.caller.renewals.states())[a.subscriptionId]).toEqual({ state: 'ends', on: a.periodEnd });
    await a.caller.renewals.undoCancel({ subscriptionId: a.subscriptionId });
    await expect(a.caller.renewals.undoCancel({ subscriptionId: a.subscriptionId })).rejects.toMatchObject({ code: 'CONFLICT', message: 'This subscription is not set to end, so there is nothing to undo.' });
    await a.caller.renewals.cancelAtPeriodEnd({ subscriptionId: a.subscriptionId });
    expect(await settledEmailsTo(stack.db, a.billing.email, /will end on/, { atLeast: 2 })).toHaveLength(2);
    expect(await settledEmailsTo(stack.db, a.billing.email, /continues/, { atLeast: 1 })).toHaveLength(1);
    await until('the subscription to end', async () => (await subscription(a.subscriptionId)).status === 'cancelled', 30_000);
    expect(await renewalsOf(a.subscriptionId)).toEqual([]);
    expect(await settledEmailsTo(stack.db, a.billing.email, /has ended/, { atLeast: 1 })).toHaveLength(1);
    await expect(stack.worker.client.workflow.getHandle(workflowIds.renewal(a.subscriptionId)).result()).resolves.toBe('cancelled');
    // Italian for an Italian caller; a past period cannot be cancelled or undone.
    const it = await callerFor(stack.deps(), { productEmail: a.billing.email }, 'it');
    await expect(it.renewals.cancelAtPeriodEnd({ subscriptionId: a.subscriptionId })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Solo una sottoscrizione attiva può essere annullata alla fine del periodo.' });
  });

  it('CP-15 WF-4: a cancellation at term end recorded by staff on a corporate subscription is honoured — Sottoscrizioni says it ends, no renewal order, invoice or charge, the subscription ends at the term end', async () => {
    const portalLoginId = `corp-${randomUUID().slice(0, 8)}`;
    const a = await accountWithRenewal(stack.db, { kind: 'corporate', endsInMs: 6_000, seats: 4, portalLoginId });
    const nora = await callerAs({ db: stack.db }, { staff: 'nora.cas@seatplan.example' });
    await nora.backoffice.accounts.recordCancellation({ subscriptionId: a.subscriptionId, reason: 'The customer does not renew this product.' });
    await notifyRenewal(stack.worker.client, stack.worker.taskQueue, { subscriptionId: a.subscriptionId, accountId: a.accountId, productId: a.productId });
    const portal = await callerAs({ db: stack.db }, { portal: portalLoginId });
    expect((await portal.portal.subscriptions()).find((s) => s.id === a.subscriptionId)?.renewal).toEqual({ state: 'ends', on: a.periodEnd });
    await expect(stack.worker.client.workflow.getHandle(workflowIds.renewal(a.subscriptionId)).result()).resolves.toBe('cancelled');
    expect(await subscription(a.subscriptionId)).toMatchObject({ status: 'cancelled', current_period_end: a.periodEnd });
    expect(await renewalsOf(a.subscriptionId)).toEqual([]);
    expect(await stack.db.selectFrom('orders').select('id').where('account_id', '=', a.accountId).execute()).toEqual([]);
    expect(await stack.db.selectFrom('invoices').select('id').where('account_id', '=', a.accountId).execute()).toEqual([]);
    expect(await stack.db.selectFrom('payments as p').innerJoin('orders as o', 'o.id', 'p.order_id').select('p.id').where('o.account_id', '=', a.accountId).execute()).toEqual([]);
  });

  it('WF-4 corporate: at term end an open renewal invoice with the valid PO number and a net-30 due date, emailed with its PDF to the contact and the invoice recipients; the new term starts; paid in the portal (CP-6) the renewal is settled', async () => {
    const portalLoginId = `corp-${randomUUID().slice(0, 8)}`;
    const a = await accountWithRenewal(stack.db, { kind: 'corporate', endsInMs: 3_000, seats: 20, portalLoginId });
    const portal = await callerAs({ db: stack.db }, { portal: portalLoginId });
    // Sottoscrizioni: the row says when the next term's invoice comes and for how much.
    const row = async () => (await portal.portal.subscriptions()).find((s) => s.id === a.subscriptionId)?.renewal;
    expect(await row()).toEqual({ state: 'renews', on: a.periodEnd, amount: 20n * a.unit, currency: 'USD', netTermsDays: 30 });
    await stack.db.insertInto('purchase_orders').values([
      { id: newId('po'), account_id: a.accountId, number: 'PO-EXPIRED-1', expires_on: '2020-01-01' },
      { id: newId('po'), account_id: a.accountId, number: 'PO-VALID-2', expires_on: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) },
    ]).execute();
    const recipient = `ap-${randomUUID().slice(0, 8)}@fixture.example`;
    await stack.db.insertInto('invoice_recipients').values({ id: newId('irc'), account_id: a.accountId, email: recipient, name: 'Accounts Payable' }).execute();
    await notifyRenewal(stack.worker.client, stack.worker.taskQueue, { subscriptionId: a.subscriptionId, accountId: a.accountId, productId: a.productId });
    const { r, inv } = await until('the renewal invoice', async () => {
      const [row] = await renewalsOf(a.subscriptionId);
      const issued = row && (await invoiceOf(row));
      return issued ? { r: row, inv: issued } : null;
    });
    expect(r).toMatchObject({ kind: 'corporate', status: 'open', period_start: a.periodEnd, period_end: addPeriod(a.periodEnd, 'annual') });
    // The term started on net terms: the renewal order is fulfilled by the core, its invoice open.
    expect(await stack.db.selectFrom('orders').select(['kind', 'status']).where('id', '=', r.order_id).executeTakeFirstOrThrow()).toEqual({ kind: 'renewal', status: 'completed' });
    expect(inv).toMatchObject({ status: 'open', purchase_order_number: 'PO-VALID-2', total: 20n * a.unit, amount_paid: 0n });
    expect(inv.due_at!.getTime() - inv.issued_at.getTime()).toBe(30 * 86_400_000);
    expect(await subscription(a.subscriptionId)).toMatchObject({ status: 'active', current_period_start: a.periodEnd, current_period_end: addPeriod(a.periodEnd, 'annual') });
    for (const to of [a.billing.email, recipient]) {
      const [mail] = await settledEmailsTo(stack.db, to, new RegExp(`Invoice ${inv.number}`), { atLeast: 1 });
      expect(mail!.text).toContain('PO-VALID-2');
      // One attachment, the invoice as a PDF (MailDev keeps its type and renames the file).
      const full = (await (await fetch(`${process.env.MAILDEV_URL}/api/email/${mail!.id}`)).json()) as { attachments?: Array<{ contentType: string; generatedFileName: string }> };
      expect(full.attachments?.map((x) => [x.contentType, x.generatedFileName.endsWith('.pdf')])).toEqual([['application/pdf', true]]);
    }
    expect(await searchAttributesAt(stack.worker.client, workflowIds.renewal(a.subscriptionId), 'invoiced')).toMatchObject({ status: 'invoiced', orderId: r.order_id });
    // The portal shows the open renewal invoice with its due date and what to do.
    expect(await row()).toMatchObject({ state: 'invoiced', invoiceId: inv.id, invoiceNumber: inv.number, amountDue: inv.total, dueAt: inv.due_at, overdue: false });
    // CP-6 in the portal, in two parts: invoice payment orders fulfilled by the core pay the invoice; the
    // first leaves it open (the reminders go on), the second pays it and the renewal workflow, told after
    // the commit, settles the renewal.
    await payInvoiceInPortal(stack.db, { invoiceId: inv.id, amount: inv.total / 2n, client: stack.worker.client, taskQueue: stack.worker.taskQueue });
    expect(await stack.db.selectFrom('invoices').select(['status', 'amount_paid']).where('id', '=', inv.id).executeTakeFirstOrThrow()).toEqual({ status: 'open', amount_paid: inv.total / 2n });
    expect((await renewalsOf(a.subscriptionId))[0]?.status).toBe('open');
    await payInvoiceInPortal(stack.db, { invoiceId: inv.id, client: stack.worker.client, taskQueue: stack.worker.taskQueue });
    await until('the renewal to be settled', async () => (await renewalsOf(a.subscriptionId))[0]?.status === 'paid');
    expect(await stack.db.selectFrom('invoices').select(['status', 'amount_paid']).where('id', '=', inv.id).executeTakeFirstOrThrow()).toEqual({ status: 'paid', amount_paid: inv.total });
    expect(await searchAttributesAt(stack.worker.client, workflowIds.renewal(a.subscriptionId), 'waiting')).toMatchObject({ status: 'waiting' });
  });
});
