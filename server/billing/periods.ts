import { UTCDate } from '@date-fns/utc';
import { addDays, addMonths, addYears } from 'date-fns';
import { InvalidDateError, InvalidPeriodError } from './errors';

// SPEC §8 periods. All instants are UTC; the month arithmetic runs on UTCDate so the host's time
// zone (and its DST jumps) can never move a billing date.

export type BillingFrequency = 'monthly' | 'annual';

export interface Period {
  start: Date;
  end: Date;
}

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;

export function assertValidDate(d: Date, what = 'date'): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidDateError(what);
}

/**
 * Same day and time of the next month (or year); when that month has no such day, its last day
 * (date-fns clamps: Jan 31 → Feb 29/28, Feb 29 + 1 year → Feb 28).
 */
export function addPeriod(start: Date, frequency: BillingFrequency): Date {
  assertValidDate(start, 'period start');
  const utc = new UTCDate(start.getTime());
  const end = frequency === 'monthly' ? addMonths(utc, 1) : addYears(utc, 1);
  return new Date(end.getTime());
}

/** Whole seconds since the epoch; sub-second parts are dropped because SPEC §8 counts seconds. */
export function epochSeconds(d: Date): bigint {
  assertValidDate(d);
  return BigInt(Math.floor(d.getTime() / MS_PER_SECOND));
}

/** Length of [start, end) in whole seconds; an empty or reversed period is a bug upstream. */
export function periodSeconds(start: Date, end: Date): bigint {
  const seconds = epochSeconds(end) - epochSeconds(start);
  if (seconds <= 0n) throw new InvalidPeriodError(start, end);
  return seconds;
}

/** A trial of `days` whole days (24 h each, in UTC) ends this instant. */
export function trialEnd(start: Date, days: number): Date {
  assertValidDate(start, 'trial start');
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`trial days must be a non-negative integer, got ${days}`);
  return new Date(addDays(new UTCDate(start.getTime()), days).getTime());
}

/** Days shown on a trial card: any started day counts as a day left; 0 once the end has passed. */
export function daysLeft(now: Date, end: Date): number {
  assertValidDate(now, 'now');
  assertValidDate(end, 'end');
  const remaining = end.getTime() - now.getTime();
  return remaining <= 0 ? 0 : Math.ceil(remaining / MS_PER_DAY);
}
