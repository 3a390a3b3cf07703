import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  ChangeOutsidePeriodError,
  convertTrial,
  CurrencyMismatchError,
  decideTax,
  InvalidAmountError,
  InvalidSeatCountError,
  money,
  newSubscriptionCharge,
  periodSeconds,
  prorateChange,
  prorateCoTerm,
  REVERSE_CHARGE_NOTE,
  settleOrder,
  TrialNotActiveError,
  unusedCredit,
  type BillingFrequency,
  type Money,
  type Period,
  type TaxDecision,
  type TaxRate,
} from '../../../server/billing';

const d = (iso: string) => new Date(iso);
const eur = (n: number | bigint) => money(n, 'EUR');
const RATES: TaxRate[] = [
  { country: 'IT', rateBasisPoints: 2200 },
  { country: 'DE', rateBasisPoints: 1900 },
  { country: 'GB', rateBasisPoints: 2000 },
  { country: 'US', rateBasisPoints: 0 },
];
const taxFor = (buyerCountry: string, buyerVatNumber?: string): TaxDecision =>
  decideTax({ sellerCountry: 'IT', buyerCountry, buyerVatNumber, rates: RATES });
const NO_TAX: TaxDecision = { rateBasisPoints: 0, reverseCharge: false, country: 'US' };
const IT_22 = taxFor('IT');

// ---------------------------------------------------------------- generators

const frequencyArb = fc.constantFrom<BillingFrequency>('monthly', 'annual');
/** A real billing period (start on a whole second between 2000 and 2100) and a change time inside it. */
const periodWithChangeArb = fc
  .record({
    startSec: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }),
    frequency: frequencyArb,
    offset: fc.nat(),
    offset2: fc.nat(),
  })
  .map(({ startSec, frequency, offset, offset2 }) => {
    const start = new Date(startSec * 1000);
    const end = addPeriod(start, frequency);
    const seconds = Number(periodSeconds(start, end));
    const a = offset % seconds;
    const b = offset2 % seconds;
    return {
      period: { start, end } as Period,
      seconds,
      t: new Date((startSec + a) * 1000),
      tEarly: new Date((startSec + Math.min(a, b)) * 1000),
      tLate: new Date((startSec + Math.max(a, b)) * 1000),
    };
  });
const amountArb = fc.bigInt({ min: 0n, max: 10n ** 12n }); // up to 10 billion in major units
const taxArb = fc.record({
  rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  reverseCharge: fc.boolean(),
  country: fc.constantFrom('IT', 'DE', 'GB', 'US'),
});

const changeInputArb = fc
  .record({
    p: periodWithChangeArb,
    paid: amountArb,
    newPrice: amountArb,
    balance: amountArb,
    newFrequency: frequencyArb,
    tax: taxArb,
  })
  .map(({ p, paid, newPrice, balance, newFrequency, tax }) => ({
    currentPeriod: p.period,
    paid: eur(paid),
    changeAt: p.t,
    newPrice: eur(newPrice),
    newFrequency,
    creditBalance: eur(balance),
    tax,
  }));

const max0 = (x: bigint) => (x > 0n ? x : 0n);

// ---------------------------------------------------------------- properties

describe('BC-4 §8 proration properties (fast-check)', () => {
  it('BC-4 proration: credit never exceeds what was paid and is never negative', () => {
    fc.assert(
      fc.property(periodWithChangeArb, amountArb, ({ period, t }, paid) => {
        const c = unusedCredit(period, eur(paid), t).amount;
        expect(c >= 0n).toBe(true);
        expect(c <= paid).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('BC-4 proration: credit + used part reconcile exactly to P, and C is P×(end−t)/(end−start) rounded half up', () => {
    fc.assert(
      fc.property(periodWithChangeArb, amountArb, ({ period, t, seconds }, paid) => {
        const c = unusedCredit(period, eur(paid), t).amount;
        const used = paid - c;
        expect(used >= 0n && used <= paid).toBe(true);
        expect(c + used).toBe(paid);
        const S = BigInt(seconds);
        const remaining = BigInt((period.end.getTime() - t.getTime()) / 1000);
        // |C − P·rem/S| ≤ ½, and an exact half goes up: 2P·rem − S < 2C·S ≤ 2P·rem + S
        const twice = 2n * c * S;
        expect(twice > 2n * paid * remaining - S).toBe(true);
        expect(twice <= 2n * paid * remaining + S).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('BC-4 proration: credit is monotone non-increasing in the change time', () => {
    fc.assert(
      fc.property(periodWithChangeArb, amountArb, ({ period, tEarly, tLate }, paid) => {
        const early = unusedCredit(period, eur(paid), tEarly).amount;
        const late = unusedCredit(period, eur(paid), tLate).amount;
        expect(early >= late).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('BC-4 WF-2 preview equals charge: the same inputs give the same quote (pure, no clock)', () => {
    fc.assert(
      fc.property(changeInputArb, (input) => {
        const preview = prorateChange(input);
        const charge = prorateChange(structuredClone(input));
        expect(charge).toEqual(preview);
        expect(prorateChange(input)).toEqual(preview);
      }),
      { numRuns: 300 },
    );
  });

  it('BC-4 §8 sums reconcile to the cent: planCost, credit, balance, netDue, creditBalanceAfter', () => {
    fc.assert(
      fc.property(changeInputArb, (input) => {
        const q = prorateChange(input);
        const N = q.planCost.amount;
        const C = q.unusedCredit.amount;
        const B = input.creditBalance.amount;
        const applied = q.creditApplied.amount;
        expect(N).toBe(input.newPrice.amount);
        expect(C).toBe(unusedCredit(input.currentPeriod, input.paid, input.changeAt).amount);
        // never negative, never more balance than available or needed
        expect(q.netDue.amount >= 0n).toBe(true);
        expect(q.creditBalanceAfter.amount >= 0n).toBe(true);
        expect(applied >= 0n && applied <= B && applied <= max0(N - C)).toBe(true);
        // the SPEC formula
        expect(q.netDue.amount).toBe(max0(N - C - B));
        expect(q.creditBalanceAfter.amount).toBe(max0(B + C - N));
        // conservation: what is charged minus what is kept equals N − C − B
        expect(q.netDue.amount - q.creditBalanceAfter.amount).toBe(N - C - B);
        expect(q.creditBalanceAfter.amount).toBe(B - applied + max0(C - N));
        if (q.netDue.amount > 0n) {
          expect(N - C - applied).toBe(q.netDue.amount);
          expect(applied).toBe(B);
        }
        if (N <= C) expect(applied).toBe(0n);
        // tax only on the positive net due
        expect(q.totalDue.amount).toBe(q.netDue.amount + q.tax.amount);
        if (q.netDue.amount === 0n || input.tax.reverseCharge) expect(q.tax.amount).toBe(0n);
        // currency carried through every figure
        for (const m of [q.planCost, q.unusedCredit, q.creditApplied, q.netDue, q.tax, q.totalDue, q.creditBalanceAfter]) {
          expect(m.currency).toBe('EUR');
        }
        // fresh period from the change time
        expect(q.newPeriod.start.getTime()).toBe(input.changeAt.getTime());
        expect(q.newPeriod.end.getTime()).toBe(addPeriod(input.changeAt, input.newFrequency).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('BC-3 §8 new subscription: netDue = max(0, N − balance) and balance is conserved', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }),
        amountArb,
        amountArb,
        frequencyArb,
        taxArb,
        (startSec, price, balance, frequency, tax) => {
          const q = newSubscriptionCharge({
            startAt: new Date(startSec * 1000),
            price: eur(price),
            frequency,
            creditBalance: eur(balance),
            tax,
          });
          expect(q.unusedCredit.amount).toBe(0n);
          expect(q.netDue.amount).toBe(max0(price - balance));
          expect(q.creditApplied.amount + q.netDue.amount).toBe(price);
          expect(q.creditBalanceAfter.amount).toBe(balance - q.creditApplied.amount);
          expect(q.totalDue.amount).toBe(q.netDue.amount + q.tax.amount);
        },
      ),
    );
  });

  it('CP-10 co-termed proration: 0 ≤ prorated ≤ seats × annual price, same formula as the credit', () => {
    fc.assert(
      fc.property(
        periodWithChangeArb,
        fc.integer({ min: 1, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 8n }),
        taxArb,
        ({ period, t }, seats, unit, tax) => {
          const q = prorateCoTerm({
            addedSeats: seats,
            annualUnitPrice: eur(unit),
            termStart: period.start,
            termEnd: period.end,
            at: t,
            tax,
          });
          expect(q.fullTermCost.amount).toBe(unit * BigInt(seats));
          expect(q.netDue.amount >= 0n && q.netDue.amount <= q.fullTermCost.amount).toBe(true);
          expect(q.netDue).toEqual(unusedCredit(period, q.fullTermCost, t));
          expect(q.totalDue.amount).toBe(q.netDue.amount + q.tax.amount);
          expect(q.period.end.getTime()).toBe(period.end.getTime());
        },
      ),
    );
  });
});

// ---------------------------------------------------------------- worked examples (computed by hand)

interface Expected {
  credit: bigint;
  applied: bigint;
  netDue: bigint;
  tax: bigint;
  total: bigint;
  balanceAfter: bigint;
  newEnd: string;
}

function expectQuote(q: ReturnType<typeof prorateChange>, e: Expected): void {
  expect({
    credit: q.unusedCredit.amount,
    applied: q.creditApplied.amount,
    netDue: q.netDue.amount,
    tax: q.tax.amount,
    total: q.totalDue.amount,
    balanceAfter: q.creditBalanceAfter.amount,
    newEnd: q.newPeriod.end.toISOString(),
  }).toEqual(e);
}

const MARCH_2024: Period = { start: d('2024-03-01T00:00:00Z'), end: d('2024-04-01T00:00:00Z') }; // 31 d = 2 678 400 s

describe('BC-4 §8 proration worked examples', () => {
  it('BC-4 month-end anchor: Jan 31 → Feb 29 2024 (29 d), change on Feb 14 → C = 10000×15/29 = 5172.41 → 5172', () => {
    const q = prorateChange({
      currentPeriod: { start: d('2024-01-31T00:00:00Z'), end: addPeriod(d('2024-01-31T00:00:00Z'), 'monthly') },
      paid: eur(10000),
      changeAt: d('2024-02-14T00:00:00Z'),
      newPrice: eur(20000),
      newFrequency: 'monthly',
      creditBalance: eur(0),
      tax: IT_22,
    });
    // net 20000 − 5172 = 14828; IT 22 %: 3262.16 → 3262; total 18090
    expectQuote(q, {
      credit: 5172n,
      applied: 0n,
      netDue: 14828n,
      tax: 3262n,
      total: 18090n,
      balanceAfter: 0n,
      newEnd: '2024-03-14T00:00:00.000Z',
    });
  });

  it('BC-4 leap day: annual Feb 29 2024 → Feb 28 2025 (365 d), change on Aug 29 (183 d left) → C = 36500×183/365 = 18300', () => {
    const start = d('2024-02-29T12:00:00Z');
    const q = prorateChange({
      currentPeriod: { start, end: addPeriod(start, 'annual') },
      paid: eur(36500),
      changeAt: d('2024-08-29T12:00:00Z'),
      newPrice: eur(50000),
      newFrequency: 'annual',
      creditBalance: eur(0),
      tax: taxFor('US'),
    });
    expectQuote(q, {
      credit: 18300n,
      applied: 0n,
      netDue: 31700n,
      tax: 0n,
      total: 31700n,
      balanceAfter: 0n,
      newEnd: '2025-08-29T12:00:00.000Z',
    });
  });

  it('BC-4 change in the first second of a period credits exactly P', () => {
    expect(unusedCredit(MARCH_2024, eur(12345), MARCH_2024.start).amount).toBe(12345n);
  });

  it('BC-4 change in the last second credits round(P / periodSeconds): half rounds up', () => {
    const last = d('2024-03-31T23:59:59Z');
    expect(unusedCredit(MARCH_2024, eur(12345), last).amount).toBe(0n); // 0.0046 → 0
    expect(unusedCredit(MARCH_2024, eur(1_339_200), last).amount).toBe(1n); // exactly 0.5 → 1
    expect(unusedCredit(MARCH_2024, eur(1_339_199), last).amount).toBe(0n); // 0.49999… → 0
    expect(unusedCredit(MARCH_2024, eur(4_017_600), last).amount).toBe(2n); // exactly 1.5 → 2
  });

  it('BC-4 t == end or outside the period throws ChangeOutsidePeriodError', () => {
    expect(() => unusedCredit(MARCH_2024, eur(100), MARCH_2024.end)).toThrow(ChangeOutsidePeriodError);
    expect(() => unusedCredit(MARCH_2024, eur(100), d('2024-02-29T23:59:59Z'))).toThrow(ChangeOutsidePeriodError);
    expect(() => unusedCredit(MARCH_2024, eur(100), d('2024-05-01T00:00:00Z'))).toThrow(ChangeOutsidePeriodError);
    expect(() => unusedCredit(MARCH_2024, eur(-1), MARCH_2024.start)).toThrow(InvalidAmountError);
  });

  it('BC-4 credit balance larger than the charge: C = 12000×16/31 = 6193.55 → 6194; 13806 taken from 50000', () => {
    const q = prorateChange({
      currentPeriod: MARCH_2024,
      paid: eur(12000),
      changeAt: d('2024-03-16T00:00:00Z'),
      newPrice: eur(20000),
      newFrequency: 'monthly',
      creditBalance: eur(50000),
      tax: IT_22,
    });
    expectQuote(q, {
      credit: 6194n,
      applied: 13806n,
      netDue: 0n,
      tax: 0n,
      total: 0n,
      balanceAfter: 36194n,
      newEnd: '2024-04-16T00:00:00.000Z',
    });
  });

  it('BC-4 annual → monthly: C = 120000×184/366 = 60327.87 → 60328; surplus 49328 joins the balance of 1000', () => {
    const q = prorateChange({
      currentPeriod: { start: d('2024-01-01T00:00:00Z'), end: d('2025-01-01T00:00:00Z') },
      paid: eur(120000),
      changeAt: d('2024-07-01T00:00:00Z'),
      newPrice: eur(11000),
      newFrequency: 'monthly',
      creditBalance: eur(1000),
      tax: IT_22,
    });
    expectQuote(q, {
      credit: 60328n,
      applied: 0n,
      netDue: 0n,
      tax: 0n,
      total: 0n,
      balanceAfter: 50328n,
      newEnd: '2024-08-01T00:00:00.000Z',
    });
  });

  describe('BC-4 §8 tax on the net due: C = 10000×21/31 = 6774.19 → 6774, N = 25000, net 18226', () => {
    const quote = (tax: TaxDecision) =>
      prorateChange({
        currentPeriod: MARCH_2024,
        paid: eur(10000),
        changeAt: d('2024-03-11T00:00:00Z'),
        newPrice: eur(25000),
        newFrequency: 'monthly',
        creditBalance: eur(0),
        tax,
      });
    it.each<[string, TaxDecision, bigint]>([
      ['domestic IT 22 %: 4009.72 → 4010', taxFor('IT'), 4010n],
      ['IT buyer with an IT VAT number is still domestic 22 %', taxFor('IT', 'IT00743110157'), 4010n],
      ['reverse charge, DE buyer with a valid DE VAT number: 0', taxFor('DE', 'DE136695976'), 0n],
      ['DE consumer without VAT number: DE 19 %: 3462.94 → 3463', taxFor('DE'), 3463n],
      ['GB 20 % (non-EU, never reverse charge): 3645.2 → 3645', taxFor('GB', 'GB980780684'), 3645n],
      ['US 0 % (sales tax data may be 0)', taxFor('US'), 0n],
    ])('§8 %s', (_title, tax, expectedTax) => {
      const q = quote(tax);
      expect(q.unusedCredit.amount).toBe(6774n);
      expect(q.netDue.amount).toBe(18226n);
      expect(q.tax.amount).toBe(expectedTax);
      expect(q.totalDue.amount).toBe(18226n + expectedTax);
    });
    it('§8 reverse charge carries the invoice note', () => {
      const q = quote(taxFor('DE', 'DE 136 695 976'));
      expect(q.taxDecision).toEqual({ rateBasisPoints: 0, reverseCharge: true, country: 'DE', note: REVERSE_CHARGE_NOTE });
    });
  });

  it('§8 currencies cannot be mixed in a change', () => {
    expect(() =>
      prorateChange({
        currentPeriod: MARCH_2024,
        paid: eur(100),
        changeAt: MARCH_2024.start,
        newPrice: money(100, 'USD'),
        newFrequency: 'monthly',
        creditBalance: eur(0),
        tax: NO_TAX,
      }),
    ).toThrow(CurrencyMismatchError);
  });
});

describe('CP-10 co-termed add-seats worked example', () => {
  it('CP-10 co-termed proration: 3 seats × 240.00, term 2024 (366 d), at Oct 1 (92 d left) → 72000×92/366 = 18098.36 → 18098 + IT 22 % 3982', () => {
    const q = prorateCoTerm({
      addedSeats: 3,
      annualUnitPrice: eur(24000),
      termStart: d('2024-01-01T00:00:00Z'),
      termEnd: d('2025-01-01T00:00:00Z'),
      at: d('2024-10-01T00:00:00Z'),
      tax: IT_22,
    });
    expect(q.fullTermCost.amount).toBe(72000n);
    expect(q.netDue.amount).toBe(18098n);
    expect(q.tax.amount).toBe(3982n); // 3981.56 → 3982
    expect(q.totalDue.amount).toBe(22080n);
    expect(q.period).toEqual({ start: d('2024-10-01T00:00:00Z'), end: d('2025-01-01T00:00:00Z') });
  });

  it('CP-10 at least one seat, and not at or after the term end', () => {
    const base = {
      annualUnitPrice: eur(24000),
      termStart: d('2024-01-01T00:00:00Z'),
      termEnd: d('2025-01-01T00:00:00Z'),
      tax: NO_TAX,
    };
    expect(() => prorateCoTerm({ ...base, addedSeats: 0, at: d('2024-06-01T00:00:00Z') })).toThrow(InvalidSeatCountError);
    expect(() => prorateCoTerm({ ...base, addedSeats: 1, at: base.termEnd })).toThrow(ChangeOutsidePeriodError);
    expect(prorateCoTerm({ ...base, addedSeats: 2, at: base.termStart }).netDue.amount).toBe(48000n);
  });
});

describe('BC-3 trial conversion worked example', () => {
  const trial: Period = { start: d('2024-03-01T00:00:00Z'), end: d('2024-03-15T00:00:00Z') };

  it('BC-3 conversion charges a full fresh period from the order time, minus credit balance, plus tax', () => {
    const price: Money = eur(15000); // 10 seats × 15.00 monthly
    const q = convertTrial({
      trial,
      orderAt: d('2024-03-10T09:30:00Z'),
      price,
      frequency: 'monthly',
      creditBalance: eur(2000),
      tax: IT_22,
    });
    expect(q.newPeriod).toEqual({ start: d('2024-03-10T09:30:00Z'), end: d('2024-04-10T09:30:00Z') });
    expect(q.planCost.amount).toBe(15000n);
    expect(q.creditApplied.amount).toBe(2000n);
    expect(q.netDue.amount).toBe(13000n);
    expect(q.tax.amount).toBe(2860n);
    expect(q.totalDue.amount).toBe(15860n);
    expect(q.creditBalanceAfter.amount).toBe(0n);
  });

  it('BC-3 BC-5 an expired trial cannot convert (re-validated at checkout)', () => {
    const input = { trial, price: eur(15000), frequency: 'monthly' as const, creditBalance: eur(0), tax: NO_TAX };
    expect(() => convertTrial({ ...input, orderAt: trial.end })).toThrow(TrialNotActiveError);
    expect(() => convertTrial({ ...input, orderAt: d('2024-02-01T00:00:00Z') })).toThrow(TrialNotActiveError);
  });
});

describe('BC-5 settleOrder: one settlement for a checkout of several lines', () => {
  it('BC-5 WF-2: a cart holding one change settles to exactly the figures of that change on its own', () => {
    fc.assert(
      fc.property(changeInputArb, (input) => {
        const single = prorateChange(input);
        const cart = settleOrder({ lines: [{ planCost: single.planCost, credit: single.unusedCredit }], creditBalance: input.creditBalance, tax: input.tax, at: input.changeAt });
        const { newPeriod: _p, ...figures } = single;
        expect(cart).toEqual(figures);
      }),
      { numRuns: 300 },
    );
  });

  it('BC-5 WF-2: Σ of the lines — nothing due and the surplus to the balance when Σ C > Σ N, else the balance once and tax on the net', () => {
    const lineArb = fc.record({ n: amountArb, c: amountArb });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 5 }), amountArb, taxArb, (lines, balance, tax) => {
        const s = settleOrder({ lines: lines.map((l) => ({ planCost: eur(l.n), credit: eur(l.c) })), creditBalance: eur(balance), tax, at: d('2026-03-01T00:00:00Z') });
        const gross = lines.reduce((sum, l) => sum + l.n - l.c, 0n);
        expect(s.creditApplied.amount).toBe(gross > 0n ? (gross < balance ? gross : balance) : 0n);
        expect(s.netDue.amount).toBe(max0(gross - balance));
        expect(s.creditBalanceAfter.amount).toBe(gross > 0n ? balance - s.creditApplied.amount : balance - gross);
        expect(s.totalDue.amount).toBe(s.netDue.amount + s.tax.amount);
        if (gross <= 0n) expect([s.netDue.amount, s.tax.amount]).toEqual([0n, 0n]);
      }),
      { numRuns: 300 },
    );
  });
});
