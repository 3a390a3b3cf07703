import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCheckViolation } from '../../../db/client';
import { newId } from '../../../db/ids';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { corporateFixture } from '../../helpers/portal';

/** CP-6 guards in the database: an invoice's payments never exceed its total, and its amount paid follows them. */
describe('invoice payment guards (CP-6)', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.drop(); });

  const pay = (accountId: string, invoiceId: string, amount: bigint, status: 'pending' | 'succeeded' | 'failed' = 'pending') =>
    t.db.insertInto('payments').values({ id: newId('pay'), account_id: accountId, invoice_id: invoiceId, step: `test-${newId('s')}`, amount, currency: 'USD', status }).returning('id').executeTakeFirstOrThrow();
  const invoice = (id: string) => t.db.selectFrom('invoices').select(['amount_paid', 'status', 'total']).where('id', '=', id).executeTakeFirstOrThrow();

  it('CP-6: the amount paid and the status follow the succeeded payments; a failed one changes nothing', async () => {
    const f = await corporateFixture(t.db, { invoices: 1 });
    const inv = f.invoiceIds[0]!;
    const { total } = await invoice(inv);
    const first = await pay(f.accountId, inv, 30_000n);
    expect(await invoice(inv)).toMatchObject({ amount_paid: 0n, status: 'open' });
    await t.db.updateTable('payments').set({ status: 'succeeded' }).where('id', '=', first.id).execute();
    expect(await invoice(inv)).toMatchObject({ amount_paid: 30_000n, status: 'open' });
    await pay(f.accountId, inv, 5_000n, 'failed');
    expect(await invoice(inv)).toMatchObject({ amount_paid: 30_000n });
    await pay(f.accountId, inv, total - 30_000n, 'succeeded');
    expect(await invoice(inv)).toMatchObject({ amount_paid: total, status: 'paid' });
  });

  it('CP-6: payments in flight and succeeded never add up to more than the invoice total', async () => {
    const f = await corporateFixture(t.db, { invoices: 2 });
    const partPaid = f.invoiceIds[1]!; // 40,000 of it paid
    const { total } = await invoice(partPaid);
    await pay(f.accountId, partPaid, total - 40_000n - 1n);
    const err = await pay(f.accountId, partPaid, 2n).catch((e: unknown) => e);
    expect(isCheckViolation(err, 'payments_within_invoice_total')).toBe(true);
    // One minor unit is still free; a failed attempt does not hold any of it.
    await pay(f.accountId, partPaid, 7n, 'failed');
    await pay(f.accountId, partPaid, 1n);
    expect(isCheckViolation(await pay(f.accountId, partPaid, 1n).catch((e: unknown) => e), 'payments_within_invoice_total')).toBe(true);
  });

  it('CP-6: two concurrent payments for the same balance: one is refused', async () => {
    const f = await corporateFixture(t.db, { invoices: 1 });
    const inv = f.invoiceIds[0]!;
    const { total } = await invoice(inv);
    const results = await Promise.allSettled([pay(f.accountId, inv, total), pay(f.accountId, inv, total)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && isCheckViolation(r.reason, 'payments_within_invoice_total'))).toHaveLength(1);
  });
});
