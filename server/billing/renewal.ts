import { add, assertSameCurrency, type Money } from './money';
import { addPeriod, assertValidDate, type BillingFrequency, type Period } from './periods';
import { subscriptionPrice } from './prices';
import { newSubscriptionCharge, type ChangeQuote } from './proration';
import { taxOn, type TaxDecision } from './tax';

// BC-9 / WF-4 renewals. A renewal bills the period that starts exactly where the current one ends
// (no gap, no overlap), at the price in force then; the same functions price the "next renewal"
// shown on the Subscriptions page and the amount the renewal charges.

/**
 * The period a renewal bills: from the current period's end, one period long (SPEC §8: the same day
 * and time of the next month or year, or that month's last day). A dunning success keeps it, however
 * late the payment: the anchor never moves to the payment date.
 */
export function renewalPeriod(current: Period, frequency: BillingFrequency): Period {
  assertValidDate(current.start, 'period start');
  assertValidDate(current.end, 'period end');
  return { start: new Date(current.end.getTime()), end: addPeriod(current.end, frequency) };
}

/**
 * BC-9 online renewal: unit price in force at the renewal × seats, for the next period; the account's
 * credit balance is applied first, tax on the rest (by the billing country). The caller looks the
 * unit price up with `findUnitPrice` in the price book valid at `current.end`.
 */
export function renewalCharge(input: {
  current: Period;
  frequency: BillingFrequency;
  unitPrice: Money;
  seats: number;
  creditBalance: Money;
  tax: TaxDecision;
}): ChangeQuote {
  assertSameCurrency(input.unitPrice, input.creditBalance);
  const period = renewalPeriod(input.current, input.frequency);
  return newSubscriptionCharge({
    startAt: period.start,
    price: subscriptionPrice(input.unitPrice, input.seats),
    frequency: input.frequency,
    creditBalance: input.creditBalance,
    tax: input.tax,
  });
}

export interface CorporateRenewalQuote {
  /** The next annual term, from the old term's end. */
  period: Period;
  planCost: Money;
  tax: Money;
  total: Money;
  /** Issue date + net terms. */
  dueAt: Date;
  taxDecision: TaxDecision;
}

const DAY_MS = 86_400_000;

/**
 * BC-9 corporate renewal (CP-11: annual): an invoice for the next term at the annual unit price in
 * force × seats, tax by the billing country, due `netTermsDays` after it is issued. Corporate accounts
 * pay by invoice, so no credit balance is involved.
 */
export function corporateRenewal(input: {
  current: Period;
  unitPrice: Money;
  seats: number;
  tax: TaxDecision;
  issuedAt: Date;
  netTermsDays: number;
}): CorporateRenewalQuote {
  assertValidDate(input.issuedAt, 'issue date');
  if (!Number.isSafeInteger(input.netTermsDays) || input.netTermsDays < 0) throw new RangeError(`net terms must be whole days ≥ 0, got ${input.netTermsDays}`);
  const period = renewalPeriod(input.current, 'annual');
  const planCost = subscriptionPrice(input.unitPrice, input.seats);
  const tax = taxOn(planCost, input.tax);
  return { period, planCost, tax, total: add(planCost, tax), dueAt: new Date(input.issuedAt.getTime() + input.netTermsDays * DAY_MS), taxDecision: input.tax };
}
