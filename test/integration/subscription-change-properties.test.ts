import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditBalance } from '../../db/credit';
import { newId } from '../../db/ids';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { DEMO_IDS } from '../../db/seed/demo';
import { addPeriod } from '../../server/billing';
import { callerFor } from '../helpers/callers';
import { CARDS, createCard } from '../helpers/stripe';
import { useSeededStack } from '../helpers/seeded-stack';

const S = DEMO_IDS.subscriptions;
const ACCOUNT = DEMO_IDS.accounts.northwind;
const TIERS = ['starter', 'business', 'enterprise'] as const;
type TierCode = (typeof TIERS)[number];
type Freq = 'monthly' | 'annual';
const TAX_BP: Record<string, bigint> = { US: 0n, IT: 2200n, GB: 2000n };

/** SPEC §8 written out again, independently of server/billing: C, then net due, balance, tax. */
function expected(paid: bigint, start: Date, end: Date, t: Date, N: bigint, balance: bigint, taxBp: bigint) {
  const s = BigInt(Math.floor(start.getTime() / 1000));
  const e = BigInt(Math.floor(end.getTime() / 1000));
  const x = BigInt(Math.floor(t.getTime() / 1000));
  const C = (2n * paid * (e - x) + (e - s)) / (2n * (e - s));
  const gross = N - C;
  const applied = gross <= 0n ? 0n : gross < balance ? gross : balance;
  const net = gross <= 0n ? 0n : gross - applied;
  const tax = (2n * net * taxBp + 10_000n) / 20_000n;
  return { C, applied, net, tax, total: net + tax, balanceAfter: gross <= 0n ? balance - gross : balance - applied };
}

describe('BC-4 / WF-2 properties through the service and workflow path: preview == charge, ledger reconciles', () => {
  const stack = useSeededStack();

  /** Puts Northwind's Meeting subscription and credit balance in the given state (the test's world). */
  async function arrange(s: { tier: TierCode; seats: number; frequency: Freq; start: Date; paid: bigint; balance: bigint; country: string }) {
    await stack.db.updateTable('accounts').set({ country: s.country }).where('id', '=', ACCOUNT).execute();
    await stack.db
      .updateTable('subscriptions')
      .set({ tier_id: `tier_meeting_${s.tier}`, seats: s.seats, frequency: s.frequency, current_period_start: s.start, current_period_end: addPeriod(s.start, s.frequency), last_charge_amount: s.paid })
      .where('id', '=', S.northwindMeeting)
      .execute();
    const now = await creditBalance(stack.db, ACCOUNT, 'USD');
    if (now !== s.balance) await stack.db.insertInto('credit_ledger').values({ id: newId('cl'), account_id: ACCOUNT, currency: 'USD', amount: s.balance - now, reason: 'manual', note: 'property test' }).execute();
  }

  /** Preview at `at`, Place order at `at`, wait for WF-2; returns what the user saw and what happened. */
  async function change(at: Date, target: { tier: TierCode; seats: number; frequency: Freq }) {
    const caller = await callerFor(stack.deps({ now: () => at }), { productEmail: 'bella@northwind.example' });
    const input = { subscriptionId: S.northwindMeeting, tierId: `tier_meeting_${target.tier}`, seats: target.seats, frequency: target.frequency };
    const { quote, quoteToken } = await caller.subscriptionChange.preview(input);
    const placed = await caller.subscriptionChange.place({ ...input, quoteToken, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: quote.total > 0n ? await createCard(CARDS.visa) : null });
    let status = '';
    for (let i = 0; i < 300 && status !== 'completed' && status !== 'failed'; i++) {
      status = (await stack.db.selectFrom('orders').select('status').where('id', '=', placed.orderId).executeTakeFirstOrThrow()).status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 50));
    }
    const payments = await stack.db.selectFrom('payments').select(['amount', 'status']).where('order_id', '=', placed.orderId).execute();
    const order = await stack.db.selectFrom('orders').selectAll().where('id', '=', placed.orderId).executeTakeFirstOrThrow();
    const invoice = await stack.db.selectFrom('invoices').select(['total', 'subtotal', 'tax']).where('order_id', '=', placed.orderId).executeTakeFirst();
    const sub = await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', S.northwindMeeting).executeTakeFirstOrThrow();
    return { quote, status, payments, order, invoice, sub, balance: await creditBalance(stack.db, ACCOUNT, 'USD') };
  }

  function assertSettled(r: Awaited<ReturnType<typeof change>>, e: ReturnType<typeof expected>, at: Date, N: bigint) {
    expect(r.status).toBe('completed');
    expect(r.quote).toMatchObject({ planCost: N, unusedCredit: e.C, creditApplied: e.applied, netDue: e.net, tax: e.tax, total: e.total, creditBalanceAfter: e.balanceAfter });
    // What was charged is exactly what was previewed, once.
    expect(r.payments.map((p) => p.amount)).toEqual(r.quote.total > 0n ? [r.quote.total] : []);
    expect(r.order.total).toBe(r.quote.total);
    // The ledger reconciles: balance after = balance − applied + max(0, C − N).
    expect(r.balance).toBe(e.balanceAfter);
    if (r.invoice) expect(r.invoice).toEqual({ total: r.quote.total, subtotal: e.net, tax: e.tax });
    expect(r.sub.current_period_start).toEqual(at);
    expect(r.sub.last_charge_amount).toBe(N);
  }

  it('BC-4 WF-2: for random subscriptions, targets, change times, balances and tax countries, previewed total == charged total and the ledger reconciles', { timeout: 240_000 }, async () => {
    const base = Date.UTC(2027, 0, 1);
    const state = fc.record({
      tier: fc.constantFrom<TierCode>(...TIERS),
      seats: fc.integer({ min: 3, max: 40 }),
      frequency: fc.constantFrom<Freq>('monthly', 'annual'),
      startOffsetS: fc.integer({ min: 0, max: 3 * 365 * 86_400 }),
      paid: fc.bigInt({ min: 0n, max: 5_000_000n }),
      balance: fc.bigInt({ min: 0n, max: 300_000n }),
      country: fc.constantFrom('US', 'IT', 'GB'),
      // Where in the period the change happens (0 = first second, 1 = just before the end).
      fraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      tierUp: fc.integer({ min: 0, max: 2 }),
      targetSeats: fc.integer({ min: 3, max: 60 }),
      targetFrequency: fc.constantFrom<Freq>('monthly', 'annual'),
    });
    await fc.assert(
      fc.asyncProperty(state, async (s) => {
        const target = { tier: TIERS[Math.min(2, TIERS.indexOf(s.tier) + s.tierUp)]!, seats: s.targetSeats, frequency: s.targetFrequency };
        fc.pre(target.tier !== s.tier || target.seats !== s.seats || target.frequency !== s.frequency);
        const start = new Date(base + s.startOffsetS * 1000);
        const end = addPeriod(start, s.frequency);
        const at = new Date(start.getTime() + Math.floor(((end.getTime() - start.getTime()) / 1000 - 1) * s.fraction) * 1000);
        await arrange({ ...s, start });
        const N = BigInt(target.seats) * catalogUnitAmount('meeting', target.tier, target.frequency, 'USD');
        const r = await change(at, target);
        assertSettled(r, expected(s.paid, start, end, at, N, s.balance, TAX_BP[s.country]!), at, N);
      }),
      { numRuns: 12 },
    );
  });

  const worked: Array<{ name: string; start: string; frequency: Freq; at: (start: Date, end: Date) => Date; paid: bigint; balance: bigint; target: { tier: TierCode; seats: number; frequency: Freq } }> = [
    { name: 'a change in the first second of the period credits everything that was paid', start: '2027-03-10T09:00:00Z', frequency: 'monthly', at: (s) => s, paid: 15_000n, balance: 0n, target: { tier: 'enterprise', seats: 5, frequency: 'monthly' } },
    { name: 'a change in the last second of the period credits one second', start: '2027-03-10T09:00:00Z', frequency: 'monthly', at: (_s, e) => new Date(e.getTime() - 1000), paid: 15_000n, balance: 0n, target: { tier: 'enterprise', seats: 5, frequency: 'monthly' } },
    { name: 'month-end anchor: a period from Jan 31 ends Feb 29 in a leap year; the new one from Feb 15 ends Mar 15', start: '2028-01-31T12:00:00Z', frequency: 'monthly', at: () => new Date('2028-02-15T12:00:00Z'), paid: 15_000n, balance: 0n, target: { tier: 'business', seats: 7, frequency: 'monthly' } },
    { name: 'leap-day anchor: a change on Feb 29 to annual starts a period ending Feb 28 of the next year', start: '2028-02-10T00:00:00Z', frequency: 'monthly', at: () => new Date('2028-02-29T08:30:00Z'), paid: 15_000n, balance: 0n, target: { tier: 'business', seats: 5, frequency: 'annual' } },
    { name: 'annual → monthly with a credit balance larger than the new price: nothing charged, balance untouched, surplus added', start: '2027-06-01T00:00:00Z', frequency: 'annual', at: () => new Date('2027-07-01T00:00:00Z'), paid: 150_000n, balance: 1_000_000n, target: { tier: 'business', seats: 5, frequency: 'monthly' } },
    { name: 'an upgrade covered partly by the credit balance charges only the rest', start: '2027-06-01T00:00:00Z', frequency: 'monthly', at: () => new Date('2027-06-16T00:00:00Z'), paid: 15_000n, balance: 1_000n, target: { tier: 'enterprise', seats: 10, frequency: 'annual' } },
  ];
  for (const w of worked) {
    it(`BC-4 WF-2 worked example: ${w.name}`, async () => {
      const start = new Date(w.start);
      const end = addPeriod(start, w.frequency);
      const at = w.at(start, end);
      await arrange({ tier: 'business', seats: 5, frequency: w.frequency, start, paid: w.paid, balance: w.balance, country: 'US' });
      const N = BigInt(w.target.seats) * catalogUnitAmount('meeting', w.target.tier, w.target.frequency, 'USD');
      const r = await change(at, w.target);
      const e = expected(w.paid, start, end, at, N, w.balance, 0n);
      assertSettled(r, e, at, N);
      expect(r.sub.current_period_end).toEqual(addPeriod(at, w.target.frequency));
      if (w.name.startsWith('a change in the first second')) expect(e.C).toBe(w.paid);
      if (w.name.startsWith('a change in the last second')) expect(e.C).toBe((2n * w.paid + BigInt((end.getTime() - start.getTime()) / 1000)) / (2n * BigInt((end.getTime() - start.getTime()) / 1000)));
      if (w.name.startsWith('month-end')) {
        expect(end.toISOString()).toBe('2028-02-29T12:00:00.000Z');
        expect(r.sub.current_period_end!.toISOString()).toBe('2028-03-15T12:00:00.000Z');
      }
      if (w.name.startsWith('leap-day')) expect(r.sub.current_period_end!.toISOString()).toBe('2029-02-28T08:30:00.000Z');
      if (w.name.startsWith('annual → monthly')) {
        expect(r.quote.total).toBe(0n);
        expect(r.quote.creditApplied).toBe(0n);
        expect(r.balance).toBe(w.balance + e.C - N);
      }
    });
  }
});
