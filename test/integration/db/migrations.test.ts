import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, isCheckViolation, isUniqueViolation, type Db } from '../../../db/client';
import { newId } from '../../../db/ids';
import { nextInvoiceNumber } from '../../../db/invoice-numbers';
import { creditBalance } from '../../../db/credit';
import { migrateDown, migrateToLatest } from '../../../db/migrate';
import { migrations } from '../../../db/migrations/index';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase({ max: 25 });
  db = t.db;
});
afterAll(async () => {
  await t?.drop();
});

async function userTables(d: Db): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(d);
  return r.rows.map((x) => x.table_name);
}

async function expectPgError(p: Promise<unknown>, check: (err: unknown) => boolean): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a database error').toBeDefined();
  if (!check(caught)) throw caught;
}

/** A small world: one account with a user, product, tier, subscription and an order. */
async function world(seats = 2) {
  const accountId = newId('acct');
  const userId = newId('usr');
  const productId = newId('prd');
  const tierId = newId('tier');
  const subId = newId('sub');
  const orderId = newId('ord');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({ id: accountId, name: 'Acme', kind: 'online', currency: 'USD', country: 'US', billing_contact_user_id: userId })
      .execute();
    await trx
      .insertInto('users')
      .values({ id: userId, account_id: accountId, email: `${userId.toLowerCase()}@acme.example`, name: 'U', password_hash: 'x' })
      .execute();
    await trx.insertInto('products').values({ id: productId, code: productId, name: 'P', trial_days: 14 }).execute();
    await trx.insertInto('plan_tiers').values({ id: tierId, product_id: productId, code: 'b', name: 'B', rank: 1 }).execute();
    await trx
      .insertInto('subscriptions')
      .values({ id: subId, account_id: accountId, product_id: productId, tier_id: tierId, seats, frequency: 'monthly', status: 'pending_trial', currency: 'USD' })
      .execute();
    await trx
      .insertInto('orders')
      .values({ id: orderId, account_id: accountId, kind: 'change', currency: 'USD', idempotency_key: `k-${orderId}` })
      .execute();
  });
  return { accountId, userId, productId, tierId, subId, orderId };
}

describe('migrations', () => {
  it('migrate up → down to zero (every table gone) → up again', async () => {
    const all = Object.keys(migrations);
    const before = await userTables(db);
    expect(before).toContain('accounts');
    expect(before).toContain('invoices');
    expect(before.length).toBeGreaterThanOrEqual(33);

    // a separate database so the shared one stays intact for the other tests
    const other = await createTestDatabase();
    try {
      const reverted = await migrateDown(other.db, 'all');
      expect(reverted).toEqual([...all].reverse());
      expect(await userTables(other.db)).toEqual([]);
      const leftovers = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'`.execute(other.db);
      expect(leftovers.rows[0]?.n).toBe(0);
      expect(await migrateToLatest(other.db)).toEqual(all);
      expect(await userTables(other.db)).toEqual(before);
      expect(await migrateToLatest(other.db)).toEqual([]);
      expect(await migrateDown(other.db, 1)).toEqual([all[all.length - 1]]);
      expect(await migrateToLatest(other.db)).toEqual([all[all.length - 1]]);
    } finally {
      await other.drop();
    }
  });

  it('parses bigint as bigint, timestamptz as Date, date as string', async () => {
    const r = await sql<{ b: bigint; ts: Date; d: string; arr: bigint[] }>`
      SELECT 9007199254740993::bigint AS b, now() AS ts, DATE '2026-02-28' AS d, ARRAY[1, 9007199254740993]::bigint[] AS arr`.execute(db);
    const row = r.rows[0]!;
    expect(row.b).toBe(9007199254740993n);
    expect(row.ts).toBeInstanceOf(Date);
    expect(row.d).toBe('2026-02-28');
    expect(row.arr).toEqual([1n, 9007199254740993n]);
  });
});

describe('guards', () => {
  it('negative seats → check violation', async () => {
    const w = await world();
    await expectPgError(
      db.updateTable('subscriptions').set({ seats: -1 }).where('id', '=', w.subId).execute(),
      (e) => isCheckViolation(e, 'subscriptions_seats_check'),
    );
    await expectPgError(
      db
        .insertInto('subscriptions')
        .values({ id: newId('sub'), account_id: w.accountId, product_id: w.productId, tier_id: w.tierId, seats: -3, frequency: 'annual', status: 'pending_trial', currency: 'USD' })
        .execute(),
      (e) => isCheckViolation(e, 'subscriptions_seats_check'),
    );
  });

  it('a second payment for the same order step → unique violation', async () => {
    const w = await world();
    const pay = () =>
      db
        .insertInto('payments')
        .values({ id: newId('pay'), account_id: w.accountId, order_id: w.orderId, step: 'charge', amount: 1600n, currency: 'USD' })
        .execute();
    await pay();
    await expectPgError(pay(), (e) => isUniqueViolation(e, 'payments_order_id_step_key'));
    // and a second order with the same idempotency key is refused too
    await expectPgError(
      db
        .insertInto('orders')
        .values({ id: newId('ord'), account_id: w.accountId, kind: 'change', currency: 'USD', idempotency_key: `k-${w.orderId}` })
        .execute(),
      (e) => isUniqueViolation(e, 'orders_idempotency_key_key'),
    );
  });

  it('a second open cart for one account → unique violation', async () => {
    const w = await world();
    await db.insertInto('carts').values({ id: newId('cart'), account_id: w.accountId }).execute();
    await expectPgError(
      db.insertInto('carts').values({ id: newId('cart'), account_id: w.accountId }).execute(),
      (e) => isUniqueViolation(e, 'carts_one_open_per_account'),
    );
    await db.updateTable('carts').set({ status: 'checked_out' }).where('account_id', '=', w.accountId).execute();
    await db.insertInto('carts').values({ id: newId('cart'), account_id: w.accountId }).execute();
  });

  it('seat assignments never exceed purchased seats; seats never drop below assignments', async () => {
    const w = await world(1);
    await db.insertInto('seat_assignments').values({ subscription_id: w.subId, user_id: w.userId }).execute();
    const other = newId('usr');
    await db
      .insertInto('users')
      .values({ id: other, account_id: w.accountId, email: `${other.toLowerCase()}@acme.example`, name: 'O', password_hash: 'x' })
      .execute();
    await expectPgError(
      db.insertInto('seat_assignments').values({ subscription_id: w.subId, user_id: other }).execute(),
      (e) => isCheckViolation(e, 'seat_assignments_within_seats'),
    );
    await expectPgError(
      db.updateTable('subscriptions').set({ seats: 0 }).where('id', '=', w.subId).execute(),
      (e) => isCheckViolation(e, 'subscriptions_seats_cover_assignments'),
    );
    // a user of another account can never hold a seat
    const w2 = await world(5);
    await expectPgError(
      db.insertInto('seat_assignments').values({ subscription_id: w2.subId, user_id: other }).execute(),
      (e) => isCheckViolation(e, 'seat_assignments_same_account'),
    );
  });

  it('the billing contact must be a user of the same account', async () => {
    const a = await world();
    const b = await world();
    await expectPgError(
      db.updateTable('accounts').set({ billing_contact_user_id: b.userId }).where('id', '=', a.accountId).execute(),
      (e) => (e as { code?: string }).code === '23503',
    );
  });

  it('email must be stored lowercased', async () => {
    const w = await world();
    await expectPgError(
      db
        .insertInto('users')
        .values({ id: newId('usr'), account_id: w.accountId, email: 'Mixed@Case.example', name: 'M', password_hash: 'x' })
        .execute(),
      (e) => isCheckViolation(e, 'users_email_lowercase'),
    );
  });

  it('period_end must follow period_start', async () => {
    const w = await world();
    const t0 = new Date('2026-01-31T10:00:00Z');
    await expectPgError(
      db
        .updateTable('subscriptions')
        .set({ status: 'active', current_period_start: t0, current_period_end: t0 })
        .where('id', '=', w.subId)
        .execute(),
      (e) => isCheckViolation(e, 'subscriptions_period_check'),
    );
  });

  it('an issued invoice refuses updates (except payment state) and deletes', async () => {
    const w = await world();
    const id = newId('inv');
    await db.transaction().execute(async (trx) => {
      const n = await nextInvoiceNumber(trx, new Date('2031-03-01T00:00:00Z'));
      await trx
        .insertInto('invoices')
        .values({
          id, account_id: w.accountId, number: n.number, year: n.year, seq: n.seq, issued_at: new Date('2031-03-01T00:00:00Z'),
          currency: 'USD', subtotal: 1000n, tax: 0n, total: 1000n, buyer: { name: 'Acme' }, seller: { name: 'Seatplan' },
        })
        .execute();
    });
    await expectPgError(
      db.updateTable('invoices').set({ total: 1n }).where('id', '=', id).execute(),
      (e) => isCheckViolation(e, 'invoices_immutable'),
    );
    await expectPgError(db.deleteFrom('invoices').where('id', '=', id).execute(), (e) => isCheckViolation(e, 'invoices_immutable'));
    await expectPgError(
      db.updateTable('invoices').set({ amount_paid: 1001n }).where('id', '=', id).execute(),
      (e) => isCheckViolation(e, 'invoices_amount_paid_check'),
    );
    await db.updateTable('invoices').set({ amount_paid: 1000n, status: 'paid' }).where('id', '=', id).execute();
    const inv = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(inv.amount_paid).toBe(1000n);
    expect(inv.number).toBe('SP-2031-000001');
  });

  it('gapless invoice numbering under 20 concurrent transactions (with rollbacks) yields 1..20', async () => {
    const w = await world();
    const issuedAt = new Date('2032-06-15T12:00:00Z');
    const attempt = (i: number) =>
      db.transaction().execute(async (trx) => {
        const n = await nextInvoiceNumber(trx, issuedAt);
        await trx
          .insertInto('invoices')
          .values({
            id: newId('inv'), account_id: w.accountId, number: n.number, year: n.year, seq: n.seq, issued_at: issuedAt,
            currency: 'USD', subtotal: 100n, tax: 0n, total: 100n, buyer: { name: 'Acme' }, seller: { name: 'Seatplan' },
          })
          .execute();
        if (i % 4 === 3) throw new Error('rolled back on purpose');
        return n.seq;
      });
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => attempt(i)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(19);
    // top up to 20 committed invoices
    await attempt(0);
    const rows = await db.selectFrom('invoices').select(['seq', 'number']).where('year', '=', 2032).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows[19]?.number).toBe('SP-2032-000020');
  });

  it('credit ledger: balance helper, never negative, one entry per order and reason', async () => {
    const w = await world();
    expect(await creditBalance(db, w.accountId)).toBe(0n);
    await db
      .insertInto('credit_ledger')
      .values({ id: newId('cred'), account_id: w.accountId, currency: 'USD', amount: 500n, reason: 'proration_credit', order_id: w.orderId })
      .execute();
    await expectPgError(
      db
        .insertInto('credit_ledger')
        .values({ id: newId('cred'), account_id: w.accountId, currency: 'USD', amount: 500n, reason: 'proration_credit', order_id: w.orderId })
        .execute(),
      (e) => isUniqueViolation(e, 'credit_ledger_order_id_reason_key'),
    );
    await expectPgError(
      db
        .insertInto('credit_ledger')
        .values({ id: newId('cred'), account_id: w.accountId, currency: 'USD', amount: -501n, reason: 'manual' })
        .execute(),
      (e) => isCheckViolation(e, 'credit_ledger_balance_not_negative'),
    );
    await db
      .insertInto('credit_ledger')
      .values({ id: newId('cred'), account_id: w.accountId, currency: 'USD', amount: -200n, reason: 'applied_to_order', order_id: w.orderId })
      .execute();
    expect(await creditBalance(db, w.accountId)).toBe(300n);
    expect(await creditBalance(db, w.accountId, 'EUR')).toBe(0n);
  });

  it('one default payment method per account; refunds never exceed the payment', async () => {
    const w = await world();
    await db.insertInto('payment_methods').values({ id: newId('pm'), account_id: w.accountId, kind: 'wire', is_default: true }).execute();
    await expectPgError(
      db.insertInto('payment_methods').values({ id: newId('pm'), account_id: w.accountId, kind: 'check', is_default: true }).execute(),
      (e) => isUniqueViolation(e, 'payment_methods_one_default_per_account'),
    );
    const payId = newId('pay');
    await db
      .insertInto('payments')
      .values({ id: payId, account_id: w.accountId, order_id: w.orderId, step: 'charge', amount: 1000n, currency: 'USD', status: 'succeeded' })
      .execute();
    await db.insertInto('refunds').values({ id: newId('re'), payment_id: payId, amount: 600n }).execute();
    await expectPgError(
      db.insertInto('refunds').values({ id: newId('re'), payment_id: payId, amount: 401n }).execute(),
      (e) => isCheckViolation(e, 'refunds_within_payment'),
    );
  });

  it('quote and case numbers come from sequences', async () => {
    const w = await world();
    const q = await db
      .insertInto('quotes')
      .values({ id: newId('quo'), account_id: w.accountId, source: 'sales_rep', currency: 'USD', subtotal: 0n, total: 0n, expires_at: new Date(Date.now() + 86_400_000) })
      .returning('number')
      .executeTakeFirstOrThrow();
    expect(q.number).toMatch(/^Q-\d{6}$/);
    const r = await db
      .insertInto('requests')
      .values({ id: newId('req'), account_id: w.accountId, category: 'other', details: 'hello' })
      .returning('case_number')
      .executeTakeFirstOrThrow();
    expect(r.case_number).toMatch(/^CAS-\d{4}-\d{6}$/);
  });
});

describe('ids', () => {
  it('newId is prefixed, 20 chars of Crockford base32, and sorts by creation', () => {
    const ids = Array.from({ length: 1000 }, () => newId('acct'));
    for (const id of ids) expect(id).toMatch(/^acct_[0-9A-HJKMNP-TV-Z]{20}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('createDb', () => {
  it('connects with a URL and honours max', async () => {
    const d = createDb(t.url, { max: 1 });
    try {
      const r = await sql<{ one: number }>`SELECT 1 AS one`.execute(d);
      expect(r.rows[0]?.one).toBe(1);
    } finally {
      await d.destroy();
    }
  });
});
