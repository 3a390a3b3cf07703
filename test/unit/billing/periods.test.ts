import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  daysLeft,
  InvalidPeriodError,
  periodSeconds,
  trialEnd,
  type BillingFrequency,
} from '../../../server/billing';

const d = (iso: string) => new Date(iso);
const DAY = 86_400;

describe('§8 periods', () => {
  it.each<[string, BillingFrequency, string]>([
    ['2024-01-31T10:30:00Z', 'monthly', '2024-02-29T10:30:00Z'], // month-end anchor, leap year
    ['2025-01-31T10:30:00Z', 'monthly', '2025-02-28T10:30:00Z'], // month-end anchor, common year
    ['2024-03-31T00:00:00Z', 'monthly', '2024-04-30T00:00:00Z'],
    ['2024-01-15T23:59:59Z', 'monthly', '2024-02-15T23:59:59Z'], // same day and time
    ['2024-12-31T12:00:00Z', 'monthly', '2025-01-31T12:00:00Z'], // across the year
    ['2024-02-29T12:00:00Z', 'annual', '2025-02-28T12:00:00Z'], // leap day → Feb 28
    ['2023-03-01T00:00:00Z', 'annual', '2024-03-01T00:00:00Z'],
    ['2024-03-31T01:30:00Z', 'monthly', '2024-04-30T01:30:00Z'], // a European DST night changes nothing (UTC)
  ])('§8 addPeriod(%s, %s) = %s', (start, freq, end) => {
    expect(addPeriod(d(start), freq).toISOString()).toBe(new Date(end).toISOString());
  });

  it('§8 a month-end anchor re-anchors per period (Jan 31 → Feb 29 → Mar 29)', () => {
    const feb = addPeriod(d('2024-01-31T00:00:00Z'), 'monthly');
    expect(addPeriod(feb, 'monthly').toISOString()).toBe('2024-03-29T00:00:00.000Z');
  });

  it('§8 property: end > start, monthly lasts 28–31 days, annual 365–366 days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2200, 0, 1) / 1000 }),
        fc.constantFrom<BillingFrequency>('monthly', 'annual'),
        (startSec, freq) => {
          const start = new Date(startSec * 1000);
          const end = addPeriod(start, freq);
          expect(end.getTime()).toBeGreaterThan(start.getTime());
          const days = Number(periodSeconds(start, end)) / DAY;
          if (freq === 'monthly') expect(days >= 28 && days <= 31).toBe(true);
          else expect(days >= 365 && days <= 366).toBe(true);
          // same time of day; day of month kept or clamped to the month's last day
          expect(end.getUTCHours() * 3600 + end.getUTCMinutes() * 60 + end.getUTCSeconds()).toBe(
            start.getUTCHours() * 3600 + start.getUTCMinutes() * 60 + start.getUTCSeconds(),
          );
          const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
          expect(end.getUTCDate()).toBe(Math.min(start.getUTCDate(), lastDay));
        },
      ),
    );
  });

  it('§8 periodSeconds counts whole seconds and rejects empty or reversed periods', () => {
    expect(periodSeconds(d('2024-01-31T00:00:00Z'), d('2024-02-29T00:00:00Z'))).toBe(BigInt(29 * DAY));
    expect(periodSeconds(d('2024-01-01T00:00:00Z'), d('2024-01-01T00:00:01Z'))).toBe(1n);
    expect(() => periodSeconds(d('2024-01-01T00:00:00Z'), d('2024-01-01T00:00:00Z'))).toThrow(InvalidPeriodError);
    expect(() => periodSeconds(d('2024-01-02T00:00:00Z'), d('2024-01-01T00:00:00Z'))).toThrow(InvalidPeriodError);
    expect(() => periodSeconds(d('2024-01-01T00:00:00.100Z'), d('2024-01-01T00:00:00.900Z'))).toThrow(
      InvalidPeriodError,
    );
  });

  it('§8 BC-2 trialEnd and daysLeft (14-day demo trial)', () => {
    const start = d('2024-03-01T09:00:00Z');
    const end = trialEnd(start, 14);
    expect(end.toISOString()).toBe('2024-03-15T09:00:00.000Z');
    expect(daysLeft(start, end)).toBe(14);
    expect(daysLeft(d('2024-03-14T09:00:01Z'), end)).toBe(1); // any part of a day counts
    expect(daysLeft(d('2024-03-13T09:00:00Z'), end)).toBe(2);
    expect(daysLeft(end, end)).toBe(0);
    expect(daysLeft(d('2024-04-01T00:00:00Z'), end)).toBe(0);
    expect(() => trialEnd(start, -1)).toThrow(RangeError);
    expect(() => trialEnd(start, 1.5)).toThrow(RangeError);
  });
});
