import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCheckViolation, isUniqueViolation, type Db } from '../../db/client';
import { creditBalance } from '../../db/credit';
import { newId } from '../../db/ids';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { createSmtpMailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { fulfilOrder } from '../../server/orders/fulfilment';
import { lineHandlers } from '../../server/orders/lines';
import { writeOrder, type OrderDraft } from '../../server/orders/write';
import { createStripeGateway } from '../../server/payments/stripe-gateway';
import { createActivities } from '../../workflows/activities';
import { workflowIds } from '../../workflows/shared';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount } from '../helpers/realms';

// The order core (issue 13) on its own, against real PostgreSQL: the one writer and the one
// fulfilment with the shapes the coming order kinds need — lines about no subscription (paying part of
// an invoice, CP-6 / WF-5) and one order touching several subscriptions (a service order, CP-10 / WF-3).

const key = () => randomUUID().replace(/-/g, '');
const SELLER = { name: 'Seatplan S.r.l.', country: 'IT', vat_number: 'IT12345678903' };

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await seedDemo(db);
});
afterAll(async () => {
  await t?.drop();
});

/** A draft of the given lines whose amounts add up (no tax, no credit unless given). */
function draft(accountId: string, kind: OrderDraft['kind'], lines: OrderDraft['lines'], over: Partial<OrderDraft> = {}): OrderDraft {
  const subtotal = lines.reduce((s, l) => s + l.planAmount - (l.creditAmount ?? 0n), 0n);
  const creditApplied = over.creditApplied ?? 0n;
  return {
    accountId, kind, currency: 'USD', lines, creditApplied, tax: 0n, total: subtotal - creditApplied > 0n ? subtotal - creditApplied : 0n,
    taxRateBasisPoints: 0, reverseCharge: false, vatNumber: null, idempotencyKey: key(), workflowId: () => null, placedByUserId: null,
    at: new Date(), creditNote: 'Credit balance used for a test order', ...over,
  };
}

describe('Order core: one writer and one fulfilment for every order kind', () => {
  it('CP-6 WF-5 shape: an order paying part of an open invoice — no product, no subscription — is written with its line, the credit it uses and its idempotency key in one transaction; the same key again writes nothing', async () => {
    const invoice = await db.selectFrom('invoices').select(['id', 'number', 'total', 'amount_paid']).where('account_id', '=', DEMO_IDS.accounts.globex).where('status', '=', 'open').orderBy('issued_at', 'desc').executeTakeFirstOrThrow();
    const part = (invoice.total - invoice.amount_paid) / 2n;
    expect(part).toBeGreaterThan(500n);
    await db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: DEMO_IDS.accounts.globex, currency: 'USD', amount: 500n, reason: 'manual', note: 'goodwill' }).execute();
    const before = await creditBalance(db, DEMO_IDS.accounts.globex, 'USD');
    const order = draft(DEMO_IDS.accounts.globex, 'invoice_payment', [{ kind: 'invoice_payment', invoiceId: invoice.id, planAmount: part, description: `Payment towards invoice ${invoice.number}` }], { creditApplied: 500n });

    const { orderId } = await db.transaction().execute((trx) => writeOrder(trx, order));
    expect(await db.selectFrom('orders').select(['kind', 'status', 'subtotal', 'credit_applied', 'total', 'idempotency_key']).where('id', '=', orderId).executeTakeFirstOrThrow()).toEqual({
      kind: 'invoice_payment', status: 'processing', subtotal: part, credit_applied: 500n, total: part - 500n, idempotency_key: order.idempotencyKey,
    });
    expect(await db.selectFrom('order_lines').select(['kind', 'invoice_id', 'subscription_id', 'product_id', 'tier_id', 'plan_amount', 'change_in_flight']).where('order_id', '=', orderId).execute()).toEqual([
      { kind: 'invoice_payment', invoice_id: invoice.id, subscription_id: null, product_id: null, tier_id: null, plan_amount: part, change_in_flight: false },
    ]);
    expect(await creditBalance(db, DEMO_IDS.accounts.globex, 'USD')).toBe(before - 500n);

    // A repeated request (double click, retry) with the same key: refused by the database, and nothing of it stays.
    const again = await db.transaction().execute((trx) => writeOrder(trx, { ...order })).catch((e: unknown) => e);
    expect(isUniqueViolation(again, 'orders_idempotency_key_key')).toBe(true);
    expect(await db.selectFrom('orders').select('id').where('idempotency_key', '=', order.idempotencyKey).execute()).toHaveLength(1);
    expect(await creditBalance(db, DEMO_IDS.accounts.globex, 'USD')).toBe(before - 500n);
  });

  it('Order core: amounts that do not add up, or an order without lines, are refused before anything is written', async () => {
    const sub = await db.selectFrom('subscriptions').selectAll().where('id', '=', DEMO_IDS.subscriptions.globexMeeting).executeTakeFirstOrThrow();
    const line = { kind: 'seat_addition' as const, subscriptionId: sub.id, productId: sub.product_id, tierId: sub.tier_id, seats: 2, frequency: sub.frequency, planAmount: 10_000n, description: '2 seats' };
    const wrongTotal = draft(sub.account_id, 'service_order', [line], { total: 9_999n });
    await expect(db.transaction().execute((trx) => writeOrder(trx, wrongTotal))).rejects.toThrow(/do not add up/);
    await expect(db.transaction().execute((trx) => writeOrder(trx, draft(sub.account_id, 'service_order', [])))).rejects.toThrow(/at least one line/);
    expect(await db.selectFrom('orders').select('id').where('idempotency_key', '=', wrongTotal.idempotencyKey).execute()).toEqual([]);
  });

  it('Order core: the database refuses a line whose shape does not fit its kind, and an in-flight mark on anything but a change', async () => {
    const { orderId } = await db.transaction().execute((trx) =>
      writeOrder(trx, draft(DEMO_IDS.accounts.globex, 'service_order', [{ kind: 'seat_addition', subscriptionId: DEMO_IDS.subscriptions.globexMeeting, productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 1, frequency: 'annual', planAmount: 100n, description: '1 seat' }])),
    );
    const row = { order_id: orderId, seats: 0, plan_amount: 1n };
    const invoiceId = (await db.selectFrom('invoices').select('id').where('account_id', '=', DEMO_IDS.accounts.globex).executeTakeFirstOrThrow()).id;
    const refused = async (values: object, constraint: string) => {
      const err = await db.insertInto('order_lines').values({ id: newId('ol'), ...row, ...values } as never).execute().catch((e: unknown) => e);
      expect(isCheckViolation(err, constraint), `${JSON.stringify(values)} → ${String(err)}`).toBe(true);
    };
    await refused({ kind: 'invoice_payment', invoice_id: invoiceId, product_id: 'prd_meeting', tier_id: 'tier_meeting_enterprise' }, 'order_lines_kind_shape_check');
    await refused({ kind: 'conversion', product_id: 'prd_meeting', tier_id: 'tier_meeting_enterprise', frequency: 'annual' }, 'order_lines_kind_shape_check');
    await refused({ kind: 'change', subscription_id: DEMO_IDS.subscriptions.globexTraining, product_id: 'prd_training', tier_id: 'tier_training_business', frequency: 'annual' }, 'order_lines_kind_shape_check');
    await refused({ kind: 'renewal', subscription_id: DEMO_IDS.subscriptions.globexTraining, product_id: 'prd_training', tier_id: 'tier_training_business', frequency: 'annual', change_in_flight: true, subscription_version: 0 }, 'order_lines_in_flight_is_change');
  });

  it('CP-10 WF-3: one order adding seats to several subscriptions is fulfilled whole by the seat_addition handler — seats added, one invoice with the order\'s PO and due date, seats × the price per seat and the prorated amounts — or, with a line no handler takes, not at all', async () => {
    const subs = await db.selectFrom('subscriptions').selectAll().where('id', 'in', [DEMO_IDS.subscriptions.globexMeeting, DEMO_IDS.subscriptions.globexTraining]).orderBy('id').execute();
    const lines = subs.map((s, i) => ({ kind: 'seat_addition' as const, subscriptionId: s.id, productId: s.product_id, tierId: s.tier_id, seats: i + 2, frequency: s.frequency, periodStart: new Date(), periodEnd: s.current_period_end, planAmount: 1_000n * BigInt(i + 2), unitAmount: 1_900n, description: `${i + 2} seats` }));
    const { orderId } = await db.transaction().execute((trx) => writeOrder(trx, draft(DEMO_IDS.accounts.globex, 'service_order', lines, { purchaseOrderNumber: 'PO-CORE-1', invoiceDueDays: 30 })));
    const fulfil = (handlers?: Parameters<typeof fulfilOrder>[1]['handlers']) =>
      db.transaction().execute(async (trx) => {
        const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
        return fulfilOrder(trx, { order, seller: SELLER, handlers });
      });

    // No handler for the kind: a permanent failure (the workflow ends the order), and nothing was applied.
    await expect(fulfil({ ...lineHandlers, seat_addition: undefined })).rejects.toMatchObject({ type: 'UnsupportedOrderLine', nonRetryable: true });
    expect((await db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status).toBe('processing');

    // The real handler: every line checked first, then each applied; one invoice of both.
    const done = await fulfil();
    expect(done.status).toBe('completed');
    const after = await db.selectFrom('subscriptions').select(['id', 'seats']).where('id', 'in', subs.map((s) => s.id)).orderBy('id').execute();
    expect(after).toEqual(subs.map((s, i) => ({ id: s.id, seats: s.seats + i + 2 })));
    const invoice = await db.selectFrom('invoices').select(['id', 'total', 'status', 'purchase_order_number', 'issued_at', 'due_at']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ total: 5_000n, status: 'paid', purchase_order_number: 'PO-CORE-1' });
    expect(invoice.due_at!.getTime() - invoice.issued_at.getTime()).toBe(30 * 86_400_000);
    expect(await db.selectFrom('invoice_lines').select(['quantity', 'unit_amount', 'amount']).where('invoice_id', '=', invoice.id).orderBy('sort').execute()).toEqual([
      { quantity: 2, unit_amount: 1_900n, amount: 2_000n },
      { quantity: 3, unit_amount: 1_900n, amount: 3_000n },
    ]);
  });

  it('CP-10 WF-3: a seat addition priced for a subscription that ended meanwhile is refused before any line is applied; one for a product new to the account starts a subscription for its period', async () => {
    const account = await createAccount(db, { kind: 'corporate' });
    const now = new Date();
    const end = new Date(now.getTime() + 200 * 86_400_000);
    const ended = newId('sub');
    await db.insertInto('subscriptions').values({ id: ended, account_id: account.accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 4, frequency: 'annual', status: 'cancelled', currency: 'USD', current_period_start: now, current_period_end: end }).execute();
    const meeting = { kind: 'seat_addition' as const, subscriptionId: ended, productId: 'prd_meeting', tierId: 'tier_meeting_business', seats: 2, frequency: 'annual' as const, periodStart: now, periodEnd: end, planAmount: 700n, description: '2 seats' };
    const training = { kind: 'seat_addition' as const, subscriptionId: null, productId: 'prd_training', tierId: 'tier_training_business', seats: 3, frequency: 'annual' as const, periodStart: now, periodEnd: end, planAmount: 900n, description: '3 seats' };
    const fulfil = (orderId: string) =>
      db.transaction().execute(async (trx) => fulfilOrder(trx, { order: await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow(), seller: SELLER }));

    const refusedOrder = await db.transaction().execute((trx) => writeOrder(trx, draft(account.accountId, 'service_order', [training, meeting])));
    expect(await fulfil(refusedOrder.orderId)).toEqual({ status: 'rejected', reason: { key: 'errors.serviceOrder.subscriptionEnded', params: { product: 'Meeting', refunded: 'yes' } } });
    expect(await db.selectFrom('subscriptions').select('id').where('account_id', '=', account.accountId).where('product_id', '=', 'prd_training').execute()).toEqual([]);

    const newProduct = await db.transaction().execute((trx) => writeOrder(trx, draft(account.accountId, 'service_order', [training])));
    expect((await fulfil(newProduct.orderId)).status).toBe('completed');
    expect(await db.selectFrom('subscriptions').select(['status', 'seats', 'tier_id', 'frequency', 'current_period_end', 'last_charge_amount']).where('account_id', '=', account.accountId).where('product_id', '=', 'prd_training').executeTakeFirstOrThrow()).toEqual({
      status: 'active', seats: 3, tier_id: 'tier_training_business', frequency: 'annual', current_period_end: end, last_charge_amount: 900n,
    });
  });

  it('WF-2: a change line is applied only to the version it was priced against, and not below the seats assigned meanwhile (checked on the subscription fulfilment locked); refused, nothing is applied', async () => {
    const account = await createAccount(db, { kind: 'online' });
    const now = new Date();
    const start = new Date(now.getTime() - 86_400_000);
    const end = new Date(start.getTime() + 30 * 86_400_000);
    const subscriptionId = newId('sub');
    await db.insertInto('subscriptions').values({ id: subscriptionId, account_id: account.accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 3, frequency: 'monthly', status: 'active', currency: 'USD', current_period_start: start, current_period_end: end, last_charge_amount: 4_500n }).execute();
    const version = (await db.selectFrom('subscriptions').select('version').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).version;
    const change = (seats: number, v: number) => ({ kind: 'change' as const, subscriptionId, subscriptionVersion: v, productId: 'prd_meeting', tierId: 'tier_meeting_business', seats, frequency: 'monthly' as const, periodStart: now, periodEnd: new Date(now.getTime() + 30 * 86_400_000), planAmount: 1_500n * BigInt(seats), creditAmount: 1_000n, description: `Meeting Business × ${seats}` });
    const place = (seats: number, v: number) => db.transaction().execute((trx) => writeOrder(trx, draft(account.accountId, 'change', [change(seats, v)])));
    const fulfil = (orderId: string) =>
      db.transaction().execute(async (trx) => fulfilOrder(trx, { order: await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow(), seller: SELLER }));
    const end_ = (orderId: string) => db.updateTable('orders').set({ status: 'failed' }).where('id', '=', orderId).execute();
    const untouched = async () => expect(await db.selectFrom('subscriptions').select(['seats', 'version']).where('id', '=', subscriptionId).executeTakeFirstOrThrow()).toEqual({ seats: 3, version });

    // Priced against another version than the subscription's.
    const stale = await place(4, version + 1);
    expect(await fulfil(stale.orderId)).toEqual({ status: 'rejected', reason: { key: 'errors.order.changedMeanwhile', params: { product: 'Meeting', refunded: 'yes' } } });
    await untouched();
    await end_(stale.orderId);

    await db.insertInto('seat_assignments').values([account.billing.id, account.admin.id, account.standard.id].map((user_id) => ({ subscription_id: subscriptionId, user_id }))).execute();
    const fewer = await place(2, version);
    expect(await fulfil(fewer.orderId)).toEqual({ status: 'rejected', reason: { key: 'errors.order.seatsAssignedMeanwhile', params: { assigned: 3, product: 'Meeting', unassign: 1, refunded: 'yes' } } });
    await untouched();
    await end_(fewer.orderId);

    const good = await place(4, version);
    expect((await fulfil(good.orderId)).status).toBe('completed');
    expect(await db.selectFrom('subscriptions').select(['seats', 'version']).where('id', '=', subscriptionId).executeTakeFirstOrThrow()).toEqual({ seats: 4, version: version + 1 });
  });

  it('WF-1 BC-3 WF-4: the generic fulfilOrder activity fulfils a conversion exactly like WF-1\'s activateOrder — the trial active, one invoice, the renewal workflow told — and a re-run returns the same documents', async () => {
    const account = await createAccount(db, { kind: 'online' });
    const subscriptionId = newId('sub');
    const now = new Date();
    await db.insertInto('subscriptions').values({ id: subscriptionId, account_id: account.accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 1, frequency: 'monthly', status: 'trial', currency: 'USD', trial_started_at: now, trial_ends_at: new Date(now.getTime() + 86_400_000) }).execute();
    const periodEnd = new Date(now.getTime() + 30 * 86_400_000);
    const { orderId } = await db.transaction().execute((trx) =>
      writeOrder(trx, draft(account.accountId, 'conversion', [{ kind: 'conversion', subscriptionId, productId: 'prd_meeting', tierId: 'tier_meeting_business', seats: 3, frequency: 'monthly', periodStart: now, periodEnd, planAmount: 4_500n, description: 'Meeting Business' }])),
    );
    const e = env();
    const mailer = createSmtpMailer(e);
    const connection = await Connection.connect({ address: e.TEMPORAL_ADDRESS });
    const client = new Client({ connection, namespace: e.TEMPORAL_NAMESPACE });
    // The activities run as the worker runs them: in an activity context with the worker's client and a
    // task queue (no worker polls this one, so the renewal workflow they start only waits there).
    const activity = new MockActivityEnvironment({ taskQueue: `order-core-${key()}` }, { client });
    try {
      const acts = createActivities({ db, payments: createStripeGateway(e), mailer, appUrl: e.APP_URL, seller: SELLER });
      const first = await activity.run(() => acts.fulfilOrder({ orderId }));
      expect(first).toMatchObject({ status: 'completed', invoiceNumber: expect.stringMatching(/^SP-\d{4}-\d{6}$/) });
      expect(await db.selectFrom('subscriptions').select(['status', 'seats', 'current_period_end', 'last_charge_amount']).where('id', '=', subscriptionId).executeTakeFirstOrThrow()).toEqual({ status: 'active', seats: 3, current_period_end: periodEnd, last_charge_amount: 4_500n });
      expect(await activity.run(() => acts.activateOrder({ orderId }))).toEqual(first);
      expect(await db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
      // WF-4: after the commit the fulfilment told the subscription's renewal workflow (started it, here).
      const renewal = client.workflow.getHandle(workflowIds.renewal(subscriptionId));
      expect((await renewal.describe()).status.name).toBe('RUNNING');
      await renewal.terminate('test over');
    } finally {
      mailer.close();
      await connection.close();
    }
  });
});
