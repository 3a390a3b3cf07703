// VAT number validation: format AND check digits (SPEC §8), pure and offline, for the 27 EU member
// states, Northern Ireland (XI) and the United Kingdom (GB).
//
// Each country's rules (lengths, allowed components such as Italian office codes or Cypriot leading
// digits, and its check-digit algorithm) come from `stdnum`, the maintained JavaScript port of
// python-stdnum, rather than from a table of our own: national rules change (Belgium's 1… numbers,
// the Netherlands' sole-trader numbers, new Italian offices), and one library keeps them in step.
// This module maps VAT prefixes to countries and the library's verdict to our result type, and
// corrects the few places where the library's rules differ from the national ones as published
// (checked against the numbers of python-stdnum's test suite, which were confirmed with VIES):
// see CORRECTIONS below.
import { stdnum, type Validator } from 'stdnum';
import { EU_COUNTRIES } from './eu-countries';

export type VatInvalidReason = 'format' | 'checksum' | 'country';

export type VatValidation =
  | { valid: true; country: string; normalized: string }
  | { valid: false; reason: VatInvalidReason };

/**
 * VAT prefix → the ISO 3166-1 country that tax decisions use and the library's validator. The
 * prefix is the ISO code except for Greece (EL) and Northern Ireland (XI, UK VAT numbers under the
 * Windsor Framework: the same number format as GB; for digital services the UK's rules apply).
 */
const RULES: Readonly<Record<string, { iso: string; validator: Validator }>> = Object.fromEntries([
  ...[...EU_COUNTRIES].map((iso) => [iso === 'GR' ? 'EL' : iso, { iso, validator: euValidator(iso) }]),
  ['GB', { iso: 'GB', validator: stdnum.GB!.vat! }],
  ['XI', { iso: 'GB', validator: stdnum.GB!.vat! }],
]);

function euValidator(iso: string): Validator {
  // The VAT number of each member state, by the library's own name for it.
  const names: Record<string, string> = {
    AT: 'uid', BE: 'vat', BG: 'vat', CY: 'vat', CZ: 'dic', DE: 'vat', DK: 'cvr', EE: 'kmkr', ES: 'nif', FI: 'alv',
    FR: 'tva', GR: 'vat', HR: 'oib', HU: 'anum', IE: 'vat', IT: 'iva', LT: 'pvm', LU: 'tva', LV: 'pvn', MT: 'vat',
    NL: 'btw', PL: 'nip', PT: 'nif', RO: 'cif', SE: 'vat', SI: 'ddv', SK: 'dph',
  };
  const validator = stdnum[iso]?.[names[iso] ?? ''];
  if (!validator) throw new Error(`no VAT number rules for ${iso}`);
  return validator;
}

type Verdict = true | 'format' | 'checksum';

/**
 * Where `stdnum` 1.12 misjudges a number, the published national rule, applied before the library
 * (a verdict ends the check; `undefined` leaves it to the library):
 * - DE: a USt-IdNr never starts with 0 (the library accepts e.g. DE036695975);
 * - NL: the two digits after B number a fiscal unit from 01 (the library accepts B00);
 * - GB: five-character numbers are only GD (government departments) or HA (health authorities);
 * - BG: ten-digit numbers are persons' EGN or foreigners' PNF, whatever their first digit (the
 *   library refuses first digits 4–8 before looking);
 * - CZ: nine-digit numbers starting with 6 ("special cases") have the check digit
 *   (8 − (10 − Σ wᵢdᵢ mod 11) mod 11) mod 10 over digits 2–8 with weights 8…2;
 * - SK: the IČ DPH has 10 digits, no leading 0, a third digit of 2, 3, 4, 7, 8 or 9, and is
 *   divisible by 11 (the library tests the first digit instead of the third).
 */
const CORRECTIONS: Readonly<Record<string, (body: string) => Verdict | undefined>> = {
  DE: (b) => (/^0/.test(b) ? 'format' : undefined),
  NL: (b) => (/B00$/.test(b) ? 'format' : undefined),
  GB: (b) => (b.length === 5 && !/^(GD|HA)/.test(b) ? 'format' : undefined),
  XI: (b) => CORRECTIONS.GB!(b),
  BG: (b) => (/^\d{10}$/.test(b) ? (stdnum.BG!.egn!.validate(b).isValid || stdnum.BG!.pnf!.validate(b).isValid ? true : 'checksum') : undefined),
  CZ: (b) => {
    if (!/^6\d{8}$/.test(b)) return undefined;
    const sum = [...b.slice(1, 8)].reduce((acc, d, i) => acc + Number(d) * (8 - i), 0);
    return (8 - ((10 - (sum % 11)) % 11)) % 10 === Number(b[8]) ? true : 'checksum';
  },
  SK: (b) => {
    if (!/^[1-9]\d[234789]\d{7}$/.test(b)) return 'format';
    return BigInt(b) % 11n === 0n ? true : 'checksum';
  },
};

/** A VAT number as an order stores it: trimmed, upper case, without spaces; null when none was given. */
export function normalizeVatInput(v: string | null | undefined): string | null {
  return v?.trim() ? v.trim().toUpperCase().replace(/\s+/g, '') : null;
}
/** Prefixes whose numbers we check (27 EU states with EL for Greece, XI and GB). */
export const SUPPORTED_VAT_PREFIXES: readonly string[] = Object.keys(RULES);

/**
 * @param input as typed by a person: spaces, dots, dashes, slashes and lower case are tolerated.
 * @param defaultCountry ISO country used when the input carries no two-letter prefix
 *   (e.g. the billing country); "GR" and "EL" both mean Greece.
 */
export function validateVatNumber(input: string, defaultCountry?: string): VatValidation {
  const compact = input.toUpperCase().replace(/[\s.\-/:,()]/g, '');
  let prefix: string;
  let body: string;
  if (/^[A-Z]{2}/.test(compact) && !/^(GD|HA)\d{3}$/.test(compact)) {
    prefix = compact.slice(0, 2);
    body = compact.slice(2);
  } else if (defaultCountry) {
    prefix = defaultCountry.toUpperCase();
    body = compact;
  } else {
    return { valid: false, reason: 'format' };
  }
  if (prefix === 'GR') prefix = 'EL';
  const rule = RULES[prefix];
  if (!rule) return { valid: false, reason: 'country' };
  if (!/^[0-9A-Z+*]{2,14}$/.test(body)) return { valid: false, reason: 'format' };
  const corrected = CORRECTIONS[prefix]?.(body);
  if (corrected === true) return { valid: true, country: rule.iso, normalized: `${prefix}${body}` };
  if (corrected) return { valid: false, reason: corrected };
  const result = rule.validator.validate(body);
  if (!result.isValid) return { valid: false, reason: result.error?.name === 'InvalidChecksum' ? 'checksum' : 'format' };
  return { valid: true, country: rule.iso, normalized: `${prefix}${result.compact}` };
}
