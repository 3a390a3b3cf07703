import { ChangeOutsidePeriodError, InvalidAmountError, TrialNotActiveError } from './errors';
import { add, assertSameCurrency, multiply, roundHalfUpDiv, subtract, zero, type Money } from './money';
import { addPeriod, assertValidDate, epochSeconds, periodSeconds, type BillingFrequency, type Period } from './periods';
import { assertSeatCount } from './prices';
import { taxOn, type TaxDecision } from './tax';

// SPEC §8 proration. The preview a user sees (BC-4 order summary) and the amount the workflow
// charges come from these same functions, so they cannot disagree. Everything is integer maths
// on bigint minor units and whole seconds; the clock is always a parameter.

export interface ChangeQuote {
  /** The new configuration's fresh period [t, addPeriod(t)). The billing date moves to t. */
  newPeriod: Period;
  /** N: full price of the new configuration for one new period. */
  planCost: Money;
  /** C: credit for the unused part of the current period. */
  unusedCredit: Money;
  /** Part of the account's existing credit balance consumed; never more than needed. */
  creditApplied: Money;
  /** max(0, N − C − balance), before tax. */
  netDue: Money;
  tax: Money;
  /** netDue + tax: what the card is charged (nothing when 0). */
  totalDue: Money;
  /** max(0, balance + C − N). */
  creditBalanceAfter: Money;
  /** Echoed so the invoice can print the rate and the reverse-charge note. */
  taxDecision: TaxDecision;
}

function assertNonNegative(m: Money, what: string): void {
  if (m.amount < 0n) throw new InvalidAmountError(`${what} ${m.amount} (must be >= 0)`);
}

/**
 * C = round_half_up(P × (end − t) / (end − start)), in whole seconds, for start <= t < end.
 * t == end is refused: a change at the very end is a renewal, not a proration.
 */
export function unusedCredit(period: Period, paid: Money, t: Date): Money {
  assertValidDate(t, 'change time');
  assertNonNegative(paid, 'paid');
  const length = periodSeconds(period.start, period.end);
  const s = epochSeconds(period.start);
  const e = epochSeconds(period.end);
  const x = epochSeconds(t);
  if (x < s || x >= e) throw new ChangeOutsidePeriodError(t, period.start, period.end);
  return { amount: roundHalfUpDiv(paid.amount * (e - x), length), currency: paid.currency };
}

/**
 * The settlement every charge shares: plan cost minus a credit, then the balance, then tax.
 * Identities (property-tested): netDue − creditBalanceAfter = N − C − balance;
 * creditBalanceAfter = balance − creditApplied + max(0, C − N).
 */
function settle(args: {
  newPeriod: Period;
  planCost: Money;
  credit: Money;
  creditBalance: Money;
  tax: TaxDecision;
}): ChangeQuote {
  const { planCost, credit, creditBalance } = args;
  const currency = assertSameCurrency(planCost, credit, creditBalance) ?? planCost.currency;
  assertNonNegative(planCost, 'plan cost');
  assertNonNegative(creditBalance, 'credit balance');
  const gross = subtract(planCost, credit);
  let creditApplied = zero(currency);
  let netDue = zero(currency);
  let creditBalanceAfter: Money;
  if (gross.amount <= 0n) {
    // Nothing to pay: the surplus credit joins the balance, which stays untouched otherwise.
    creditBalanceAfter = subtract(creditBalance, gross);
  } else {
    creditApplied = gross.amount < creditBalance.amount ? gross : creditBalance;
    netDue = subtract(gross, creditApplied);
    creditBalanceAfter = subtract(creditBalance, creditApplied);
  }
  const tax = taxOn(netDue, args.tax);
  return {
    newPeriod: args.newPeriod,
    planCost,
    unusedCredit: credit,
    creditApplied,
    netDue,
    tax,
    totalDue: add(netDue, tax),
    creditBalanceAfter,
    taxDecision: args.tax,
  };
}

/** BC-4 / WF-2: change tier, seats or frequency at `changeAt`; the new period starts then. */
export function prorateChange(input: {
  currentPeriod: Period;
  paid: Money;
  changeAt: Date;
  newPrice: Money;
  newFrequency: BillingFrequency;
  creditBalance: Money;
  tax: TaxDecision;
}): ChangeQuote {
  assertSameCurrency(input.paid, input.newPrice, input.creditBalance);
  const credit = unusedCredit(input.currentPeriod, input.paid, input.changeAt);
  return settle({
    newPeriod: { start: new Date(input.changeAt.getTime()), end: addPeriod(input.changeAt, input.newFrequency) },
    planCost: input.newPrice,
    credit,
    creditBalance: input.creditBalance,
    tax: input.tax,
  });
}

/**
 * BC-5: one settlement for a checkout of several lines (conversions N, changes N − C) — the same
 * `settle` as a single change, on Σ N and Σ C: the balance is applied once, tax on the net due, and a
 * net-negative order adds max(0, Σ C − Σ N) to the balance. A cart with one change line settles to
 * exactly the figures of that change on its own.
 */
export function settleOrder(input: { lines: Array<{ planCost: Money; credit: Money }>; creditBalance: Money; tax: TaxDecision; at: Date }): Omit<ChangeQuote, 'newPeriod'> {
  assertValidDate(input.at, 'order time');
  const currency = input.creditBalance.currency;
  let planCost = zero(currency);
  let credit = zero(currency);
  for (const l of input.lines) {
    assertNonNegative(l.planCost, 'plan cost');
    assertNonNegative(l.credit, 'credit');
    planCost = add(planCost, l.planCost);
    credit = add(credit, l.credit);
  }
  const { newPeriod: _unused, ...rest } = settle({ newPeriod: { start: input.at, end: input.at }, planCost, credit, creditBalance: input.creditBalance, tax: input.tax });
  return rest;
}

/** A fresh subscription starting at `startAt`: full price minus available credit balance, plus tax. */
export function newSubscriptionCharge(input: {
  startAt: Date;
  price: Money;
  frequency: BillingFrequency;
  creditBalance: Money;
  tax: TaxDecision;
}): ChangeQuote {
  assertValidDate(input.startAt, 'start');
  return settle({
    newPeriod: { start: new Date(input.startAt.getTime()), end: addPeriod(input.startAt, input.frequency) },
    planCost: input.price,
    credit: zero(input.price.currency),
    creditBalance: input.creditBalance,
    tax: input.tax,
  });
}

/**
 * BC-3 / WF-1: a trial converts at the order time, which becomes the billing date. A trial that
 * has ended (orderAt >= trial end) can no longer convert — BC-5 re-validates this at checkout.
 */
export function convertTrial(input: {
  trial: Period;
  orderAt: Date;
  price: Money;
  frequency: BillingFrequency;
  creditBalance: Money;
  tax: TaxDecision;
}): ChangeQuote {
  assertValidDate(input.orderAt, 'order time');
  const at = input.orderAt.getTime();
  if (at < input.trial.start.getTime() || at >= input.trial.end.getTime()) {
    throw new TrialNotActiveError(input.orderAt, input.trial.start, input.trial.end);
  }
  return newSubscriptionCharge({
    startAt: input.orderAt,
    price: input.price,
    frequency: input.frequency,
    creditBalance: input.creditBalance,
    tax: input.tax,
  });
}

export interface CoTermQuote {
  /** [at, termEnd): the added seats end with the contract. */
  period: Period;
  addedSeats: number;
  /** addedSeats × annual seat price, i.e. the price for a whole term. */
  fullTermCost: Money;
  /** The prorated amount, before tax. */
  netDue: Money;
  tax: Money;
  totalDue: Money;
  taxDecision: TaxDecision;
}

/**
 * CP-10 co-termed add-seats: seats × annual price × (term end − t) / (term end − term start).
 * This is exactly the unused-credit formula applied to the full-term cost, so it reuses it.
 */
export function prorateCoTerm(input: {
  addedSeats: number;
  annualUnitPrice: Money;
  termStart: Date;
  termEnd: Date;
  at: Date;
  tax: TaxDecision;
}): CoTermQuote {
  assertSeatCount(input.addedSeats, 1);
  assertNonNegative(input.annualUnitPrice, 'annual unit price');
  const fullTermCost = multiply(input.annualUnitPrice, input.addedSeats);
  const netDue = unusedCredit({ start: input.termStart, end: input.termEnd }, fullTermCost, input.at);
  const tax = taxOn(netDue, input.tax);
  return {
    period: { start: new Date(input.at.getTime()), end: new Date(input.termEnd.getTime()) },
    addedSeats: input.addedSeats,
    fullTermCost,
    netDue,
    tax,
    totalDue: add(netDue, tax),
    taxDecision: input.tax,
  };
}
