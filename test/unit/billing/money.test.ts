import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  assertSameCurrency,
  BillingError,
  CURRENCIES,
  CurrencyMismatchError,
  formatMoney,
  InvalidAmountError,
  isPositive,
  isZero,
  money,
  multiply,
  roundHalfUpDiv,
  subtract,
  sum,
} from '../../../server/billing';

describe('§8 money: integer minor units, never floats', () => {
  it('§8 money() accepts integers (number or bigint) and rejects fractions, NaN, unsafe numbers', () => {
    expect(money(1999, 'EUR')).toEqual({ amount: 1999n, currency: 'EUR' });
    expect(money(-5n, 'USD')).toEqual({ amount: -5n, currency: 'USD' });
    expect(() => money(19.99, 'EUR')).toThrow(InvalidAmountError);
    expect(() => money(Number.NaN, 'EUR')).toThrow(InvalidAmountError);
    expect(() => money(2 ** 60, 'EUR')).toThrow(InvalidAmountError);
    expect(() => money(1, 'JPY' as never)).toThrow(BillingError);
    expect(CURRENCIES).toEqual(['USD', 'EUR', 'GBP']);
  });

  it('§8 mixing currencies throws a typed error with code CURRENCY_MISMATCH', () => {
    const err = (() => {
      try {
        add(money(1, 'EUR'), money(1, 'USD'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CurrencyMismatchError);
    expect((err as BillingError).code).toBe('CURRENCY_MISMATCH');
    expect(() => subtract(money(1, 'GBP'), money(1, 'EUR'))).toThrow(CurrencyMismatchError);
    expect(() => sum([money(1, 'EUR'), money(1, 'USD')], 'EUR')).toThrow(CurrencyMismatchError);
    expect(() => sum([money(1, 'USD')], 'EUR')).toThrow(CurrencyMismatchError);
    expect(() => assertSameCurrency(money(1, 'EUR'), money(2, 'EUR'))).not.toThrow();
  });

  it('§8 arithmetic: add, subtract, multiply, sum, predicates', () => {
    expect(add(money(150, 'EUR'), money(250, 'EUR')).amount).toBe(400n);
    expect(subtract(money(150, 'EUR'), money(250, 'EUR')).amount).toBe(-100n);
    expect(multiply(money(1500, 'EUR'), 12).amount).toBe(18000n);
    expect(multiply(money(1500, 'EUR'), 3n).amount).toBe(4500n);
    expect(() => multiply(money(1500, 'EUR'), 1.5)).toThrow(InvalidAmountError);
    expect(sum([], 'GBP')).toEqual({ amount: 0n, currency: 'GBP' });
    expect(sum([money(1, 'GBP'), money(2, 'GBP'), money(3, 'GBP')], 'GBP').amount).toBe(6n);
    expect(isZero(money(0, 'USD'))).toBe(true);
    expect(isPositive(money(0, 'USD'))).toBe(false);
    expect(isPositive(money(1, 'USD'))).toBe(true);
  });

  it('§8 sum is exact beyond 2^53 (bigint, no float drift)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), { maxLength: 30 }), (amounts) => {
        const total = sum(
          amounts.map((a) => money(a, 'EUR')),
          'EUR',
        );
        expect(total.amount).toBe(amounts.reduce((a, b) => a + b, 0n));
      }),
    );
  });

  it('§8 round_half_up: worked values', () => {
    expect(roundHalfUpDiv(0n, 7n)).toBe(0n);
    expect(roundHalfUpDiv(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(roundHalfUpDiv(7n, 2n)).toBe(4n); // 3.5 → 4
    expect(roundHalfUpDiv(4n, 3n)).toBe(1n); // 1.33 → 1
    expect(roundHalfUpDiv(5n, 3n)).toBe(2n); // 1.67 → 2
    expect(roundHalfUpDiv(1n, 2n)).toBe(1n); // 0.5 → 1
    expect(roundHalfUpDiv(49n, 100n)).toBe(0n);
    expect(() => roundHalfUpDiv(1n, 0n)).toThrow(RangeError);
  });

  it('§8 round_half_up of negatives rounds half away from zero', () => {
    expect(roundHalfUpDiv(-5n, 2n)).toBe(-3n); // −2.5 → −3
    expect(roundHalfUpDiv(-3n, 2n)).toBe(-2n); // −1.5 → −2
    expect(roundHalfUpDiv(-4n, 3n)).toBe(-1n); // −1.33 → −1
    expect(roundHalfUpDiv(-5n, 3n)).toBe(-2n); // −1.67 → −2
    expect(roundHalfUpDiv(5n, -2n)).toBe(-3n);
    expect(roundHalfUpDiv(-5n, -2n)).toBe(3n);
  });

  it('§8 round_half_up property: |n/d − q| ≤ ½, ties go up, and f(−n) = −f(n)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (n, d) => {
        const q = roundHalfUpDiv(n, d);
        // |2n − 2qd| ≤ d, with equality only when rounding up (q·d > n)
        const diff = 2n * n - 2n * q * d;
        expect(diff <= d && diff > -d - 1n).toBe(true);
        expect(diff === d).toBe(false); // an exact half never rounds down
        // reference: quotient and remainder
        const ref = n / d + (2n * (n % d) >= d ? 1n : 0n);
        expect(q).toBe(ref);
        expect(roundHalfUpDiv(-n, d)).toBe(-q);
      }),
    );
  });

  it('§8 formatMoney is display-only, in English and Italian', () => {
    const nbsp = /[\u00a0\u202f]/g;
    expect(formatMoney(money(123456, 'USD'), 'en')).toBe('$1,234.56');
    // Italian CLDR groups only from 5 integer digits (minimumGroupingDigits = 2)
    expect(formatMoney(money(123456, 'EUR'), 'it').replace(nbsp, ' ')).toBe('1234,56 €');
    expect(formatMoney(money(123456789, 'EUR'), 'it').replace(nbsp, ' ')).toBe('1.234.567,89 €');
    expect(formatMoney(money(5, 'GBP'), 'en')).toBe('£0.05');
    expect(formatMoney(money(-1999, 'EUR'), 'en')).toBe('-€19.99');
    // exact beyond Number precision
    expect(formatMoney(money(123456789012345678n, 'USD'), 'en')).toBe('$1,234,567,890,123,456.78');
  });
});
