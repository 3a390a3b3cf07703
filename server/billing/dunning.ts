// WF-4 schedules as data: what happens after an unpaid renewal, and when. The workflow walks the list
// an activity computed with these functions, so the schedule is in the workflow's history (deterministic)
// and a configuration change applies to renewals that fall due after it.

export interface DunningPolicy {
  /** Days after the due date at which a failed renewal is retried, e.g. [3, 5, 7]. */
  retryDays: readonly number[];
  /** Days after the lapse during which seat assignments are kept. */
  seatGraceDays: number;
}

export interface CorporateRenewalPolicy {
  /** Net terms: days from the renewal invoice's issue to its due date. */
  netTermsDays: number;
  /** Reminders this many days before the due date, e.g. [7]. */
  reminderDaysBefore: readonly number[];
  /** Reminders this many days after the due date while it is unpaid, e.g. [1, 7]. */
  reminderDaysAfter: readonly number[];
  /** The subscription expires this many days after the due date when the invoice is still unpaid. */
  expiryDaysOverdue: number;
}

/** One step of a schedule: an ISO instant, so the list survives JSON (activity results, history). */
export type DunningStep = { kind: 'retry'; attempt: number; at: string } | { kind: 'lapse'; at: string; seatsReleaseAt: string };
export type CorporateStep = { kind: 'reminder'; offsetDays: number; at: string } | { kind: 'expire'; at: string };

const DAY_MS = 86_400_000;

function days(list: readonly number[], what: string): number[] {
  for (const d of list) if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`${what} must be whole days ≥ 0, got ${d}`);
  return [...new Set(list)].sort((a, b) => a - b);
}

/**
 * After the renewal charge failed at `dueAt`: one retry per configured day (ascending, duplicates
 * dropped), then the lapse — right after the last retry fails (at the due date itself when there are
 * no retries) — and the end of the seat grace period counted from the lapse.
 */
export function dunningSchedule(dueAt: Date, policy: DunningPolicy, dayMs = DAY_MS): DunningStep[] {
  const at = (d: number) => new Date(dueAt.getTime() + d * dayMs);
  const retries = days(policy.retryDays, 'retry days');
  if (!Number.isSafeInteger(policy.seatGraceDays) || policy.seatGraceDays < 0) throw new RangeError(`seat grace days must be whole days ≥ 0, got ${policy.seatGraceDays}`);
  const steps: DunningStep[] = retries.map((d, i) => ({ kind: 'retry', attempt: i + 2, at: at(d).toISOString() }));
  const lapseAt = at(retries.at(-1) ?? 0);
  steps.push({ kind: 'lapse', at: lapseAt.toISOString(), seatsReleaseAt: new Date(lapseAt.getTime() + policy.seatGraceDays * dayMs).toISOString() });
  return steps;
}

/**
 * After a corporate renewal invoice was issued with its due date: reminders before and after the due
 * date (in time order; none at or after the expiry, none before the issue), then the expiry.
 */
export function corporateSchedule(issuedAt: Date, dueAt: Date, policy: CorporateRenewalPolicy, dayMs = DAY_MS): CorporateStep[] {
  const expiryDays = days([policy.expiryDaysOverdue], 'expiry days')[0]!;
  const expireAt = dueAt.getTime() + expiryDays * dayMs;
  const offsets = [...days(policy.reminderDaysBefore, 'reminder days').map((d) => -d), ...days(policy.reminderDaysAfter, 'reminder days')];
  const reminders: CorporateStep[] = [...new Set(offsets)]
    .map((offsetDays) => ({ offsetDays, t: dueAt.getTime() + offsetDays * dayMs }))
    .filter((r) => r.t > issuedAt.getTime() && r.t < expireAt)
    .sort((a, b) => a.t - b.t)
    .map((r) => ({ kind: 'reminder', offsetDays: r.offsetDays, at: new Date(r.t).toISOString() }));
  return [...reminders, { kind: 'expire', at: new Date(expireAt).toISOString() }];
}
