import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextInvoiceNumber } from '../../db/invoice-numbers';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { callerAs, createAccount, unique } from '../helpers/realms';

/**
 * BO-1 accounts console through tRPC on a real database: which corporate accounts each staff role sees
 * (accountForStaff), search, the account page, and the self-service eligibility flag (CP-10) — with a
 * reason, audited, never by operations.
 */
describe('BO-1 the accounts console', () => {
  let t: TestDatabase;
  const staff = (email: string, locale: 'en' | 'it' = 'en') => callerAs({ db: t.db, locale }, { staff: email });
  let veraAccount = '';
  const ritaAccounts: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    await t.db.insertInto('staff').values({ id: 'staff_accounts_vera', email: 'vera.rep@accounts.example', name: 'Vera Rep', password_hash: 'not-used', role: 'sales_rep' }).execute();
    const vera = await createAccount(t.db, { kind: 'corporate', portalLoginId: unique('vera-customer') });
    veraAccount = vera.accountId;
    await t.db.updateTable('accounts').set({ sales_rep_staff_id: 'staff_accounts_vera', name: 'Initech (Vera)' }).where('id', '=', vera.accountId).execute();
    for (const name of ['Acme Anvils', 'Zeta Zippers', 'Beta 100% Brands']) {
      const a = await createAccount(t.db, { kind: 'corporate', portalLoginId: unique(name.split(' ')[0]!.toLowerCase()) });
      await t.db.updateTable('accounts').set({ sales_rep_staff_id: DEMO_IDS.staff.rita, name }).where('id', '=', a.accountId).execute();
      ritaAccounts.push(a.accountId);
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('BO-1: a rep lists only their own corporate accounts, by name; CAS and operations see every corporate account, never an online one', async () => {
    const rita = await staff('rita.rep@seatplan.example');
    const mine = await rita.backoffice.accounts.list();
    expect(mine.rows.map((a) => a.name)).toEqual(['Acme Anvils', 'Beta 100% Brands', 'Globex Corporation', 'Zeta Zippers']);
    expect(mine.nextCursor).toBeNull();
    for (const email of ['nora.cas@seatplan.example', 'otto.ops@seatplan.example']) {
      const all = (await (await staff(email)).backoffice.accounts.list()).rows.map((a) => a.id);
      expect(all).toEqual(expect.arrayContaining([DEMO_IDS.accounts.globex, veraAccount, ...ritaAccounts]));
      expect(all).not.toContain(DEMO_IDS.accounts.northwind);
      expect(all).not.toContain(DEMO_IDS.accounts.bottega);
    }
    await expect(rita.backoffice.accounts.get({ accountId: veraAccount })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'There is no such corporate account among the accounts you can see.' });
    await expect(rita.backoffice.accounts.get({ accountId: DEMO_IDS.accounts.northwind })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('BO-1: search by name, portal user ID or contact email; a % in the search is a character, not a wildcard; keyset pages by name', async () => {
    const rita = await staff('rita.rep@seatplan.example');
    const names = async (q: string) => (await rita.backoffice.accounts.list({ q })).rows.map((a) => a.name);
    expect(await names('glob')).toEqual(['Globex Corporation']);
    expect(await names('GLOBEX-BILLING')).toEqual(['Globex Corporation']);
    expect(await names('carla@globex')).toEqual(['Globex Corporation']);
    expect(await names('100%')).toEqual(['Beta 100% Brands']);
    expect(await names('%')).toEqual(['Beta 100% Brands']);
    expect(await names('initech')).toEqual([]); // Vera's, not Rita's
    const first = await rita.backoffice.accounts.list({ limit: 3 });
    expect(first.rows.map((a) => a.name)).toEqual(['Acme Anvils', 'Beta 100% Brands', 'Globex Corporation']);
    const second = await rita.backoffice.accounts.list({ limit: 3, cursor: first.nextCursor });
    expect(second.rows.map((a) => a.name)).toEqual(['Zeta Zippers']);
    expect(second.nextCursor).toBeNull();
  });

  it('BO-1: the account page has the contact and recipients, subscriptions, invoices with balances (overdue first), quotes, requests', async () => {
    const rita = await staff('rita.rep@seatplan.example');
    const a = await rita.backoffice.accounts.get({ accountId: DEMO_IDS.accounts.globex });
    expect(a.billTo).toMatchObject({ contact: { name: 'Carla Contact', email: 'carla@globex.example' }, portalUserId: 'globex-billing', city: 'Springfield', phone: '+1 217 555 0199' });
    expect(a.recipients.map((r) => r.email)).toEqual(['ap@globex.example']);
    expect(a.purchaseOrders.map((p) => p.number)).toEqual(['PO-4500012345']);
    expect(a.salesRep?.name).toBe('Rita Rep');
    expect(a.subscriptions.map((s) => [s.product, s.seats, s.status, s.canCancel])).toEqual([['Meeting', 50, 'active', true], ['Webinar', 5, 'expired', false], ['Training', 10, 'active', true]]);
    expect(a.invoices).toHaveLength(25);
    expect(a.invoices.every((i) => i.balance === i.total - i.paid)).toBe(true);
    const overdueCount = a.invoices.filter((i) => i.overdue).length;
    expect(a.invoices.slice(0, overdueCount).every((i) => i.overdue)).toBe(true);
    expect(a.quotes.map((q) => [q.id, q.status])).toEqual([[DEMO_IDS.globexQuote, 'pending']]);
    expect(a.requests.map((r) => r.id)).toEqual([DEMO_IDS.globexRequest]);
    const listed = (await rita.backoffice.accounts.list({ q: 'globex' })).rows[0]!;
    expect(listed).toMatchObject({ openRequests: 1, overdueInvoices: overdueCount });
    expect(listed.openBalance).toBe(a.invoices.filter((i) => i.status === 'open').reduce((s, i) => s + i.balance, 0n));
  });

  it('BO-1: invoices are listed overdue first (oldest due first), then newest first, each with its balance', async () => {
    const accountId = ritaAccounts[1]!;
    const day = 86_400_000;
    const issue = async (id: string, daysAgo: number, dueInDays: number, total: bigint, paid: bigint) =>
      t.db.transaction().execute(async (trx) => {
        const issuedAt = new Date(Date.now() - daysAgo * day);
        const n = await nextInvoiceNumber(trx, issuedAt);
        await trx.insertInto('invoices').values({
          id, account_id: accountId, number: n.number, year: n.year, seq: n.seq, issued_at: issuedAt, due_at: new Date(issuedAt.getTime() + dueInDays * day), currency: 'USD',
          subtotal: total, tax: 0n, total, amount_paid: paid, status: paid === total ? 'paid' : 'open', buyer: { name: 'Zeta' }, seller: { name: 'Seatplan' },
        }).execute();
      });
    await issue('inv_acc_paid', 90, 30, 50_000n, 50_000n);
    await issue('inv_acc_overdue_old', 70, 30, 30_000n, 0n);
    await issue('inv_acc_overdue', 45, 30, 20_000n, 5_000n);
    await issue('inv_acc_recent', 5, 30, 10_000n, 0n);
    const page = await (await staff('nora.cas@seatplan.example')).backoffice.accounts.get({ accountId });
    expect(page.invoices.map((i) => [i.id, i.overdue, i.balance])).toEqual([
      ['inv_acc_overdue_old', true, 30_000n],
      ['inv_acc_overdue', true, 15_000n],
      ['inv_acc_recent', false, 10_000n],
      ['inv_acc_paid', false, 0n],
    ]);
    const listed = (await (await staff('rita.rep@seatplan.example')).backoffice.accounts.list({ q: 'Zeta' })).rows[0]!;
    expect(listed).toMatchObject({ overdueInvoices: 2, openBalance: 55_000n });
  });

  it('CP-10 BO-1: the self-service eligibility flag changes with a reason, is audited, and is refused to operations and other reps', async () => {
    const rita = await staff('rita.rep@seatplan.example');
    const accountId = ritaAccounts[0]!;
    await expect(rita.backoffice.accounts.setEligibility({ accountId, eligible: false, reason: 'no' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await rita.backoffice.accounts.setEligibility({ accountId, eligible: false, reason: 'Open dispute about invoice SP-2026-000003.' })).toEqual({ accountId, selfServiceEligible: false });
    await expect(rita.backoffice.accounts.setEligibility({ accountId, eligible: false, reason: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'The account is already not eligible for self-service.' });
    const ritaIt = await staff('rita.rep@seatplan.example', 'it');
    await expect(ritaIt.backoffice.accounts.setEligibility({ accountId, eligible: false, reason: 'Ancora' })).rejects.toThrow("L'account è già non idoneo al self-service.");
    const page = await rita.backoffice.accounts.get({ accountId });
    expect(page).toMatchObject({ selfServiceEligible: false, eligibilityReason: 'Open dispute about invoice SP-2026-000003.' });
    expect(page.auditLog[0]).toMatchObject({ action: 'staff.eligibility_changed', actor: 'Rita Rep', actorRealm: 'staff', data: { before: true, after: false, reason: 'Open dispute about invoice SP-2026-000003.' } });
    const otto = await staff('otto.ops@seatplan.example');
    await expect(otto.backoffice.accounts.setEligibility({ accountId, eligible: true, reason: 'ops should not' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const vera = await staff('vera.rep@accounts.example');
    await expect(vera.backoffice.accounts.setEligibility({ accountId, eligible: true, reason: 'not my account' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const nora = await staff('nora.cas@seatplan.example');
    await nora.backoffice.accounts.setEligibility({ accountId, eligible: true, reason: 'Dispute settled.' });
    const flag = await t.db.selectFrom('accounts').select('self_service_eligible').where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(flag.self_service_eligible).toBe(true);
    expect(await t.db.selectFrom('audit_log').select('actor_id').where('account_id', '=', accountId).where('action', '=', 'staff.eligibility_changed').orderBy('id').execute()).toEqual([{ actor_id: DEMO_IDS.staff.rita }, { actor_id: DEMO_IDS.staff.nora }]);
  });

  it('BO-1: the home page counts what waits for each role', async () => {
    const rita = await (await staff('rita.rep@seatplan.example')).staff.home();
    expect(rita).toMatchObject({ accounts: 4, requests: { unresolved: 1, unassigned: 1, mine: 0 }, orders: null });
    const otto = await (await staff('otto.ops@seatplan.example')).staff.home();
    expect(otto.requests).toBeNull();
    expect(otto.orders).toMatchObject({ stuck: 0 });
    const me = await (await staff('nora.cas@seatplan.example')).staff.me();
    expect(me).toMatchObject({ role: 'cas', can: { accounts: true, manageAccounts: true, requests: true, orders: false }, temporalUiUrl: null });
  });
});
