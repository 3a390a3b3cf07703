// VAT number validation: format AND check digits (SPEC §8), pure and offline.
//
// Algorithms follow the national specifications as documented by the EU's VIES/TIN check-digit
// notes and python-stdnum. The npm package `jsvat` (2.5.4) agrees with this module on every number
// we compared; it can replace the per-country table below without changing the exported contract,
// because callers only see `validateVatNumber` and its result type.

export type VatInvalidReason = 'format' | 'checksum' | 'country';

export type VatValidation =
  | { valid: true; country: string; normalized: string }
  | { valid: false; reason: VatInvalidReason };

type CheckResult = true | 'format' | 'checksum';

/** Keyed by the VAT prefix (Greece uses EL); `iso` is the ISO 3166-1 country for tax decisions. */
const RULES: Readonly<Record<string, { iso: string; check: (body: string) => CheckResult }>> = {
  AT: { iso: 'AT', check: checkAT },
  BE: { iso: 'BE', check: checkBE },
  DE: { iso: 'DE', check: checkDE },
  DK: { iso: 'DK', check: checkDK },
  EL: { iso: 'GR', check: checkEL },
  ES: { iso: 'ES', check: checkES },
  FI: { iso: 'FI', check: checkFI },
  FR: { iso: 'FR', check: checkFR },
  HR: { iso: 'HR', check: checkHR },
  IE: { iso: 'IE', check: checkIE },
  IT: { iso: 'IT', check: checkIT },
  LU: { iso: 'LU', check: checkLU },
  NL: { iso: 'NL', check: checkNL },
  PL: { iso: 'PL', check: checkPL },
  PT: { iso: 'PT', check: checkPT },
  SE: { iso: 'SE', check: checkSE },
  SI: { iso: 'SI', check: checkSI },
  GB: { iso: 'GB', check: checkGB },
};

/** A VAT number as an order stores it: trimmed, upper case, without spaces; null when none was given. */
export function normalizeVatInput(v: string | null | undefined): string | null {
  return v?.trim() ? v.trim().toUpperCase().replace(/\s+/g, '') : null;
}
/**
 * @param input as typed by a person: spaces, dots, dashes, slashes and lower case are tolerated.
 * @param defaultCountry ISO country used when the input carries no two-letter prefix
 *   (e.g. the billing country); "GR" and "EL" both mean Greece.
 */
export function validateVatNumber(input: string, defaultCountry?: string): VatValidation {
  const compact = input.toUpperCase().replace(/[\s.\-/]/g, '');
  let prefix: string;
  let body: string;
  if (/^[A-Z]{2}/.test(compact)) {
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
  if (body.length === 0) return { valid: false, reason: 'format' };
  // Belgium: old 9-digit numbers are the same number with a leading 0.
  if (prefix === 'BE' && /^\d{9}$/.test(body)) body = `0${body}`;
  const result = rule.check(body);
  if (result !== true) return { valid: false, reason: result };
  return { valid: true, country: rule.iso, normalized: `${prefix}${body}` };
}

// ---------------------------------------------------------------- helpers

function digits(s: string): number[] {
  return [...s].map(Number);
}

function weightedSum(s: string, weights: readonly number[]): number {
  return digits(s).reduce((acc, d, i) => acc + d * (weights[i] ?? 0), 0);
}

/** Luhn over the whole string, last digit being the check digit. */
function luhnValid(s: string): boolean {
  let total = 0;
  const ds = digits(s).reverse();
  ds.forEach((d, i) => {
    if (i % 2 === 1) {
      const doubled = d * 2;
      total += doubled > 9 ? doubled - 9 : doubled;
    } else total += d;
  });
  return total % 10 === 0;
}

/** ISO 7064 MOD 11,10 (Germany, Croatia): true when the last digit is the right check digit. */
function iso7064Mod11_10Valid(s: string): boolean {
  let product = 10;
  const ds = digits(s);
  const check = ds.pop();
  for (const d of ds) {
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10 === check;
}

/** Big-number mod 97 on a digit string without floats. */
function mod97(s: string): number {
  let r = 0;
  for (const ch of s) r = (r * 10 + Number(ch)) % 97;
  return r;
}

const ok = (cond: boolean): CheckResult => (cond ? true : 'checksum');

// ---------------------------------------------------------------- countries

function checkAT(body: string): CheckResult {
  if (!/^U\d{8}$/.test(body)) return 'format';
  const ds = body.slice(1);
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(ds[i]);
    const p = i % 2 === 1 ? d * 2 : d;
    sum += Math.floor(p / 10) + (p % 10);
  }
  return ok((10 - ((sum + 4) % 10)) % 10 === Number(ds[7]));
}

function checkBE(body: string): CheckResult {
  // 10 digits starting 0 or 1 (1 since 2023); "00…" was never issued.
  if (!/^[01]\d{9}$/.test(body) || body.startsWith('00')) return 'format';
  return ok(97 - (Number(body.slice(0, 8)) % 97) === Number(body.slice(8)));
}

function checkDE(body: string): CheckResult {
  if (!/^[1-9]\d{8}$/.test(body)) return 'format';
  return ok(iso7064Mod11_10Valid(body));
}

function checkDK(body: string): CheckResult {
  if (!/^[1-9]\d{7}$/.test(body)) return 'format';
  return ok(weightedSum(body, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0);
}

function checkEL(body: string): CheckResult {
  if (!/^\d{9}$/.test(body)) return 'format';
  const sum = weightedSum(body.slice(0, 8), [256, 128, 64, 32, 16, 8, 4, 2]);
  return ok((sum % 11) % 10 === Number(body[8]));
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function checkES(body: string): CheckResult {
  if (/^\d{8}[A-Z]$/.test(body)) {
    // DNI (Spanish natural person)
    return ok(DNI_LETTERS[Number(body.slice(0, 8)) % 23] === body[8]);
  }
  if (/^[XYZ]\d{7}[A-Z]$/.test(body)) {
    // NIE (foreign resident): X/Y/Z stand for 0/1/2
    const n = Number(`${'XYZ'.indexOf(body[0] ?? '')}${body.slice(1, 8)}`);
    return ok(DNI_LETTERS[n % 23] === body[8]);
  }
  if (/^[KLM]\d{7}[A-Z]$/.test(body)) {
    return ok(DNI_LETTERS[Number(body.slice(1, 8)) % 23] === body[8]);
  }
  if (/^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/.test(body)) {
    // CIF (legal entity): Luhn-like over the 7 digits; control is a digit or the letter JABCDEFGHI[c]
    let sum = 0;
    for (let i = 0; i < 7; i++) {
      const d = Number(body[i + 1]);
      if (i % 2 === 0) {
        const p = d * 2;
        sum += Math.floor(p / 10) + (p % 10);
      } else sum += d;
    }
    const c = (10 - (sum % 10)) % 10;
    const control = body[8];
    return ok(control === String(c) || control === 'JABCDEFGHI'[c]);
  }
  return 'format';
}

function checkFI(body: string): CheckResult {
  if (!/^\d{8}$/.test(body)) return 'format';
  const r = weightedSum(body.slice(0, 7), [7, 9, 10, 5, 8, 4, 2]) % 11;
  if (r === 1) return 'checksum'; // check would be 10: never issued
  return ok((r === 0 ? 0 : 11 - r) === Number(body[7]));
}

// French keys may be alphanumeric (no I, O); digits sort before letters in this alphabet.
const FR_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function checkFR(body: string): CheckResult {
  if (!/^[0-9A-HJ-NP-Z]{2}\d{9}$/.test(body)) return 'format';
  const key = body.slice(0, 2);
  const siren = BigInt(body.slice(2));
  if (/^\d{2}$/.test(key)) return ok(Number(key) === Number((siren * 100n + 12n) % 97n));
  const a = FR_ALPHABET.indexOf(key[0] ?? '');
  const b = FR_ALPHABET.indexOf(key[1] ?? '');
  const check = /\d/.test(key[0] ?? '') ? a * 24 + b - 10 : a * 34 + b - 100;
  return ok(Number((siren + 1n + BigInt(Math.floor(check / 11))) % 11n) === check % 11);
}

function checkHR(body: string): CheckResult {
  if (!/^\d{11}$/.test(body)) return 'format';
  return ok(iso7064Mod11_10Valid(body));
}

const IE_ALPHABET = 'WABCDEFGHIJKLMNOPQRSTUV';

function ieCheckChar(sevenDigits: string, extra: string): string | undefined {
  const sum = weightedSum(sevenDigits, [8, 7, 6, 5, 4, 3, 2]) + 9 * (extra ? IE_ALPHABET.indexOf(extra) : 0);
  return IE_ALPHABET[sum % 23];
}

function checkIE(body: string): CheckResult {
  if (/^\d{7}[A-W][A-IW]?$/.test(body)) {
    // current format: 7 digits, check letter, optional second letter that enters the sum
    return ok(ieCheckChar(body.slice(0, 7), body.slice(8)) === body[7]);
  }
  if (/^\d[A-Z+*]\d{5}[A-W]$/.test(body)) {
    // pre-2013 format: digit, letter/+/*, 5 digits, check letter; reorder to "0" + 5 digits + first digit
    return ok(ieCheckChar(`0${body.slice(2, 7)}${body[0]}`, '') === body[7]);
  }
  return 'format';
}

// Italian office codes: 001–1xx provinces (new provinces went past 100), 120/121 special,
// 888/999 (Agenzia delle Entrate). We accept up to 201 rather than reject a real new code.
function checkIT(body: string): CheckResult {
  if (!/^\d{11}$/.test(body)) return 'format';
  if (/^0{7}/.test(body)) return 'format';
  const office = Number(body.slice(7, 10));
  if (!((office >= 1 && office <= 201) || office === 888 || office === 999)) return 'format';
  return ok(luhnValid(body));
}

function checkLU(body: string): CheckResult {
  if (!/^\d{8}$/.test(body)) return 'format';
  return ok(Number(body.slice(0, 6)) % 89 === Number(body.slice(6)));
}

function checkNL(body: string): CheckResult {
  if (!/^\d{9}B\d{2}$/.test(body)) return 'format';
  // Companies: "elfproef" (weights 9..2, last digit −1). Sole traders since 2020: ISO 7064 MOD 97-10
  // over "NL" + number with letters as numbers (N=23, L=21, B=11).
  const elf = weightedSum(body.slice(0, 8), [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  if (elf !== 10 && elf === Number(body[8])) return true;
  return ok(mod97(`2321${body.slice(0, 9)}11${body.slice(10)}`) === 1);
}

function checkPL(body: string): CheckResult {
  if (!/^\d{10}$/.test(body)) return 'format';
  const r = weightedSum(body.slice(0, 9), [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
  return ok(r !== 10 && r === Number(body[9]));
}

function checkPT(body: string): CheckResult {
  if (!/^[1-9]\d{8}$/.test(body)) return 'format';
  const c = 11 - (weightedSum(body.slice(0, 8), [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return ok((c >= 10 ? 0 : c) === Number(body[8]));
}

function checkSE(body: string): CheckResult {
  // 10-digit organisation number followed by "01"
  if (!/^\d{10}01$/.test(body)) return 'format';
  return ok(luhnValid(body.slice(0, 10)));
}

function checkSI(body: string): CheckResult {
  if (!/^[1-9]\d{7}$/.test(body)) return 'format';
  const c = 11 - (weightedSum(body.slice(0, 7), [8, 7, 6, 5, 4, 3, 2]) % 11);
  if (c === 11) return 'checksum';
  return ok((c === 10 ? 0 : c) === Number(body[7]));
}

function checkGB(body: string): CheckResult {
  if (/^GD[0-4]\d{2}$/.test(body) || /^HA[5-9]\d{2}$/.test(body)) return true; // government / health
  if (!/^(\d{9}|\d{12})$/.test(body)) return 'format';
  // weights 8..2 on the first 7 digits plus the 2-digit check: ≡ 0 (old "mod 97" series) or
  // ≡ 42 (= −55, "mod 9755" series); HMRC issued each series only in certain ranges.
  const r = (weightedSum(body.slice(0, 7), [8, 7, 6, 5, 4, 3, 2]) + Number(body.slice(7, 9))) % 97;
  const block = Number(body.slice(0, 7));
  if (Number(body.slice(7, 9)) >= 97) return 'checksum'; // check digits are a residue mod 97
  const oldSeries = r === 0 && block < 9_990_001 && (block < 100_000 || block > 999_999) && (block < 9_490_001 || block > 9_700_000);
  const newSeries = r === 42 && block > 1_000_000;
  return ok(oldSeries || newSeries);
}
