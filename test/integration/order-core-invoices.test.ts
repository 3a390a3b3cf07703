import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Trx } from '../../db/client';
import { creditBalance } from '../../db/credit';
import { newId } from '../../db/ids';
import { seedDemo } from '../../db/seed/demo';
import { addPeriod } from '../../server/billing';
import { fulfilOrder, issueOpenOrderInvoice } from '../../server/orders/fulfilment';
import { endUnfulfilledOrder } from '../../server/orders/undo';
import { writeOrder } from '../../server/orders/write';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { accountWithRenewal } from '../helpers/renewal-fixtures';

// The order core's open invoices (WF-4, and CP-6 / WF-5 alike), against real PostgreSQL: an invoice
// issued open before its order is paid and marked paid by that order's fulfilment, or voided when the
// order ends unfulfilled; an order fulfilled on net terms with its invoice open. And the renewal line: advanced from the old end,
// reactivating, refused when the period moved.

const SELLER = { name: 'Seatplan S.r.l.', country: 'IT', vat_number: 'IT12345678903' };
const DAY = 86_400_000;

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

/** A subscription whose period ends now and its renewal order (one renewal line, the next period), as the renewal activity writes it. */
async function renewalOrder(opts: { kind?: 'online' | 'corporate'; credit?: bigint } = {}) {
  const a = await accountWithRenewal(db, { kind: opts.kind ?? 'online', endsInMs: -60_000 });
  const planAmount = BigInt(a.seats) * a.unit;
  const creditApplied = opts.credit ?? 0n;
  const frequency = opts.kind === 'corporate' ? 'annual' : 'monthly';
  if (creditApplied > 0n) await db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: a.accountId, currency: 'USD', amount: creditApplied, reason: 'manual', note: 'goodwill' }).execute();
  const { orderId } = await db.transaction().execute((trx) =>
    writeOrder(trx, {
      accountId: a.accountId, kind: 'renewal', currency: 'USD',
      lines: [{ kind: 'renewal', subscriptionId: a.subscriptionId, productId: a.productId, tierId: 'tier_meeting_business', seats: a.seats, frequency, periodStart: a.periodEnd, periodEnd: addPeriod(a.periodEnd, frequency), planAmount, description: 'Meeting Business renewal' }],
      creditApplied, tax: 0n, total: planAmount - creditApplied, taxRateBasisPoints: 0, reverseCharge: false, vatNumber: null, idempotencyKey: randomUUID(), workflowId: (id) => `renewal-${a.subscriptionId}#${id}`,
      placedByUserId: null, at: new Date(), creditNote: 'Credit balance used for a renewal',
    }),
  );
  await db.insertInto('renewals').values({ id: newId('ren'), subscription_id: a.subscriptionId, account_id: a.accountId, kind: opts.kind ?? 'online', period_start: a.periodEnd, period_end: addPeriod(a.periodEnd, frequency), status: opts.kind === 'corporate' ? 'open' : 'pending', order_id: orderId, due_at: a.periodEnd }).execute();
  return { ...a, orderId, planAmount, total: planAmount - creditApplied, frequency };
}

/** The order's payment succeeded, as the core's payment step records it (the charge itself is the payment tests' business). */
const paid = (r: { accountId: string; orderId: string; total: bigint }) =>
  db.insertInto('payments').values({ id: newId('pay'), account_id: r.accountId, order_id: r.orderId, step: 'attempt-1', amount: r.total, currency: 'USD', status: 'succeeded' }).execute();
const order = (trx: Trx, id: string) => trx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
const fulfil = (orderId: string, onTerms: { days: number; purchaseOrderNumber: string | null } | null = null) =>
  db.transaction().execute(async (trx) => fulfilOrder(trx, { order: await order(trx, orderId), seller: SELLER, onTerms }));
const invoicesOf = (orderId: string) => db.selectFrom('invoices').selectAll().where('order_id', '=', orderId).execute();
const lines = (invoiceId: string) => db.selectFrom('invoice_lines').select(['kind', 'amount', 'period_start', 'period_end']).where('invoice_id', '=', invoiceId).orderBy('sort').execute();
const sub = (id: string) => db.selectFrom('subscriptions').select(['status', 'current_period_start', 'current_period_end', 'last_charge_amount', 'ended_at', 'seat_grace_until']).where('id', '=', id).executeTakeFirstOrThrow();

describe('Order core: invoices issued open, fulfilled on net terms, paid by the order that pays them', () => {
  it('WF-4 BC-9: an invoice issued open before the order is paid (due on receipt, the lines fulfilment prints, once) is marked paid by the order\'s fulfilment — no second invoice — which renews a lapsed subscription from the old end', async () => {
    const r = await renewalOrder({ credit: 300n });
    await db.updateTable('subscriptions').set({ status: 'lapsed', ended_at: new Date(), seat_grace_until: new Date(Date.now() + 30 * DAY) }).where('id', '=', r.subscriptionId).execute();
    const first = await db.transaction().execute(async (trx) => issueOpenOrderInvoice(trx, { order: await order(trx, r.orderId), seller: SELLER, dueAt: new Date(Date.now() - DAY) }));
    const again = await db.transaction().execute(async (trx) => issueOpenOrderInvoice(trx, { order: await order(trx, r.orderId), seller: SELLER, dueAt: new Date() }));
    expect(again).toEqual(first);
    const [open] = await invoicesOf(r.orderId);
    // A due date already passed: due on receipt. The plan for the new period, then the credit balance used.
    expect(open).toMatchObject({ id: first.id, status: 'open', amount_paid: 0n, total: r.total, due_at: open!.issued_at });
    expect(await lines(first.id)).toEqual([
      { kind: 'plan', amount: r.planAmount, period_start: r.periodEnd, period_end: addPeriod(r.periodEnd, 'monthly') },
      { kind: 'credit_applied', amount: -300n, period_start: null, period_end: null },
    ]);

    await paid(r);
    const done = await fulfil(r.orderId);
    expect(done).toMatchObject({ status: 'completed', invoice: { id: first.id, number: first.number } });
    const after = await invoicesOf(r.orderId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: 'paid', amount_paid: r.total });
    // The renewal line: the period from the old end (no gap, no overlap), active again, the lapse's marks cleared, the renewal paid.
    expect(await sub(r.subscriptionId)).toEqual({ status: 'active', current_period_start: r.periodEnd, current_period_end: addPeriod(r.periodEnd, 'monthly'), last_charge_amount: r.planAmount, ended_at: null, seat_grace_until: null });
    expect(await db.selectFrom('renewals').select('status').where('order_id', '=', r.orderId).executeTakeFirstOrThrow()).toEqual({ status: 'paid' });
  });

  it('WF-4: an order that ends unfulfilled voids the invoice issued open for it and gives its credit back', async () => {
    const r = await renewalOrder({ credit: 200n });
    const before = await creditBalance(db, r.accountId, 'USD');
    const inv = await db.transaction().execute(async (trx) => issueOpenOrderInvoice(trx, { order: await order(trx, r.orderId), seller: SELLER, dueAt: new Date() }));
    await endUnfulfilledOrder(db, r.orderId, 'failed', { key: 'errors.renewals.periodMoved', params: { product: 'Meeting', refunded: 'no' } });
    expect(await db.selectFrom('invoices').select(['status', 'number']).where('id', '=', inv.id).executeTakeFirstOrThrow()).toEqual({ status: 'void', number: inv.number });
    expect(await creditBalance(db, r.accountId, 'USD')).toBe(before + 200n);
  });

  it('WF-4 corporate CP-6: fulfilled on net terms the term starts and the invoice is issued open (due 30 days after its issue, the PO number) for invoice payment orders to settle (test/integration/invoice-payment.test.ts)', async () => {
    const r = await renewalOrder({ kind: 'corporate' });
    const done = await fulfil(r.orderId, { days: 30, purchaseOrderNumber: 'PO-77' });
    expect(done.status).toBe('completed');
    const [inv] = await invoicesOf(r.orderId);
    expect(inv).toMatchObject({ status: 'open', amount_paid: 0n, total: r.total, purchase_order_number: 'PO-77' });
    expect(inv!.due_at!.getTime() - inv!.issued_at.getTime()).toBe(30 * DAY);
    expect(await sub(r.subscriptionId)).toMatchObject({ status: 'active', current_period_start: r.periodEnd, current_period_end: addPeriod(r.periodEnd, 'annual') });
    // The renewal stays open, due with its invoice; the corporate contract runs on with the new term.
    expect(await db.selectFrom('renewals').select(['status', 'due_at']).where('order_id', '=', r.orderId).executeTakeFirstOrThrow()).toEqual({ status: 'open', due_at: inv!.due_at });
    expect(await db.selectFrom('accounts').select(['contract_start', 'contract_end']).where('id', '=', r.accountId).executeTakeFirstOrThrow()).toEqual({ contract_start: r.periodEnd, contract_end: addPeriod(r.periodEnd, 'annual') });
  });

  it('WF-4: a renewal whose subscription moved on (a change re-anchored its period) or ended is refused at fulfilment, whole: nothing applied, no invoice', async () => {
    const moved = await renewalOrder();
    await db.updateTable('subscriptions').set({ current_period_start: new Date(), current_period_end: new Date(Date.now() + 30 * DAY) }).where('id', '=', moved.subscriptionId).execute();
    await expect(fulfil(moved.orderId)).resolves.toEqual({ status: 'rejected', reason: { key: 'errors.renewals.periodMoved', params: { product: 'Meeting', refunded: 'yes' } } });
    const ended = await renewalOrder();
    await db.updateTable('subscriptions').set({ status: 'cancelled' }).where('id', '=', ended.subscriptionId).execute();
    await expect(fulfil(ended.orderId)).resolves.toMatchObject({ status: 'rejected' });
    for (const r of [moved, ended]) {
      expect(await invoicesOf(r.orderId)).toEqual([]);
      expect(await db.selectFrom('orders').select('status').where('id', '=', r.orderId).executeTakeFirstOrThrow()).toEqual({ status: 'processing' });
    }
  });
});
