import { CurrencyMismatchError, InvalidAmountError, InvalidCurrencyError } from './errors';

// SPEC §8: amounts are integer minor units with a currency, never floating point. bigint keeps
// sums and products exact far beyond Number.MAX_SAFE_INTEGER (P × seconds overflows doubles).

export type Currency = 'USD' | 'EUR' | 'GBP';
export const CURRENCIES: readonly Currency[] = ['USD', 'EUR', 'GBP'] as const;

/** Minor-unit digits per currency (ISO 4217). All three have 2 today; kept as data for display. */
export const MINOR_DIGITS: Readonly<Record<Currency, number>> = { USD: 2, EUR: 2, GBP: 2 };

export interface Money {
  amount: bigint;
  currency: Currency;
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value);
}

/** Accepts a bigint or a safe integer number; anything fractional, NaN or unsafe is refused. */
export function toBigIntInteger(value: bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new InvalidAmountError(value);
}

export function money(amount: bigint | number, currency: Currency): Money {
  if (!isCurrency(currency)) throw new InvalidCurrencyError(currency);
  return { amount: toBigIntInteger(amount), currency };
}

export function zero(currency: Currency): Money {
  return money(0n, currency);
}

/** Throws when the list mixes currencies; returns the common currency (undefined for an empty list). */
export function assertSameCurrency(...values: Money[]): Currency | undefined {
  const first = values[0]?.currency;
  for (const m of values) {
    if (m.currency !== first) throw new CurrencyMismatchError([...new Set(values.map((v) => v.currency))]);
  }
  return first;
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amount: a.amount - b.amount, currency: a.currency };
}

export function multiply(m: Money, n: bigint | number): Money {
  return { amount: m.amount * toBigIntInteger(n), currency: m.currency };
}

export function isZero(m: Money): boolean {
  return m.amount === 0n;
}

export function isPositive(m: Money): boolean {
  return m.amount > 0n;
}

/** The currency is required so that an empty list still has one. */
export function sum(list: readonly Money[], currency: Currency): Money {
  let total = zero(currency);
  for (const m of list) total = add(total, m);
  return total;
}

/**
 * Exact round-half-up of numerator / denominator (SPEC §8 `round_half_up`).
 * For negative quotients we round half AWAY FROM ZERO, so that rounding is symmetric:
 * f(−n, d) = −f(n, d). Proration only feeds non-negative values; credit notes may not.
 */
export function roundHalfUpDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('roundHalfUpDiv: division by zero');
  if (denominator < 0n) return roundHalfUpDiv(-numerator, -denominator);
  if (numerator < 0n) return -roundHalfUpDiv(-numerator, denominator);
  // floor((2n + d) / 2d) == floor(n/d + 1/2) for n >= 0, d > 0; bigint division truncates = floors here.
  return (2n * numerator + denominator) / (2n * denominator);
}

// One formatter per locale and currency: making an Intl.NumberFormat costs ~30× formatting with one,
// and a list page formats an amount per row.
const moneyFormatters = new Map<string, Intl.NumberFormat>();
function moneyFormatter(locale: 'en' | 'it', currency: Currency, digits: number): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    moneyFormatters.set(key, f);
  }
  return f;
}

/** Display only: never parse this back. Uses a decimal string so huge amounts stay exact. */
export function formatMoney(m: Money, locale: 'en' | 'it'): string {
  const digits = MINOR_DIGITS[m.currency];
  const negative = m.amount < 0n;
  const abs = (negative ? -m.amount : m.amount).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return moneyFormatter(locale, m.currency, digits).format(`${negative ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}
