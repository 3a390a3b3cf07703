import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  corporateRenewal,
  corporateSchedule,
  dunningSchedule,
  findUnitPrice,
  money,
  renewalCharge,
  renewalPeriod,
  subscriptionPrice,
  taxOn,
  type BillingFrequency,
  type Currency,
  type PriceEntry,
  type TaxDecision,
} from '../../../server/billing';

const frequencyArb = fc.constantFrom<BillingFrequency>('monthly', 'annual');
const instantArb = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }).map((s) => new Date(s * 1000));
const amountArb = fc.bigInt({ min: 0n, max: 10n ** 10n });
const taxArb: fc.Arbitrary<TaxDecision> = fc.record({
  rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  reverseCharge: fc.boolean(),
  country: fc.constantFrom('IT', 'DE', 'US'),
});
const DAY = 86_400_000;

/** n successive renewals of a subscription whose first period started at `start`. */
function chain(start: Date, frequency: BillingFrequency, n: number) {
  const periods = [{ start, end: addPeriod(start, frequency) }];
  for (let i = 1; i < n; i++) periods.push(renewalPeriod(periods.at(-1)!, frequency));
  return periods;
}

describe('BC-9 WF-4 renewal periods (SPEC §8)', () => {
  it.each<[string, BillingFrequency, string[]]>([
    // The same day and time of the next month, or that month's last day (SPEC §8, each from the period's start).
    ['2024-01-31T10:00:00Z', 'monthly', ['2024-02-29T10:00:00Z', '2024-03-29T10:00:00Z', '2024-04-29T10:00:00Z']],
    ['2025-01-15T08:30:00Z', 'monthly', ['2025-02-15T08:30:00Z', '2025-03-15T08:30:00Z', '2025-04-15T08:30:00Z']],
    ['2025-12-31T23:59:59Z', 'monthly', ['2026-01-31T23:59:59Z', '2026-02-28T23:59:59Z', '2026-03-28T23:59:59Z']],
    ['2024-02-29T12:00:00Z', 'annual', ['2025-02-28T12:00:00Z', '2026-02-28T12:00:00Z', '2027-02-28T12:00:00Z']],
  ])('BC-9 §8 a subscription from %s (%s) renews at %j', (start, frequency, ends) => {
    expect(chain(new Date(start), frequency, 3).map((p) => p.end.toISOString())).toEqual(ends.map((e) => new Date(e).toISOString()));
  });

  it('BC-9 property: renewal periods chain without gap or overlap, each one period long by §8', () => {
    fc.assert(
      fc.property(instantArb, frequencyArb, fc.integer({ min: 1, max: 30 }), (start, frequency, n) => {
        const periods = chain(start, frequency, n);
        for (let i = 0; i < periods.length; i++) {
          const p = periods[i]!;
          expect(p.end.getTime()).toBeGreaterThan(p.start.getTime());
          // §8: exactly one period after its own start (day kept or clamped to the month's last day, same time).
          expect(p.end.getTime()).toBe(addPeriod(p.start, frequency).getTime());
          if (i > 0) expect(p.start.getTime()).toBe(periods[i - 1]!.end.getTime());
        }
      }),
    );
  });

  it('BC-9 property: the renewal bills the period starting exactly at the old end, whatever the old period was (a WF-2 change re-anchors it)', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 400 * 86_400 }), frequencyArb, (start, seconds, frequency) => {
        const current = { start, end: new Date(start.getTime() + seconds * 1000) };
        const next = renewalPeriod(current, frequency);
        expect(next.start).toEqual(current.end);
        expect(next.end).toEqual(addPeriod(current.end, frequency));
      }),
    );
  });
});

describe('BC-9 renewal price = the pricing function at the renewal', () => {
  const bookArb = (currency: Currency) =>
    fc.record({ monthly: fc.bigInt({ min: 0n, max: 10n ** 7n }), annual: fc.bigInt({ min: 0n, max: 10n ** 8n }) }).map(
      (u): PriceEntry[] => [
        { tierId: 'tier_x', frequency: 'monthly', currency, unitAmount: u.monthly },
        { tierId: 'tier_x', frequency: 'annual', currency, unitAmount: u.annual },
      ],
    );

  it('BC-9 property: plan cost = unit price in force × seats; credit balance first, then tax on the rest; the sums reconcile to the cent', () => {
    fc.assert(
      fc.property(instantArb, frequencyArb, bookArb('EUR'), fc.integer({ min: 0, max: 10_000 }), amountArb, taxArb, (start, frequency, book, seats, balance, tax) => {
        const current = { start, end: addPeriod(start, frequency) };
        const unit = findUnitPrice(book, 'tier_x', frequency, 'EUR');
        const q = renewalCharge({ current, frequency, unitPrice: unit, seats, creditBalance: money(balance, 'EUR'), tax });
        const N = subscriptionPrice(unit, seats).amount;
        expect(q.planCost.amount).toBe(N);
        expect(q.newPeriod).toEqual(renewalPeriod(current, frequency));
        expect(q.unusedCredit.amount).toBe(0n);
        expect(q.creditApplied.amount).toBe(N < balance ? N : balance);
        expect(q.creditApplied.amount + q.netDue.amount).toBe(N);
        expect(q.tax).toEqual(taxOn(q.netDue, tax));
        expect(q.totalDue.amount).toBe(q.netDue.amount + q.tax.amount);
        expect(q.creditBalanceAfter.amount).toBe(balance - q.creditApplied.amount);
      }),
    );
  });

  it('BC-9: a worked example — 5 seats at $16/month, $10 credit, 8.875 % tax', () => {
    const current = { start: new Date('2026-01-10T09:00:00Z'), end: new Date('2026-02-10T09:00:00Z') };
    const q = renewalCharge({ current, frequency: 'monthly', unitPrice: money(1600n, 'USD'), seats: 5, creditBalance: money(1000n, 'USD'), tax: { rateBasisPoints: 888, reverseCharge: false, country: 'US' } });
    expect(q.newPeriod).toEqual({ start: new Date('2026-02-10T09:00:00Z'), end: new Date('2026-03-10T09:00:00Z') });
    expect([q.planCost.amount, q.creditApplied.amount, q.netDue.amount, q.tax.amount, q.totalDue.amount]).toEqual([8000n, 1000n, 7000n, 622n, 7622n]);
  });

  it('BC-9 property: a corporate renewal invoices the next annual term at the annual price × seats plus tax, due after the net terms', () => {
    fc.assert(
      fc.property(instantArb, fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.integer({ min: 1, max: 5000 }), taxArb, fc.integer({ min: 0, max: 120 }), (start, unit, seats, tax, net) => {
        const current = { start, end: addPeriod(start, 'annual') };
        const q = corporateRenewal({ current, unitPrice: money(unit, 'USD'), seats, tax, issuedAt: current.end, netTermsDays: net });
        expect(q.period).toEqual(renewalPeriod(current, 'annual'));
        expect(q.planCost.amount).toBe(unit * BigInt(seats));
        expect(q.total.amount).toBe(q.planCost.amount + taxOn(q.planCost, tax).amount);
        expect(q.dueAt.getTime() - current.end.getTime()).toBe(net * DAY);
      }),
    );
  });
});

describe('WF-4 dunning and corporate schedules (data)', () => {
  const due = new Date('2026-03-01T00:00:00Z');

  it('WF-4: the default schedule retries 3, 5 and 7 days after the due date, lapses after the last, keeps seats for the grace period', () => {
    expect(dunningSchedule(due, { retryDays: [3, 5, 7], seatGraceDays: 30 })).toEqual([
      { kind: 'retry', attempt: 2, at: '2026-03-04T00:00:00.000Z' },
      { kind: 'retry', attempt: 3, at: '2026-03-06T00:00:00.000Z' },
      { kind: 'retry', attempt: 4, at: '2026-03-08T00:00:00.000Z' },
      { kind: 'lapse', at: '2026-03-08T00:00:00.000Z', seatsReleaseAt: '2026-04-07T00:00:00.000Z' },
    ]);
  });

  it('WF-4 property: retries in time order, numbered from attempt 2, ending with exactly one lapse at the last retry', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 86_400_000 }), (retryDays, grace, dayMs) => {
        const steps = dunningSchedule(due, { retryDays, seatGraceDays: grace }, dayMs);
        const retries = steps.filter((s) => s.kind === 'retry');
        expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 2));
        expect(retries.length).toBe(new Set(retryDays).size);
        const times = steps.map((s) => Date.parse(s.at));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(times.every((t) => t >= due.getTime())).toBe(true);
        const last = steps.at(-1)!;
        expect(last.kind).toBe('lapse');
        expect(steps.filter((s) => s.kind === 'lapse')).toHaveLength(1);
        if (last.kind === 'lapse') expect(Date.parse(last.seatsReleaseAt) - Date.parse(last.at)).toBe(grace * dayMs);
      }),
    );
  });

  it('WF-4: a corporate invoice gets reminders before and after the due date, then expires', () => {
    const issued = new Date('2026-02-01T00:00:00Z');
    expect(corporateSchedule(issued, due, { netTermsDays: 28, reminderDaysBefore: [7], reminderDaysAfter: [1, 7], expiryDaysOverdue: 15 })).toEqual([
      { kind: 'reminder', offsetDays: -7, at: '2026-02-22T00:00:00.000Z' },
      { kind: 'reminder', offsetDays: 1, at: '2026-03-02T00:00:00.000Z' },
      { kind: 'reminder', offsetDays: 7, at: '2026-03-08T00:00:00.000Z' },
      { kind: 'expire', at: '2026-03-16T00:00:00.000Z' },
    ]);
  });

  it('WF-4 property: corporate steps are in time order, after the issue, reminders strictly before the one final expiry', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (before, after, expiry, net) => {
        const issued = new Date(due.getTime() - net * DAY);
        const steps = corporateSchedule(issued, due, { netTermsDays: net, reminderDaysBefore: before, reminderDaysAfter: after, expiryDaysOverdue: expiry });
        const times = steps.map((s) => Date.parse(s.at));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(steps.at(-1)).toEqual({ kind: 'expire', at: new Date(due.getTime() + expiry * DAY).toISOString() });
        for (const s of steps.slice(0, -1)) {
          expect(s.kind).toBe('reminder');
          expect(Date.parse(s.at)).toBeGreaterThan(issued.getTime());
          expect(Date.parse(s.at)).toBeLessThan(due.getTime() + expiry * DAY);
        }
      }),
    );
  });

  it('WF-4: a negative or fractional number of days is a configuration error, not a schedule', () => {
    expect(() => dunningSchedule(due, { retryDays: [3, -1], seatGraceDays: 30 })).toThrow(RangeError);
    expect(() => dunningSchedule(due, { retryDays: [1.5], seatGraceDays: 30 })).toThrow(RangeError);
    expect(() => corporateSchedule(due, due, { netTermsDays: 30, reminderDaysBefore: [], reminderDaysAfter: [], expiryDaysOverdue: -2 })).toThrow(RangeError);
  });
});
