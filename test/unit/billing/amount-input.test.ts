import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInputValue, parseAmountInput } from '../../../server/billing/amount-input';
import { formatMoney } from '../../../server/billing/money';

describe('CP-6 an amount typed by a person, as integer minor units', () => {
  it('CP-6: reads the usual ways of writing an amount, in each language', () => {
    expect(parseAmountInput('1234.56', 'USD', 'en')).toBe(123_456n);
    expect(parseAmountInput('1,234.56', 'USD', 'en')).toBe(123_456n);
    expect(parseAmountInput('$ 1,234.5', 'USD', 'en')).toBe(123_450n);
    expect(parseAmountInput('1.234,56', 'EUR', 'it')).toBe(123_456n);
    expect(parseAmountInput('1234,56 €', 'EUR', 'it')).toBe(123_456n);
    expect(parseAmountInput('12.50', 'EUR', 'it')).toBe(1_250n);
    expect(parseAmountInput('0,01', 'EUR', 'it')).toBe(1n);
    expect(parseAmountInput('7', 'USD', 'en')).toBe(700n);
  });

  it('CP-6: refuses what is not an amount of the currency (too many decimals, bad grouping, words, signs)', () => {
    for (const bad of ['', '1.234.5', '12.345', '1,23,4', 'ten', '-5', '1e3', '12..5', '.', ',']) expect(parseAmountInput(bad, 'USD', 'en'), bad).toBeNull();
    for (const bad of ['1,234', '1.23.4', '12,345']) expect(parseAmountInput(bad, 'EUR', 'it'), bad).toBeNull();
  });

  it('CP-6 property: every amount, written as the page prefills it or as the locale formats money, reads back exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.constantFrom('en' as const, 'it' as const), fc.constantFrom('USD' as const, 'EUR' as const, 'GBP' as const), (amount, locale, currency) => {
        expect(parseAmountInput(amountInputValue(amount, currency, locale), currency, locale)).toBe(amount);
        expect(parseAmountInput(formatMoney({ amount, currency }, locale), currency, locale)).toBe(amount);
      }),
      { numRuns: 2000 },
    );
  });
});
