import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber, nextInvoiceNumber } from '../../db/invoice-numbers';
import { BILLING_HISTORY_PAGE, type BillingHistoryRow } from '../../server/services/invoices';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { callerAs, createAccount } from '../helpers/realms';

const INVOICES = 60;
const CREDIT_NOTES = 7;
const PARTY = { name: 'Fixture', country: 'US' };

/**
 * BC-8 billing history with more documents than a page: invoices and credit notes interleaved, some
 * issued at the same instant (the number breaks the tie), paged by keyset both ways.
 */
describe('BC-8 billing history pages', () => {
  let t: TestDatabase;
  let fixture: Awaited<ReturnType<typeof createAccount>>;
  const base = Date.UTC(2026, 0, 10);

  beforeAll(async () => {
    t = await createTestDatabase();
    fixture = await createAccount(t.db, { kind: 'online' });
    await t.db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      for (let i = 0; i < INVOICES; i++) {
        // Pairs share an instant: the order must still be total and stable.
        const issuedAt = new Date(base + Math.floor(i / 2) * 3_600_000);
        const num = await nextInvoiceNumber(trx, issuedAt);
        const id = newId('inv');
        ids.push(id);
        await trx.insertInto('invoices').values({ id, account_id: fixture.accountId, number: num.number, year: num.year, seq: num.seq, issued_at: issuedAt, currency: 'USD', subtotal: 1000n, tax: 0n, total: 1000n + BigInt(i), amount_paid: 1000n + BigInt(i), status: 'paid', buyer: PARTY, seller: PARTY }).execute();
      }
      for (let i = 0; i < CREDIT_NOTES; i++) {
        const issuedAt = new Date(base + (3 + i * 4) * 3_600_000); // at the same instants as some invoices
        const num = await nextCreditNoteNumber(trx, issuedAt);
        const id = newId('cn');
        await trx.insertInto('credit_notes').values({ id, invoice_id: ids[i]!, account_id: fixture.accountId, number: num.number, year: num.year, seq: num.seq, currency: 'USD', amount: 50n, reason: 'unused time', issued_at: issuedAt, seller: PARTY, buyer: PARTY }).execute();
        await trx.insertInto('credit_note_lines').values({ id: newId('cnl'), credit_note_id: id, description: 'unused time', quantity: 1, unit_amount: 50n, amount: 50n }).execute();
      }
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  const key = (r: BillingHistoryRow) => `${r.issuedAt.toISOString()} ${r.number}`;

  it('BC-8: older pages follow one another until the first document; newer pages lead back; every document once, newest first', async () => {
    const caller = await callerAs({ db: t.db }, { product: fixture.billing.email });
    const forward: BillingHistoryRow[][] = [];
    let page = await caller.invoices.history();
    expect(page.newer).toBeNull();
    forward.push(page.rows);
    while (page.older) {
      page = await caller.invoices.history({ before: page.older });
      forward.push(page.rows);
    }
    const all = forward.flat();
    expect(all).toHaveLength(INVOICES + CREDIT_NOTES);
    expect(forward.every((p) => p.length <= BILLING_HISTORY_PAGE)).toBe(true);
    expect(forward).toHaveLength(Math.ceil((INVOICES + CREDIT_NOTES) / BILLING_HISTORY_PAGE));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.map(key)).toEqual(all.map(key).sort().reverse());
    expect(all.filter((r) => r.kind === 'credit_note')).toHaveLength(CREDIT_NOTES);
    expect(all.find((r) => r.kind === 'credit_note')!.corrects).toMatch(/^SP-2026-/);

    // Back from the last page: the same pages in reverse order.
    const backward: BillingHistoryRow[][] = [];
    while (page.newer) {
      page = await caller.invoices.history({ after: page.newer });
      backward.push(page.rows);
    }
    expect(backward.reverse().map((p) => p.map((r) => r.id))).toEqual(forward.slice(0, -1).map((p) => p.map((r) => r.id)));
  });

  it("BC-8: a cursor that is not ours is refused with a clear message; another account's history holds none of these documents", async () => {
    const caller = await callerAs({ db: t.db }, { product: fixture.billing.email });
    await expect(caller.invoices.history({ before: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.invoices.history({ before: Buffer.from("2026-01-01T00:00:00.000Z|x' OR 1=1").toString('base64url') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const other = await createAccount(t.db, { kind: 'online' });
    const theirs = await (await callerAs({ db: t.db }, { product: other.billing.email })).invoices.history();
    expect(theirs).toEqual({ rows: [], older: null, newer: null });
  });
});
