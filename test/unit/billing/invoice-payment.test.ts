import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountProblem, amountText, canPayByCard, MINIMUM_CARD_PAYMENT, parseAmount, paymentRange, type InvoicePaymentFigures } from '../../../server/billing/invoice-payment';

const usd = (total: bigint, amountPaid: bigint, claimed = amountPaid): InvoicePaymentFigures => ({ currency: 'USD', total, amountPaid, claimed });

/** An invoice's figures as the database can hold them: paid ≤ claimed ≤ total. */
const figures = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom('USD' as const, 'EUR' as const, 'GBP' as const))
  .map(([a, b, c, currency]) => {
    const [paid, claimed, total] = [a, b, c].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return { currency, total: total!, amountPaid: paid!, claimed: claimed! };
  });

describe('CP-6 what a card payment may take of an invoice', () => {
  it('CP-6: the whole balance, any part of it down to the currency minimum, never more; payments in progress hold their part', () => {
    const r = paymentRange(usd(100_000n, 40_000n));
    expect(r).toEqual({ balance: 60_000n, inProgress: 0n, payable: 60_000n, minimum: 50n });
    expect(amountProblem(60_000n, r)).toBeNull();
    expect(amountProblem(50n, r)).toBeNull();
    expect(amountProblem(60_001n, r)).toBe('aboveBalance');
    expect(amountProblem(49n, r)).toBe('belowMinimum');
    expect(amountProblem(59_951n, r)).toBe('leavesTooLittle'); // 0.49 left: no card could pay it
    const busy = paymentRange(usd(100_000n, 40_000n, 90_000n));
    expect(busy).toEqual({ balance: 60_000n, inProgress: 50_000n, payable: 10_000n, minimum: 50n });
    expect(amountProblem(10_001n, busy)).toBe('inProgress');
    expect(amountProblem(10_000n, busy)).toBeNull();
    expect(MINIMUM_CARD_PAYMENT).toEqual({ USD: 50n, EUR: 50n, GBP: 30n });
  });

  it('CP-6: a balance below the card minimum cannot be paid by card; a paid invoice has nothing payable', () => {
    expect(canPayByCard(paymentRange(usd(100_000n, 99_960n)))).toBe(false);
    expect(canPayByCard(paymentRange(usd(100_000n, 99_950n)))).toBe(true);
    const paid = paymentRange(usd(100_000n, 100_000n));
    expect(paid).toMatchObject({ balance: 0n, payable: 0n });
    expect(amountProblem(50n, paid)).toBe('aboveBalance');
  });

  it('CP-6 property: balance = in progress + payable; an accepted amount is between the minimum and what is payable and never leaves an unpayable rest', () => {
    fc.assert(
      fc.property(figures, fc.bigInt({ min: 0n, max: 10n ** 12n }), (f, amount) => {
        const r = paymentRange(f);
        expect(r.balance).toBe(f.total - f.amountPaid);
        expect(r.inProgress + r.payable).toBe(r.balance);
        expect(r.payable).toBe(f.total - f.claimed);
        const problem = amountProblem(amount, r);
        if (problem === null) {
          expect(amount >= r.minimum && amount <= r.payable).toBe(true);
          const left = r.payable - amount;
          expect(left === 0n || left >= r.minimum).toBe(true);
          // Recorded, it never takes the invoice beyond its total.
          expect(f.claimed + amount <= f.total).toBe(true);
        } else {
          expect(amount < r.minimum || amount > r.payable || r.payable - amount < r.minimum).toBe(true);
        }
        // The whole payable amount is accepted whenever a card can pay anything.
        expect(amountProblem(r.payable, r) === null).toBe(canPayByCard(r));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('CP-6 the amount a person types', () => {
  it('CP-6: each language’s way, grouping and a lone other separator; anything else is not an amount', () => {
    expect(parseAmount('1250.50', 'en')).toBe(125_050n);
    expect(parseAmount('1,250.5', 'en')).toBe(125_050n);
    expect(parseAmount('1250,50', 'it')).toBe(125_050n);
    expect(parseAmount('1.250,50', 'it')).toBe(125_050n);
    expect(parseAmount('12.50', 'it')).toBe(1_250n);
    expect(parseAmount(' 700 ', 'en')).toBe(70_000n);
    for (const bad of ['', 'abc', '-5', '1.234', '12.345', '1e3', '0x10', '12,50,1', '١٢']) expect(parseAmount(bad, 'en'), bad).toBeNull();
    expect(amountText(125_050n, 'it')).toBe('1250,50');
    expect(amountText(5n, 'en')).toBe('0.05');
  });

  it('CP-6 property: what the field shows reads back as the same minor units, in both languages', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.constantFrom('en' as const, 'it' as const), (amount, locale) => {
        expect(parseAmount(amountText(amount, locale), locale)).toBe(amount);
      }),
      { numRuns: 2000 },
    );
  });
});
