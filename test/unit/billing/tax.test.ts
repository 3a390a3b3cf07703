import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideTax,
  InvalidCountryError,
  InvalidTaxRateError,
  InvalidVatNumberError,
  money,
  REVERSE_CHARGE_NOTE,
  taxOn,
  TaxRateNotFoundError,
  VatCountryMismatchError,
  type TaxDecision,
  type TaxRate,
} from '../../../server/billing';

const RATES: TaxRate[] = [
  { country: 'IT', rateBasisPoints: 2200 },
  { country: 'DE', rateBasisPoints: 1900 },
  { country: 'FR', rateBasisPoints: 2000 },
  { country: 'GR', rateBasisPoints: 2400 },
  { country: 'GB', rateBasisPoints: 2000 },
  { country: 'US', rateBasisPoints: 0 },
];
const decide = (buyerCountry: string, buyerVatNumber?: string | null, sellerCountry = 'IT') =>
  decideTax({ sellerCountry, buyerCountry, buyerVatNumber, rates: RATES });

describe('§8 tax decision', () => {
  it('§8 rate by the billing country when there is no VAT number', () => {
    expect(decide('IT')).toEqual({ rateBasisPoints: 2200, reverseCharge: false, country: 'IT' });
    expect(decide('de', null)).toEqual({ rateBasisPoints: 1900, reverseCharge: false, country: 'DE' });
    expect(decide('DE', '  ')).toEqual({ rateBasisPoints: 1900, reverseCharge: false, country: 'DE' });
    expect(decide('GB')).toEqual({ rateBasisPoints: 2000, reverseCharge: false, country: 'GB' });
    expect(decide('US')).toEqual({ rateBasisPoints: 0, reverseCharge: false, country: 'US' });
  });

  it('§8 reverse charge: valid VAT number from another EU country than the seller → 0 % with the Art. 196 note', () => {
    const expected = { rateBasisPoints: 0, reverseCharge: true, note: REVERSE_CHARGE_NOTE };
    expect(decide('DE', 'DE136695976')).toEqual({ ...expected, country: 'DE' });
    expect(decide('FR', 'fr 40 303 265 045')).toEqual({ ...expected, country: 'FR' });
    expect(decide('GR', 'EL094014201')).toEqual({ ...expected, country: 'GR' });
    expect(decide('GR', '094014201')).toEqual({ ...expected, country: 'GR' }); // prefix optional: billing country used
    expect(REVERSE_CHARGE_NOTE).toBe(
      'Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC)',
    );
  });

  it('§8 no reverse charge inside the seller country, for GB, or when the seller is outside the EU', () => {
    expect(decide('IT', 'IT00743110157')).toEqual({ rateBasisPoints: 2200, reverseCharge: false, country: 'IT' });
    expect(decide('GB', 'GB980780684')).toEqual({ rateBasisPoints: 2000, reverseCharge: false, country: 'GB' });
    expect(decide('DE', 'DE136695976', 'US')).toEqual({ rateBasisPoints: 1900, reverseCharge: false, country: 'DE' });
  });

  it('§8 an invalid VAT number, or one from another country than the billing country, is refused (typed errors)', () => {
    expect(() => decide('DE', 'DE136695977')).toThrow(InvalidVatNumberError);
    expect(() => decide('DE', 'hello')).toThrow(InvalidVatNumberError);
    expect(() => decide('FR', 'DE136695976')).toThrow(VatCountryMismatchError);
    try {
      decide('DE', 'DE136695977');
    } catch (e) {
      expect((e as InvalidVatNumberError).code).toBe('INVALID_VAT_NUMBER');
      expect((e as InvalidVatNumberError).details).toEqual({ reason: 'checksum' });
    }
  });

  it('§8 missing rate data, bad rates and bad countries are typed errors, not a silent 0 %', () => {
    expect(() => decide('ES')).toThrow(TaxRateNotFoundError);
    expect(() => decide('Italy')).toThrow(InvalidCountryError);
    expect(() =>
      decideTax({ sellerCountry: 'IT', buyerCountry: 'IT', rates: [{ country: 'IT', rateBasisPoints: 22.5 }] }),
    ).toThrow(InvalidTaxRateError);
  });
});

describe('§8 taxOn rounds half up to the minor unit', () => {
  const it22: TaxDecision = { rateBasisPoints: 2200, reverseCharge: false, country: 'IT' };
  it('§8 worked values', () => {
    expect(taxOn(money(25, 'EUR'), it22).amount).toBe(6n); // 5.5 → 6
    expect(taxOn(money(12345, 'EUR'), it22).amount).toBe(2716n); // 2715.9 → 2716
    expect(taxOn(money(10000, 'EUR'), it22).amount).toBe(2200n);
    expect(taxOn(money(2, 'EUR'), it22).amount).toBe(0n); // 0.44 → 0
    expect(taxOn(money(-25, 'EUR'), it22).amount).toBe(-6n); // credit notes: half away from zero
    expect(taxOn(money(10000, 'GBP'), { rateBasisPoints: 2000, reverseCharge: false, country: 'GB' })).toEqual(
      money(2000, 'GBP'),
    );
    expect(taxOn(money(10000, 'EUR'), { rateBasisPoints: 0, reverseCharge: true, country: 'DE', note: 'x' }).amount).toBe(0n);
  });

  it('§8 property: |tax − net×rate| ≤ ½ minor unit and tax ≤ net', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (net, bp) => {
        const t = taxOn(money(net, 'USD'), { rateBasisPoints: bp, reverseCharge: false, country: 'US' }).amount;
        const exact2 = 2n * net * BigInt(bp); // 2 × tax × 10000
        expect(2n * t * 10_000n - exact2 <= 10_000n).toBe(true);
        expect(exact2 - 2n * t * 10_000n < 10_000n).toBe(true);
        expect(t <= net).toBe(true);
      }),
    );
  });
});
