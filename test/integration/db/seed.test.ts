import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client';
import { creditBalance } from '../../../db/credit';
import { catalogUnitAmount } from '../../../db/seed/catalog';
import { DEMO_IDS, DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../../../db/seed/demo';
import { verifyPassword } from '../../../server/auth/password';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';

let t: TestDatabase;
let db: Db;
const now = new Date('2026-03-15T10:30:00Z');

async function rowCounts(d: Db): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(d);
  const out: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)}`.execute(d);
    out[table_name] = r.rows[0]?.n ?? -1;
  }
  return out;
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await seedDemo(db, now);
});
afterAll(async () => {
  await t?.drop();
});

describe('demo seed', () => {
  it('is idempotent: seeding twice (even concurrently, with another clock) changes nothing', async () => {
    const first = await rowCounts(db);
    const snapshot = await db.selectFrom('invoices').select(['id', 'number']).orderBy('id').execute();
    await Promise.all([seedDemo(db, new Date(now.getTime() + 86_400_000)), seedDemo(db, now)]);
    expect(await rowCounts(db)).toEqual(first);
    expect(await db.selectFrom('invoices').select(['id', 'number']).orderBy('id').execute()).toEqual(snapshot);
  });

  it('every account has exactly one billing contact, a user of that account', async () => {
    const accounts = await db
      .selectFrom('accounts')
      .leftJoin('users', (j) => j.onRef('users.id', '=', 'accounts.billing_contact_user_id').onRef('users.account_id', '=', 'accounts.id'))
      .select(['accounts.id', 'users.email'])
      .execute();
    expect(accounts).toHaveLength(3);
    for (const a of accounts) expect(a.email).toBeTruthy();
    const contacts = Object.fromEntries(accounts.map((a) => [a.id, a.email]));
    expect(contacts).toEqual({
      acct_bottega: 'giulia@bottega-rossi.example',
      acct_northwind: 'bella@northwind.example',
      acct_globex: 'carla@globex.example',
    });
  });

  it('Globex has 25 invoices, gapless numbers per year, the newest open', async () => {
    const globex = await db.selectFrom('invoices').selectAll().where('account_id', '=', 'acct_globex').orderBy('issued_at').execute();
    expect(globex).toHaveLength(25);
    expect(globex.at(-1)?.status).toBe('open');
    expect(globex.at(-1)?.amount_paid).toBe(0n);
    expect(globex.filter((i) => i.status === 'paid').length).toBeGreaterThanOrEqual(20);

    const all = await db.selectFrom('invoices').select(['year', 'seq', 'number', 'issued_at']).orderBy('issued_at').execute();
    const byYear = new Map<number, number[]>();
    for (const i of all) byYear.set(i.year, [...(byYear.get(i.year) ?? []), i.seq]);
    for (const [year, seqs] of byYear) {
      expect(seqs, `year ${year}`).toEqual(seqs.map((_, k) => k + 1)); // 1..n, in issue order
      const counter = await db.selectFrom('invoice_number_sequences').select('last_seq').where('year', '=', year).executeTakeFirstOrThrow();
      expect(counter.last_seq).toBe(seqs.length);
    }
    for (const i of all) expect(i.number).toBe(`SP-${i.year}-${String(i.seq).padStart(6, '0')}`);
    // invoice lines reconcile to the cent
    const sums = await db
      .selectFrom('invoices')
      .innerJoin('invoice_lines', 'invoice_lines.invoice_id', 'invoices.id')
      .select(['invoices.id', 'invoices.subtotal', sql<bigint>`sum(invoice_lines.amount)::bigint`.as('lines')])
      .groupBy(['invoices.id', 'invoices.subtotal'])
      .execute();
    for (const s of sums) expect(s.lines).toBe(s.subtotal);
  });

  it('catalog: 5 products × 3 tiers × 2 frequencies × 3 currencies, Meeting Business USD 1600/16000', async () => {
    expect((await db.selectFrom('products').select('id').execute()).length).toBe(5);
    expect((await db.selectFrom('plan_tiers').select('id').execute()).length).toBe(15);
    expect((await db.selectFrom('prices').select('id').execute()).length).toBe(90);
    const mb = await db
      .selectFrom('prices')
      .select(['frequency', 'unit_amount'])
      .where('tier_id', '=', 'tier_meeting_business')
      .where('currency', '=', 'USD')
      .orderBy('frequency')
      .execute();
    expect(mb).toEqual([
      { frequency: 'annual', unit_amount: 16000n },
      { frequency: 'monthly', unit_amount: 1600n },
    ]);
    const it = await db.selectFrom('tax_rates').select('rate_basis_points').where('country', '=', 'IT').executeTakeFirstOrThrow();
    expect(it.rate_basis_points).toBe(2200);
  });

  it('subscriptions match the demo story', async () => {
    const subs = await db.selectFrom('subscriptions').selectAll().orderBy('id').execute();
    const byId = Object.fromEntries(subs.map((s) => [s.id, s]));
    const bottega = byId[DEMO_IDS.subscriptions.bottegaMeeting]!;
    expect(bottega.status).toBe('trial');
    expect(bottega.trial_ends_at!.getTime() - now.getTime()).toBe(11 * 86_400_000);
    const nw = byId[DEMO_IDS.subscriptions.northwindMeeting]!;
    expect(nw.status).toBe('active');
    expect(nw.last_charge_amount).toBe(5n * catalogUnitAmount('meeting', 'business', 'monthly', 'USD'));
    expect(nw.current_period_end!.getTime()).toBeGreaterThan(now.getTime());
    const gm = byId[DEMO_IDS.subscriptions.globexMeeting]!;
    expect([gm.seats, gm.frequency, gm.tier_id]).toEqual([50, 'annual', 'tier_meeting_enterprise']);
    const globex = await db.selectFrom('accounts').selectAll().where('id', '=', 'acct_globex').executeTakeFirstOrThrow();
    expect(gm.current_period_end).toEqual(globex.contract_end);
    expect(globex.kind).toBe('corporate');
    expect(await creditBalance(db, 'acct_northwind')).toBe(0n);
  });

  it('Globex: one pending quote with lines, default card, portal credential, recipient, PO', async () => {
    const quotes = await db.selectFrom('quotes').selectAll().where('account_id', '=', 'acct_globex').execute();
    expect(quotes).toHaveLength(1);
    expect(quotes[0]?.status).toBe('pending');
    expect(quotes[0]?.created_by_staff_id).toBe('staff_rita');
    expect(quotes[0]!.expires_at.getTime() - now.getTime()).toBe(30 * 86_400_000);
    const lines = await db.selectFrom('quote_lines').selectAll().where('quote_id', '=', quotes[0]!.id).execute();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.reduce((s, l) => s + l.amount, 0n)).toBe(quotes[0]!.subtotal);
    const pm = await db.selectFrom('payment_methods').selectAll().where('account_id', '=', 'acct_globex').where('is_default', '=', true).execute();
    expect(pm.map((p) => p.kind)).toEqual(['card']);
    const cred = await db.selectFrom('portal_credentials').selectAll().where('login_id', '=', 'globex-billing').executeTakeFirstOrThrow();
    expect(cred.user_id).toBe('usr_globex_carla');
    expect(await verifyPassword(cred.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(cred.password_hash, 'wrong')).toBe(false);
    expect((await db.selectFrom('invoice_recipients').select('id').where('account_id', '=', 'acct_globex').execute()).length).toBe(1);
    const po = await db.selectFrom('purchase_orders').selectAll().where('account_id', '=', 'acct_globex').executeTakeFirstOrThrow();
    expect(po.expires_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('CP-13 BO-1: the staff roles are a sales rep, Corporate Account Services and operations; one open W-9 request waits in the queue', async () => {
    const staff = await db.selectFrom('staff').select(['id', 'role']).orderBy('id').execute();
    expect(staff).toEqual([
      { id: 'staff_nora', role: 'cas' },
      { id: 'staff_otto', role: 'ops' },
      { id: 'staff_rita', role: 'sales_rep' },
    ]);
    const requests = await db.selectFrom('requests').selectAll().execute();
    expect(requests.map((r) => [r.id, r.account_id, r.category, r.subcategory, r.status])).toEqual([[DEMO_IDS.globexRequest, 'acct_globex', 'form_request', 'w9_vendor_regional_forms', 'open']]);
    expect(requests[0]!.case_number).toMatch(/^CAS-\d{4}-\d{6}$/);
  });

  it('every demo login exists in its realm', async () => {
    for (const l of DEMO_LOGINS) {
      const table = l.realm === 'product' ? 'users' : l.realm === 'staff' ? 'staff' : null;
      if (table) {
        const row = await db.selectFrom(table).select(['email', 'name']).where('email', '=', l.login).executeTakeFirst();
        expect(row?.name, l.login).toBe(l.name);
      } else {
        expect(await db.selectFrom('portal_credentials').select('id').where('login_id', '=', l.login).executeTakeFirst()).toBeDefined();
      }
    }
  });
});
