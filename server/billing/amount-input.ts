import { MINOR_DIGITS, type Currency } from './money';

/**
 * CP-6: an amount a person typed (e.g. "1.234,56" in Italian, "1,234.56" or "1234.5" in English, with
 * or without the currency sign) as integer minor units — exact, no floating point — or null when it is
 * not an amount of this currency (more decimals than the currency has, stray characters, misplaced
 * grouping). The locale's decimal separator wins; a lone "." with one or two decimals is read as a
 * decimal point in Italian too (people type 12.50).
 */
export function parseAmountInput(text: string, currency: Currency, locale: 'en' | 'it'): bigint | null {
  const digits = MINOR_DIGITS[currency];
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^(€|\$|£|EUR|USD|GBP)|(€|\$|£|EUR|USD|GBP)$/gi, '');
  if (!/^[0-9.,]+$/.test(s)) return null;
  let decimal = locale === 'it' ? ',' : '.';
  let group = locale === 'it' ? '.' : ',';
  if (locale === 'it' && !s.includes(',') && /^\d+\.\d{1,2}$/.test(s)) [decimal, group] = ['.', ','];
  const [intPart, frac = '', ...rest] = s.split(decimal);
  if (rest.length > 0 || frac.includes(group) || !/^\d*$/.test(frac) || frac.length > digits) return null;
  // Grouping, when used, in threes: 1.234.567 / 1,234,567.
  if (intPart!.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(intPart!)) return null;
  const whole = intPart!.split(group).join('');
  if (whole === '' && frac === '') return null;
  return BigInt(whole || '0') * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
}

/** Minor units as the plain decimal a person edits (no grouping, no currency sign), in the locale's decimal mark. */
export function amountInputValue(amount: bigint, currency: Currency, locale: 'en' | 'it'): string {
  const digits = MINOR_DIGITS[currency];
  const abs = (amount < 0n ? -amount : amount).toString().padStart(digits + 1, '0');
  const value = digits === 0 ? abs : `${abs.slice(0, -digits)}${locale === 'it' ? ',' : '.'}${abs.slice(-digits)}`;
  return amount < 0n ? `-${value}` : value;
}
