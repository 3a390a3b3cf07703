import { DiscountAboveLimitError, DuplicateQuoteLineError, EmptyQuoteError, InvalidDiscountError } from './errors';
import { add, assertSameCurrency, multiply, roundHalfUpDiv, subtract, zero, type Money } from './money';
import { addPeriod, assertValidDate, type Period } from './periods';
import { assertSeatCount } from './prices';
import { prorateCoTerm } from './proration';
import { taxOn, type TaxDecision } from './tax';

// BO-1 / CP-4 / CP-10: the figures of a quote. The rep's editor previews them, the PDF prints them,
// and the service order charges them — all from `priceQuote`, so they cannot disagree. Corporate
// terms are annual: a line either co-terms added seats to the contract's current term (SPEC §8,
// `prorateCoTerm`) or starts a new annual term at the pricing time.

/** How a line's term is set. */
export type QuoteTerm =
  | { kind: 'co_term'; termStart: Date; termEnd: Date }
  | { kind: 'new_term' };

export interface QuoteLineInput {
  productId: string;
  tierId: string;
  seats: number;
  /** The catalog price per seat for one annual term. */
  listUnitPrice: Money;
  /** 1000 = 10 % off the list price; 0 for add-seats orders. */
  discountBasisPoints: number;
  term: QuoteTerm;
}

export interface PricedQuoteLine extends QuoteLineInput {
  /** Per seat per year after the discount. */
  unitPrice: Money;
  /** seats × unitPrice: the price of a whole term. */
  fullTermCost: Money;
  /** The billed period: [at, term end) when co-termed, [at, at + 1 year) for a new term. */
  period: Period;
  /** What the line costs, before tax. */
  amount: Money;
}

export interface PricedQuote {
  lines: PricedQuoteLine[];
  subtotal: Money;
  tax: Money;
  total: Money;
  taxDecision: TaxDecision;
}

const BASIS_POINTS = 10_000n;

function assertDiscount(bp: number): void {
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) throw new InvalidDiscountError(bp);
}

/** The list price less the discount, the discount rounded half up to the minor unit. */
export function discountedUnitPrice(list: Money, discountBasisPoints: number): Money {
  assertDiscount(discountBasisPoints);
  const off = roundHalfUpDiv(list.amount * BigInt(discountBasisPoints), BASIS_POINTS);
  return subtract(list, { amount: off, currency: list.currency });
}

/**
 * Prices a quote at `at`. Each line: the discounted unit price (a discount above
 * `maxDiscountBasisPoints` is refused), × seats, prorated to the contract's term end by
 * `prorateCoTerm` or a whole new annual term; tax once on the subtotal, like the invoice that
 * follows. One line per product.
 */
export function priceQuote(input: { lines: readonly QuoteLineInput[]; at: Date; tax: TaxDecision; maxDiscountBasisPoints: number }): PricedQuote {
  assertValidDate(input.at, 'pricing time');
  assertDiscount(input.maxDiscountBasisPoints);
  const first = input.lines[0];
  if (!first) throw new EmptyQuoteError();
  const currency = assertSameCurrency(...input.lines.map((l) => l.listUnitPrice)) ?? first.listUnitPrice.currency;
  const seen = new Set<string>();
  const lines = input.lines.map((line): PricedQuoteLine => {
    if (seen.has(line.productId)) throw new DuplicateQuoteLineError(line.productId);
    seen.add(line.productId);
    assertSeatCount(line.seats, 1);
    assertDiscount(line.discountBasisPoints);
    if (line.discountBasisPoints > input.maxDiscountBasisPoints) throw new DiscountAboveLimitError(line.discountBasisPoints, input.maxDiscountBasisPoints);
    const unitPrice = discountedUnitPrice(line.listUnitPrice, line.discountBasisPoints);
    const fullTermCost = multiply(unitPrice, line.seats);
    if (line.term.kind === 'co_term') {
      const co = prorateCoTerm({ addedSeats: line.seats, annualUnitPrice: unitPrice, termStart: line.term.termStart, termEnd: line.term.termEnd, at: input.at, tax: input.tax });
      return { ...line, unitPrice, fullTermCost, period: co.period, amount: co.netDue };
    }
    return { ...line, unitPrice, fullTermCost, period: { start: new Date(input.at.getTime()), end: addPeriod(input.at, 'annual') }, amount: fullTermCost };
  });
  const subtotal = lines.reduce((s, l) => add(s, l.amount), zero(currency));
  const tax = taxOn(subtotal, input.tax);
  return { lines, subtotal, tax, total: add(subtotal, tax), taxDecision: input.tax };
}
