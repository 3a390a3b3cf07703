import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { nextInvoiceNumber } from '../../db/invoice-numbers';
import type { OrderKind, OrderStatus } from '../../db/schema';
import { ORDER_KINDS } from '../../db/schema';
import { seedDemo } from '../../db/seed/demo';
import { env } from '../../server/env';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { callerAs, createAccount } from '../helpers/realms';

/**
 * BO-2 operations through tRPC on a real database: every order of every kind in one list (read
 * generically from `orders`), filters and keyset pages, an order page with everything the database
 * knows and its Temporal UI link, the failed and compensated orders of the last days.
 */
const MIN = 60_000;

async function order(db: Db, accountId: string, o: { kind: OrderKind; status: OrderStatus; ageMinutes: number; updatedMinutesAgo?: number; total?: bigint; workflowId?: string | null; failureReason?: string }) {
  const id = newId('ord');
  const created = new Date(Date.now() - o.ageMinutes * MIN);
  await db
    .insertInto('orders')
    .values({
      id, account_id: accountId, kind: o.kind, status: o.status, currency: 'USD', subtotal: o.total ?? 1000n, total: o.total ?? 1000n, idempotency_key: randomUUID(),
      workflow_id: o.workflowId === undefined ? `test-${id}` : o.workflowId, failure_reason: o.failureReason ?? null, created_at: created,
      updated_at: new Date(Date.now() - (o.updatedMinutesAgo ?? o.ageMinutes) * MIN), completed_at: o.status === 'completed' ? created : null,
    })
    .execute();
  return id;
}

describe('BO-2 operations: every order and its workflow', () => {
  let t: TestDatabase;
  let accountId = '';
  const ops = () => callerAs({ db: t.db }, { staff: 'otto.ops@seatplan.example' });

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    accountId = (await createAccount(t.db, { kind: 'corporate' })).accountId;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('BO-2: every kind of order is in the one list, newest first; filters by kind, status, account and age', async () => {
    const ids: Record<string, string> = {};
    for (const [i, kind] of ORDER_KINDS.entries()) ids[kind] = await order(t.db, accountId, { kind, status: 'completed', ageMinutes: 10 + 2 * i });
    const otto = await ops();
    const mine = await otto.ops.orders.list({ account: accountId });
    expect(mine.rows.map((r) => r.kind)).toEqual([...ORDER_KINDS]);
    expect(mine.rows[0]).toMatchObject({ id: ids.trial_start, workflowId: `test-${ids.trial_start}`, account: { id: accountId } });
    for (const kind of ORDER_KINDS) expect((await otto.ops.orders.list({ account: accountId, kind })).rows.map((r) => r.id)).toEqual([ids[kind]]);
    const accountName = (await t.db.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirstOrThrow()).name;
    expect((await otto.ops.orders.list({ account: accountName.slice(0, 10).toUpperCase() })).rows.length).toBeGreaterThanOrEqual(ORDER_KINDS.length);
    expect((await otto.ops.orders.list({ account: accountId, minAgeMinutes: 13 })).rows.map((r) => r.kind)).toEqual(['change', 'service_order', 'renewal', 'invoice_payment']);
    expect((await otto.ops.orders.list({ account: accountId, status: 'failed' })).rows).toEqual([]);
    await expect(otto.ops.orders.list({ kind: 'nonsense' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('BO-2: "stuck" is an unfinished order older than OPS_STUCK_AFTER_MINUTES; finished and young ones are not stuck', async () => {
    const a = (await createAccount(t.db, { kind: 'online' })).accountId;
    const threshold = env().OPS_STUCK_AFTER_MINUTES;
    const stuckProcessing = await order(t.db, a, { kind: 'change', status: 'processing', ageMinutes: threshold + 90 });
    const stuckAwaiting = await order(t.db, a, { kind: 'service_order', status: 'awaiting_payment', ageMinutes: threshold + 5 });
    await order(t.db, a, { kind: 'conversion', status: 'processing', ageMinutes: Math.max(1, threshold - 5) });
    await order(t.db, a, { kind: 'renewal', status: 'completed', ageMinutes: threshold + 500 });
    await order(t.db, a, { kind: 'invoice_payment', status: 'failed', ageMinutes: threshold + 500 });
    const otto = await ops();
    const stuck = await otto.ops.orders.list({ account: a, stuck: true });
    expect(stuck.stuckAfterMinutes).toBe(threshold);
    expect(stuck.rows.map((r) => r.id)).toEqual([stuckAwaiting, stuckProcessing]);
    expect(stuck.rows.every((r) => r.stuck)).toBe(true);
    const all = await otto.ops.orders.list({ account: a });
    expect(all.rows.filter((r) => r.stuck).map((r) => r.id).sort()).toEqual([stuckAwaiting, stuckProcessing].sort());
    expect((await otto.staff.home()).orders?.stuck).toBeGreaterThanOrEqual(2);
  });

  it('BO-2: keyset pages walk 120 orders without skipping or repeating one, even with equal timestamps', async () => {
    const a = (await createAccount(t.db, { kind: 'online' })).accountId;
    const same = new Date(Date.now() - 60 * MIN);
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: newId('ord'), account_id: a, kind: ORDER_KINDS[i % ORDER_KINDS.length]!, status: 'completed' as const, currency: 'USD' as const, idempotency_key: randomUUID(),
      created_at: i < 40 ? same : new Date(same.getTime() - i * 1000),
    }));
    await t.db.insertInto('orders').values(rows).execute();
    const expected = [...rows].sort((x, y) => y.created_at.getTime() - x.created_at.getTime() || (x.id < y.id ? 1 : -1)).map((r) => r.id);
    const otto = await ops();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Awaited<ReturnType<typeof otto.ops.orders.list>> = await otto.ops.orders.list({ account: a, cursor, limit: 50 });
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('BO-2: the order page shows lines, payments, refunds, invoices, emails, a timeline from the database and the Temporal UI link', async () => {
    const subscriptionId = newId('sub');
    await t.db.insertInto('subscriptions').values({ id: subscriptionId, account_id: accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 3, frequency: 'monthly', status: 'active', current_period_start: new Date(), current_period_end: new Date(Date.now() + 30 * 86_400_000), currency: 'USD' }).execute();
    const orderId = await order(t.db, accountId, { kind: 'conversion', status: 'failed', ageMinutes: 20, updatedMinutesAgo: 1, total: 4800n, workflowId: null, failureReason: 'The trial ended before the order was applied.' });
    await t.db.updateTable('orders').set({ workflow_id: `trial-${subscriptionId}#${orderId}` }).where('id', '=', orderId).execute();
    await t.db.insertInto('order_lines').values({ id: newId('ol'), order_id: orderId, kind: 'conversion', subscription_id: subscriptionId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 3, frequency: 'monthly', plan_amount: 4800n, description: 'Meeting Business — 3 seats' }).execute();
    const paymentId = newId('pay');
    await t.db.insertInto('payments').values({ id: paymentId, account_id: accountId, order_id: orderId, step: 'charge', amount: 4800n, currency: 'USD', status: 'refunded', stripe_payment_intent_id: `pi_${orderId}`, card_brand: 'visa', card_last4: '4242' }).execute();
    await t.db.insertInto('refunds').values({ id: newId('re'), payment_id: paymentId, amount: 4800n, stripe_refund_id: `re_${orderId}`, reason: 'order could not be applied' }).execute();
    const invoiceId = newId('inv');
    await t.db.transaction().execute(async (trx) => {
      const n = await nextInvoiceNumber(trx, new Date());
      await trx.insertInto('invoices').values({ id: invoiceId, account_id: accountId, order_id: orderId, number: n.number, year: n.year, seq: n.seq, currency: 'USD', subtotal: 4800n, tax: 0n, total: 4800n, buyer: { name: 'x' }, seller: { name: 'y' } }).execute();
    });
    await t.db.insertInto('email_outbox').values([
      { id: newId('mail'), idempotency_key: `trial-${subscriptionId}:${orderId}:confirmation`, to_address: 'ops-test@fixture.example', subject: 'Order confirmation', template: 'orderConfirmation', sent_at: new Date() },
      { id: newId('mail'), idempotency_key: `order-refund:${orderId}`, to_address: 'ops-test@fixture.example', subject: 'Refund', template: 'orderRefunded', attempts: 2, last_error: 'SMTP timeout' },
      { id: newId('mail'), idempotency_key: 'unrelated:ord_SOMETHINGELSE', to_address: 'x@fixture.example', subject: 'Other', template: 'x' },
    ]).execute();
    const otto = await ops();
    const o = await otto.ops.orders.get({ orderId });
    expect(o).toMatchObject({ id: orderId, kind: 'conversion', status: 'failed', total: 4800n, failureReason: 'The trial ended before the order was applied.', stuck: false });
    expect(o.lines).toEqual([expect.objectContaining({ kind: 'conversion', product: 'Meeting', tier: 'Business', seats: 3, planAmount: 4800n })]);
    expect(o.payments).toEqual([expect.objectContaining({ step: 'charge', status: 'refunded', card: 'visa •••• 4242', stripePaymentIntentId: `pi_${orderId}` })]);
    expect(o.refunds).toEqual([expect.objectContaining({ amount: 4800n, stripeRefundId: `re_${orderId}` })]);
    expect(o.invoices.map((i) => i.id)).toEqual([invoiceId]);
    expect(o.emails.map((m) => [m.template, m.sentAt !== null, m.lastError])).toEqual([['orderConfirmation', true, null], ['orderRefunded', false, 'SMTP timeout']]);
    const events = o.timeline.map((e) => e.event);
    expect(events[0]).toBe('order.placed');
    expect(events).toEqual(expect.arrayContaining(['payment.created', 'payment.refunded', 'refund.succeeded', 'invoice.issued', 'email.queued', 'email.sent', 'order.failed']));
    expect(o.timeline.map((e) => e.at.getTime())).toEqual([...o.timeline.map((e) => e.at.getTime())].sort((x, y) => x - y));
    // The workflow is the trial's (WF-1 carries the conversion); the link goes to it in the namespace of this deployment.
    const e = env();
    expect(o.workflow).toEqual({
      id: `trial-${subscriptionId}`,
      namespace: e.TEMPORAL_NAMESPACE,
      url: `${e.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${e.TEMPORAL_NAMESPACE}/workflows/trial-${subscriptionId}`,
      accountWorkflowsUrl: expect.stringContaining(`/namespaces/${e.TEMPORAL_NAMESPACE}/workflows?query=`),
    });
    await expect(otto.ops.orders.get({ orderId: 'ord_NOTANORDER0000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('BO-2: an invoice payment order (a line about an invoice, no product) shows the invoice it pays and its payment', async () => {
    const invoiceId = newId('inv');
    await t.db.transaction().execute(async (trx) => {
      const n = await nextInvoiceNumber(trx, new Date());
      await trx.insertInto('invoices').values({ id: invoiceId, account_id: accountId, number: n.number, year: n.year, seq: n.seq, currency: 'USD', subtotal: 9000n, tax: 0n, total: 9000n, buyer: { name: 'x' }, seller: { name: 'y' } }).execute();
    });
    const orderId = await order(t.db, accountId, { kind: 'invoice_payment', status: 'completed', ageMinutes: 5, total: 3000n });
    await t.db.insertInto('order_lines').values({ id: newId('ol'), order_id: orderId, kind: 'invoice_payment', invoice_id: invoiceId, seats: 0, plan_amount: 3000n, description: 'Part payment' }).execute();
    await t.db.insertInto('payments').values({ id: newId('pay'), account_id: accountId, order_id: orderId, invoice_id: invoiceId, step: 'charge', amount: 3000n, currency: 'USD', status: 'succeeded' }).execute();
    const o = await (await ops()).ops.orders.get({ orderId });
    const number = (await t.db.selectFrom('invoices').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow()).number;
    expect(o.lines).toEqual([expect.objectContaining({ kind: 'invoice_payment', product: null, tier: null, invoiceNumber: number, planAmount: 3000n })]);
    expect(o.invoices.map((i) => i.id)).toEqual([invoiceId]);
    expect(o.payments.map((p) => [p.amount, p.invoiceId])).toEqual([[3000n, invoiceId]]);
  });

  it('BO-2: failed and compensated orders of the last days — failed, cancelled, refunded, a compensated service order; older ones only with a longer window', async () => {
    const a = (await createAccount(t.db, { kind: 'corporate' })).accountId;
    const failed = await order(t.db, a, { kind: 'change', status: 'failed', ageMinutes: 100, updatedMinutesAgo: 60, failureReason: 'Card declined' });
    const cancelled = await order(t.db, a, { kind: 'conversion', status: 'cancelled', ageMinutes: 200, updatedMinutesAgo: 120 });
    const refunded = await order(t.db, a, { kind: 'conversion', status: 'completed', ageMinutes: 300, updatedMinutesAgo: 180, total: 2500n });
    const pay = newId('pay');
    await t.db.insertInto('payments').values({ id: pay, account_id: a, order_id: refunded, step: 'charge', amount: 2500n, currency: 'USD', status: 'partially_refunded' }).execute();
    await t.db.insertInto('refunds').values({ id: newId('re'), payment_id: pay, amount: 1000n }).execute();
    const serviceOrder = await order(t.db, a, { kind: 'service_order', status: 'failed', ageMinutes: 400, updatedMinutesAgo: 240 });
    const quote = newId('quo');
    await t.db.insertInto('quotes').values({ id: quote, account_id: a, source: 'add_seats', currency: 'USD', subtotal: 0n, total: 0n, expires_at: new Date(Date.now() + 86_400_000), status: 'accepted', sent_at: new Date(), decided_at: new Date() }).execute();
    await t.db.insertInto('service_orders').values({ id: newId('so'), account_id: a, quote_id: quote, status: 'compensated', order_id: serviceOrder, placed_at: new Date() }).execute();
    const old = await order(t.db, a, { kind: 'renewal', status: 'failed', ageMinutes: 15 * 1440, updatedMinutesAgo: 10 * 1440 });
    await order(t.db, a, { kind: 'renewal', status: 'completed', ageMinutes: 50 });
    const otto = await ops();
    const week = (await otto.ops.orders.failures({ days: 7 })).rows.filter((r) => r.account.id === a);
    expect(week.map((r) => r.id)).toEqual([failed, cancelled, refunded, serviceOrder]);
    expect(week.find((r) => r.id === refunded)).toMatchObject({ compensated: true, refunded: 1000n });
    expect(week.find((r) => r.id === serviceOrder)).toMatchObject({ compensated: true });
    expect(week.find((r) => r.id === failed)).toMatchObject({ compensated: false, failureReason: 'Card declined' });
    const month = (await otto.ops.orders.failures({ days: 30 })).rows.filter((r) => r.account.id === a);
    expect(month.map((r) => r.id)).toContain(old);
    await expect(otto.ops.orders.failures({ days: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('BO-2: sales reps and Corporate Account Services cannot open the operations pages', async () => {
    for (const email of ['rita.rep@seatplan.example', 'nora.cas@seatplan.example']) {
      const c = await callerAs({ db: t.db }, { staff: email });
      await expect(c.ops.orders.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
