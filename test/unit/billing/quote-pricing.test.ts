import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  ChangeOutsidePeriodError,
  CurrencyMismatchError,
  DiscountAboveLimitError,
  discountedUnitPrice,
  DuplicateQuoteLineError,
  EmptyQuoteError,
  InvalidDiscountError,
  InvalidSeatCountError,
  money,
  priceQuote,
  prorateCoTerm,
  type QuoteLineInput,
  type TaxDecision,
} from '../../../server/billing';

const usd = (n: number | bigint) => money(n, 'USD');
const NO_TAX: TaxDecision = { rateBasisPoints: 0, reverseCharge: false, country: 'US' };
const IT_22: TaxDecision = { rateBasisPoints: 2200, reverseCharge: false, country: 'IT' };
const REVERSE: TaxDecision = { rateBasisPoints: 0, reverseCharge: true, country: 'DE', note: 'Reverse charge' };
const term = { kind: 'co_term' as const, termStart: new Date('2026-01-01T00:00:00Z'), termEnd: new Date('2027-01-01T00:00:00Z') };

const line = (over: Partial<QuoteLineInput> = {}): QuoteLineInput => ({
  productId: 'prd_meeting', tierId: 'tier_meeting_business', seats: 10, listUnitPrice: usd(16_000), discountBasisPoints: 0, term, ...over,
});

/** The SPEC §8 co-term formula written out independently: seats × price × (end − t) / (end − start), half up, whole seconds. */
function coTermReference(seats: number, unit: bigint, start: Date, end: Date, t: Date): bigint {
  const s = BigInt(Math.floor(start.getTime() / 1000));
  const e = BigInt(Math.floor(end.getTime() / 1000));
  const x = BigInt(Math.floor(t.getTime() / 1000));
  const n = BigInt(seats) * unit * (e - x);
  const d = e - s;
  return (2n * n + d) / (2n * d);
}

const taxArb = fc.oneof(
  fc.constant(NO_TAX),
  fc.integer({ min: 0, max: 10_000 }).map((bp): TaxDecision => ({ rateBasisPoints: bp, reverseCharge: false, country: 'IT' })),
  fc.constant(REVERSE),
);
/** A contract term (one year from a whole second in 2000–2100) and a pricing time inside it. */
const termWithTimeArb = fc
  .record({ startSec: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }), offset: fc.nat() })
  .map(({ startSec, offset }) => {
    const termStart = new Date(startSec * 1000);
    const termEnd = addPeriod(termStart, 'annual');
    const seconds = (termEnd.getTime() - termStart.getTime()) / 1000;
    return { termStart, termEnd, at: new Date((startSec + (offset % seconds)) * 1000) };
  });
const lineArb = fc.record({
  seats: fc.integer({ min: 1, max: 100_000 }),
  list: fc.bigInt({ min: 0n, max: 10_000_000n }),
  discount: fc.integer({ min: 0, max: 5_000 }),
  coTerm: fc.boolean(),
});

describe('BO-1 / CP-10 quote pricing (priceQuote)', () => {
  it('CP-10 worked example: 10 seats at 160.00/yr added a quarter into the term cost 3/4 of a year, taxed once on the subtotal', () => {
    const at = new Date('2026-04-02T06:00:00Z'); // 91.25 days in a 365-day term
    const q = priceQuote({ lines: [line()], at, tax: IT_22, maxDiscountBasisPoints: 2000 });
    // 10 × 16000 × (365 − 91.25) / 365 = 120000 exactly.
    expect(q.lines[0]!.amount).toEqual(usd(120_000));
    expect(q.lines[0]!.period).toEqual({ start: at, end: term.termEnd });
    expect(q.subtotal).toEqual(usd(120_000));
    expect(q.tax).toEqual(usd(26_400));
    expect(q.total).toEqual(usd(146_400));
  });

  it('BO-1 worked example: a 15 % discount and a new annual term bill the whole discounted year', () => {
    const at = new Date('2026-03-15T10:00:00Z');
    const q = priceQuote({ lines: [line({ discountBasisPoints: 1500, term: { kind: 'new_term' } })], at, tax: NO_TAX, maxDiscountBasisPoints: 2000 });
    expect(q.lines[0]!.unitPrice).toEqual(usd(13_600));
    expect(q.lines[0]!.amount).toEqual(usd(136_000));
    expect(q.lines[0]!.period).toEqual({ start: at, end: new Date('2027-03-15T10:00:00Z') });
  });

  it('CP-10: every co-termed line is exactly prorateCoTerm of its discounted price, and the SPEC §8 formula written out', () => {
    fc.assert(
      fc.property(termWithTimeArb, lineArb, taxArb, ({ termStart, termEnd, at }, l, tax) => {
        const input = line({ seats: l.seats, listUnitPrice: usd(l.list), discountBasisPoints: l.discount, term: { kind: 'co_term', termStart, termEnd } });
        const q = priceQuote({ lines: [input], at, tax, maxDiscountBasisPoints: 5_000 });
        const unit = discountedUnitPrice(usd(l.list), l.discount);
        expect(q.lines[0]!.amount).toEqual(prorateCoTerm({ addedSeats: l.seats, annualUnitPrice: unit, termStart, termEnd, at, tax }).netDue);
        expect(q.lines[0]!.amount.amount).toBe(coTermReference(l.seats, unit.amount, termStart, termEnd, at));
      }),
    );
  });

  it('CP-10: a co-termed line never costs more than a whole term nor less than nothing, and costs less the later it is priced', () => {
    fc.assert(
      fc.property(termWithTimeArb, fc.nat(), lineArb, ({ termStart, termEnd, at }, later, l) => {
        const t2 = new Date(Math.min(termEnd.getTime() - 1000, at.getTime() + (later % 31_536_000) * 1000));
        const price = (t: Date) => priceQuote({ lines: [line({ seats: l.seats, listUnitPrice: usd(l.list), term: { kind: 'co_term', termStart, termEnd } })], at: t, tax: NO_TAX, maxDiscountBasisPoints: 0 }).lines[0]!;
        const a = price(at);
        expect(a.amount.amount >= 0n && a.amount.amount <= a.fullTermCost.amount).toBe(true);
        expect(price(t2).amount.amount <= a.amount.amount).toBe(true);
        // Priced at the very start of the term, it is the whole term.
        expect(price(termStart).amount).toEqual(a.fullTermCost);
      }),
    );
  });

  it('BO-1: totals reconcile to the cent — subtotal = Σ lines, tax = round half up(subtotal × rate), total = subtotal + tax', () => {
    fc.assert(
      fc.property(termWithTimeArb, fc.array(lineArb, { minLength: 1, maxLength: 5 }), taxArb, ({ termStart, termEnd, at }, ls, tax) => {
        const lines = ls.map((l, i) => line({ productId: `prd_${i}`, seats: l.seats, listUnitPrice: usd(l.list), discountBasisPoints: l.discount, term: l.coTerm ? { kind: 'co_term', termStart, termEnd } : { kind: 'new_term' } }));
        const q = priceQuote({ lines, at, tax, maxDiscountBasisPoints: 5_000 });
        const subtotal = q.lines.reduce((s, x) => s + x.amount.amount, 0n);
        expect(q.subtotal.amount).toBe(subtotal);
        const expectedTax = tax.reverseCharge ? 0n : (2n * subtotal * BigInt(tax.rateBasisPoints) + 10_000n) / 20_000n;
        expect(q.tax.amount).toBe(expectedTax);
        expect(q.total.amount).toBe(subtotal + expectedTax);
        // Priced twice, the same: the preview is the charge.
        expect(priceQuote({ lines, at, tax, maxDiscountBasisPoints: 5_000 })).toEqual(q);
      }),
    );
  });

  it('BO-1: a discount never raises the price, and one within the limit is applied while one above it is refused', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (list, discount, limit) => {
        const unit = discountedUnitPrice(usd(list), discount);
        expect(unit.amount <= list && unit.amount >= 0n).toBe(true);
        const run = () => priceQuote({ lines: [line({ listUnitPrice: usd(list), discountBasisPoints: discount, term: { kind: 'new_term' } })], at: new Date('2026-05-01T00:00:00Z'), tax: NO_TAX, maxDiscountBasisPoints: limit });
        if (discount <= limit) expect(run().lines[0]!.unitPrice).toEqual(unit);
        else expect(run).toThrow(DiscountAboveLimitError);
      }),
    );
  });

  it('BO-1: malformed quotes are refused with typed errors', () => {
    const at = new Date('2026-05-01T00:00:00Z');
    const p = (lines: QuoteLineInput[], max = 2000) => () => priceQuote({ lines, at, tax: NO_TAX, maxDiscountBasisPoints: max });
    expect(p([])).toThrow(EmptyQuoteError);
    expect(p([line(), line()])).toThrow(DuplicateQuoteLineError);
    expect(p([line({ seats: 0 })])).toThrow(InvalidSeatCountError);
    expect(p([line({ seats: 1.5 })])).toThrow(InvalidSeatCountError);
    expect(p([line({ discountBasisPoints: -1 })])).toThrow(InvalidDiscountError);
    expect(p([line({ discountBasisPoints: 0.5 })])).toThrow(InvalidDiscountError);
    expect(p([line(), line({ productId: 'prd_eur', listUnitPrice: money(100, 'EUR') })])).toThrow(CurrencyMismatchError);
    // A co-term priced after the term has ended (or before it began) is not a co-term.
    expect(p([line({ term: { kind: 'co_term', termStart: term.termStart, termEnd: new Date('2026-04-30T00:00:00Z') } })])).toThrow(ChangeOutsidePeriodError);
  });
});
