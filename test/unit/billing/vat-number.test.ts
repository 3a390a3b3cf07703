import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateVatNumber } from '../../../server/billing';

// Known-valid numbers of real registered businesses, from public sources (company imprints, VIES
// examples), each checked by hand against its national algorithm and against npm `jsvat` 2.5.4.
const KNOWN_VALID: Array<[string, string, string]> = [
  ['IT00743110157', 'IT', 'IT00743110157'],
  ['DE136695976', 'DE', 'DE136695976'],
  ['FR40303265045', 'FR', 'FR40303265045'],
  ['NL004495445B01', 'NL', 'NL004495445B01'],
  ['BE0403170701', 'BE', 'BE0403170701'],
  ['ATU13585627', 'AT', 'ATU13585627'],
  ['IE6388047V', 'IE', 'IE6388047V'],
  ['IE8Z49289F', 'IE', 'IE8Z49289F'], // pre-2013 format
  ['IE3628739UA', 'IE', 'IE3628739UA'], // 2013 format, second letter
  ['ESA28015865', 'ES', 'ESA28015865'], // CIF
  ['ES12345678Z', 'ES', 'ES12345678Z'], // DNI
  ['ESX1234567L', 'ES', 'ESX1234567L'], // NIE
  ['PL5260250274', 'PL', 'PL5260250274'],
  ['PT500697256', 'PT', 'PT500697256'],
  ['SE202100305401', 'SE', 'SE202100305401'],
  ['EL094014201', 'GR', 'EL094014201'],
  ['GB980780684', 'GB', 'GB980780684'],
  ['GB434031494', 'GB', 'GB434031494'],
  ['NL000099998B57', 'NL', 'NL000099998B57'], // sole-trader (MOD 97) test number of the Belastingdienst
  ['DK13585628', 'DK', 'DK13585628'],
  ['FI20774740', 'FI', 'FI20774740'],
  ['LU15027442', 'LU', 'LU15027442'],
  ['SI50223054', 'SI', 'SI50223054'],
  ['HR33392005961', 'HR', 'HR33392005961'],
];

describe('§8 VAT number validation: format and check digits', () => {
  it.each(KNOWN_VALID)('§8 %s is valid (%s)', (input, country, normalized) => {
    expect(validateVatNumber(input)).toEqual({ valid: true, country, normalized });
  });

  it('§8 normalises spaces, dots, dashes and lower case; EL or GR for Greece; old 9-digit BE', () => {
    expect(validateVatNumber(' it 007.431-101 57 ')).toEqual({ valid: true, country: 'IT', normalized: 'IT00743110157' });
    // NL: the two digits after B number the business unit; B02 is as valid as B01 for a company
    expect(validateVatNumber('NL004495445B02').valid).toBe(true);
    expect(validateVatNumber('nl004495445b01')).toEqual({ valid: true, country: 'NL', normalized: 'NL004495445B01' });
    expect(validateVatNumber('GR094014201')).toEqual({ valid: true, country: 'GR', normalized: 'EL094014201' });
    expect(validateVatNumber('el 094 014 201')).toEqual({ valid: true, country: 'GR', normalized: 'EL094014201' });
    expect(validateVatNumber('BE403170701')).toEqual({ valid: true, country: 'BE', normalized: 'BE0403170701' });
    // without prefix, the caller may supply the billing country
    expect(validateVatNumber('00743110157', 'IT')).toEqual({ valid: true, country: 'IT', normalized: 'IT00743110157' });
    expect(validateVatNumber('094014201', 'GR')).toEqual({ valid: true, country: 'GR', normalized: 'EL094014201' });
    expect(validateVatNumber('00743110157')).toEqual({ valid: false, reason: 'format' });
  });

  it.each<[string, 'format' | 'checksum' | 'country']>([
    ['IT00743110158', 'checksum'],
    ['DE136695977', 'checksum'],
    ['FR41303265045', 'checksum'],
    ['NL004495446B01', 'checksum'],
    ['NL000099998B58', 'checksum'], // MOD 97 sole-trader number, wrong suffix
    ['BE0403170702', 'checksum'],
    ['ATU13585628', 'checksum'],
    ['IE6388047W', 'checksum'],
    ['ESA28015866', 'checksum'],
    ['ES12345678A', 'checksum'],
    ['PL5260250275', 'checksum'],
    ['PT500697257', 'checksum'],
    ['SE202100305501', 'checksum'],
    ['EL094014202', 'checksum'],
    ['GB980780685', 'checksum'],
    ['IT0074311015', 'format'], // 10 digits
    ['DE036695976', 'format'], // leading zero
    ['ATX13585627', 'format'],
    ['SE202100305402', 'format'], // suffix must be 01
    ['NL004495445X01', 'format'],
    ['IT00000000000', 'format'],
    ['IT', 'format'],
    ['', 'format'],
    ['XX123456789', 'country'],
    ['US123456789', 'country'],
  ])('§8 %s is invalid (%s)', (input, reason) => {
    expect(validateVatNumber(input)).toEqual({ valid: false, reason });
  });

  it('§8 any single wrong digit is caught (IT, DE, FR, BE, AT, PL, SE, IE checksums)', () => {
    const detectsAll = ['IT00743110157', 'DE136695976', 'FR40303265045', 'BE0403170701', 'ATU13585627', 'PL5260250274', 'SE202100305401', 'IE6388047V'];
    for (const vat of detectsAll) {
      for (let i = 2; i < vat.length; i++) {
        const ch = vat[i]!;
        if (!/\d/.test(ch)) continue;
        if (vat.startsWith('SE') && i >= vat.length - 2) continue; // the "01" suffix is format, tested above
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === ch) continue;
          const mutated = `${vat.slice(0, i)}${digit}${vat.slice(i + 1)}`;
          expect(validateVatNumber(mutated).valid, mutated).toBe(false);
        }
      }
    }
  });

  it('§8 property: IT numbers built with the Luhn check digit are valid; any other last digit is not', () => {
    const luhnCheckDigit = (ten: string) => {
      let sum = 0;
      [...ten].forEach((c, i) => {
        const n = Number(c) * (i % 2 === 1 ? 2 : 1);
        sum += n > 9 ? n - 9 : n;
      });
      return (10 - (sum % 10)) % 10;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 9 }),
        (serial, office, other) => {
          const ten = `${String(serial).padStart(7, '0')}${String(office).padStart(3, '0')}`;
          const check = luhnCheckDigit(ten);
          expect(validateVatNumber(`IT${ten}${check}`)).toEqual({ valid: true, country: 'IT', normalized: `IT${ten}${check}` });
          if (other !== check) expect(validateVatNumber(`IT${ten}${other}`)).toEqual({ valid: false, reason: 'checksum' });
        },
      ),
    );
  });

  it('§8 property: never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const r = validateVatNumber(s);
        expect(typeof r.valid).toBe('boolean');
      }),
    );
  });
});
