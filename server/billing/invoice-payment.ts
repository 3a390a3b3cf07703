import type { Currency } from './money';

// CP-6: how much of an invoice a card payment may take now. One function for the pay page, its
// client-side check and the order's transaction (which reads the figures with the invoice locked).

/** The smallest card payment Stripe takes, per currency (its documented minimum charge amounts). */
export const MINIMUM_CARD_PAYMENT: Readonly<Record<Currency, bigint>> = { USD: 50n, EUR: 50n, GBP: 30n };

export interface InvoicePaymentFigures {
  currency: Currency;
  total: bigint;
  /** What succeeded payments paid (invoices.amount_paid, derived from them). */
  amountPaid: bigint;
  /** What payments in flight or succeeded and open invoice-payment orders claim together (≥ amountPaid). */
  claimed: bigint;
}

export interface PaymentRange {
  /** What is still due: total − paid. */
  balance: bigint;
  /** Of the balance, what payments being processed right now already claim. */
  inProgress: bigint;
  /** What a new payment may take at most: balance − inProgress. */
  payable: bigint;
  /** The smallest card payment in the currency. */
  minimum: bigint;
}

const max0 = (v: bigint) => (v > 0n ? v : 0n);

export function paymentRange(f: InvoicePaymentFigures): PaymentRange {
  const balance = max0(f.total - f.amountPaid);
  const payable = max0(f.total - (f.claimed > f.amountPaid ? f.claimed : f.amountPaid));
  return { balance, inProgress: balance - payable, payable, minimum: MINIMUM_CARD_PAYMENT[f.currency] };
}

/**
 * Why a card payment of `amount` cannot be made now, or null when it can: at least the currency's
 * minimum, never more than the balance, nor more than what payments being processed leave of it; a part
 * payment leaves either nothing or at least the minimum (what is left must itself be payable by card).
 */
export type AmountProblem = 'belowMinimum' | 'aboveBalance' | 'inProgress' | 'leavesTooLittle';

export function amountProblem(amount: bigint, r: PaymentRange): AmountProblem | null {
  if (amount > r.balance) return 'aboveBalance';
  if (amount > r.payable) return 'inProgress';
  if (amount < r.minimum) return 'belowMinimum';
  const left = r.payable - amount;
  if (left > 0n && left < r.minimum) return 'leavesTooLittle';
  return null;
}

/** Whether any card payment can be made now (the smallest one fits). */
export const canPayByCard = (r: PaymentRange) => r.payable >= r.minimum;

/**
 * An amount typed by a person (in `locale`'s way or the other: "1250.50", "1.250,50", "1250,5") as
 * minor units of a two-decimal currency, or null when it is not one.
 */
export function parseAmount(text: string, locale: 'en' | 'it'): bigint | null {
  const s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  const decimal = locale === 'it' ? ',' : '.';
  const group = locale === 'it' ? '.' : ',';
  // A lone other separator followed by 1–2 digits is a decimal separator too ("12.50" in Italian).
  const other = new RegExp(`^\\d+\\${group}\\d{1,2}$`);
  if (other.test(s)) return parseAmount(s.replace(group, decimal), locale);
  // Grouping, when used, in threes: "1.250.000,00", never "12.50.1".
  const [whole = '', ...rest] = s.split(decimal);
  if (rest.length > 1 || (whole.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(whole))) return null;
  const normal = [whole.split(group).join(''), ...rest].join('.');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(normal);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
}

/** Minor units as the amount field shows them ("1250.50" / "1250,50"), without grouping. */
export function amountText(amount: bigint, locale: 'en' | 'it'): string {
  const abs = amount.toString().padStart(3, '0');
  return `${abs.slice(0, -2)}${locale === 'it' ? ',' : '.'}${abs.slice(-2)}`;
}
