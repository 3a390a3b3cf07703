import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addPeriod, type DunningPolicy } from '../../server/billing';
import { renewalStartOptions } from '../../server/temporal/starters';
import { payNowUpdate, paymentUpdatedSignal, RenewalMessages, SearchAttributes, WorkflowTypes, type PayNowOutcome, type PayNowRequest, type RenewalWorkflowInput } from '../../workflows/shared';
import { renewalFake } from '../helpers/renewal-fake';
import { createTimeSkippingTestEnv, withWorker } from '../helpers/workflow-env';

// WF-4 on the time-skipping test server: real durations (months, the 3/5/7-day schedule, 30-day net
// terms) — timers are skipped while the workflow waits. The activities are the in-memory stand-ins of
// test/helpers/renewal-fake.ts, which record the server time at which the workflow asked for each step.

const DAY = 86_400_000;
let seq = 0;

/**
 * RECORD_WF4_HISTORIES=1: the runs the replay test pins that need days of timers (the dunning schedule,
 * the corporate expiry) are written to test/workflows/histories/ from here (see that folder's README).
 * RECORD_WF4_HISTORIES=-local-steps (any value starting with '-') writes them under that suffix, next
 * to the files of an older path; the subscription IDs then carry it too (the replay runs each history
 * under its own workflow ID).
 */
const recordSuffix = process.env.RECORD_WF4_HISTORIES?.startsWith('-') ? process.env.RECORD_WF4_HISTORIES : '';
async function recordRun(env: TestWorkflowEnvironment, h: WorkflowHandle, file: string) {
  if (!process.env.RECORD_WF4_HISTORIES) return;
  const out = path.join(import.meta.dirname, 'histories', `${file}${recordSuffix}.json`);
  if (existsSync(out)) return;
  const history = await env.client.workflow.getHandle(h.workflowId, (h as WorkflowHandle & { firstExecutionRunId: string }).firstExecutionRunId).fetchHistory();
  // The test server leaves the workflow ID out of the started event (the dev server fills it in); the replay runs under it.
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (started && !started.workflowId) started.workflowId = h.workflowId;
  writeFileSync(out, `${JSON.stringify(history, null, 1)}\n`);
}
const input = (): RenewalWorkflowInput => ({ subscriptionId: `sub_wf4${recordSuffix.replace(/-/g, '_')}_${++seq}`, accountId: 'acct_wf4', productId: 'prd_meeting', paymentActionTimeoutSeconds: 600 });

describe('WF-4 renewal and dunning workflow (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const now = async () => new Date(await env.currentTimeMs());
  async function run<T>(fake: ReturnType<typeof renewalFake>, fn: (h: WorkflowHandle, started: RenewalWorkflowInput) => Promise<T>): Promise<T> {
    const i = input();
    fake.useClock(() => env.currentTimeMs());
    return withWorker(env, fake.activities, async (taskQueue) => {
      const h = await env.client.workflow.start(WorkflowTypes.renewal, renewalStartOptions(taskQueue, i));
      try {
          return await fn(h, i);
      } finally {
        // A test that failed half-way leaves no workflow behind to hold the shared server's clock.
        await h.terminate('test over').catch(() => undefined);
      }
    });
  }
  /** Skips time until the workflow reports `status` (its query), in steps of a day. */
  async function until(h: WorkflowHandle, status: string, maxDays = 400) {
    for (let d = 0; d < maxDays; d++) {
      if ((await h.query<string>('renewalStatus')) === status) return;
      await env.sleep(DAY);
    }
    throw new Error(`workflow never reached ${status}`);
  }
  /** Skips time a day at a time until `done()` holds. */
  async function untilTrue(done: () => boolean, maxDays = 800) {
    for (let d = 0; d < maxDays && !done(); d++) await env.sleep(DAY);
    if (!done()) throw new Error('condition never held');
  }
  const kinds = (fake: ReturnType<typeof renewalFake>) => fake.emails().map((e) => e.kind);
  const firstRun = (h: WorkflowHandle) => (h as WorkflowHandle & { firstExecutionRunId: string }).firstExecutionRunId;
  /** Every SeatplanStatus a run showed, in order: the one it started with, then each upsert of its history. */
  async function statusHistory(h: WorkflowHandle, runId = firstRun(h)): Promise<string[]> {
    const events = (await env.client.workflow.getHandle(h.workflowId, runId).fetchHistory()).events ?? [];
    const fields = events.map((e) => (e.workflowExecutionStartedEventAttributes ?? e.upsertWorkflowSearchAttributesEventAttributes)?.searchAttributes?.indexedFields?.[SearchAttributes.status.name]);
    return fields.flatMap((p) => (p?.data ? [JSON.parse(Buffer.from(p.data).toString('utf8')) as string] : []));
  }
  /** Waits (wall clock, no time skipped) until `done()` holds. */
  async function untilReal(done: () => Promise<boolean>, timeoutMs = 15_000) {
    for (const deadline = Date.now() + timeoutMs; !(await done()); ) {
      if (Date.now() > deadline) throw new Error('condition never held');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /**
   * Holds the next charge in flight (the stand-in's charge waits) until `release()`: the test looks at
   * the workflow while the charge is being made, which a real card answers too fast to catch.
   */
  function holdNextCharge(fake: ReturnType<typeof renewalFake>) {
    let arrived!: (step: string) => void;
    let release!: () => void;
    const inFlight = new Promise<string>((r) => (arrived = r));
    const released = new Promise<void>((r) => (release = r));
    fake.hooks.duringCharge = async (step) => {
      fake.hooks.duringCharge = undefined;
      arrived(step);
      await released;
    };
    return { inFlight, release: () => release() };
  }
  /**
   * A renewal due ten days ago — renewed at once, no time to skip before the charge — whose first charge
   * is held in flight; paid, it ends by cancel at period end.
   */
  async function dueWithHeldCharge(dunning?: DunningPolicy) {
    const fake = renewalFake({ periodStart: new Date((await now()).getTime() - 40 * DAY), dunning });
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    return { fake, hold: holdNextCharge(fake) };
  }
  /** The first attempt is in flight, and the workflow says so: charging, not past due. */
  async function expectChargingInFlight(h: WorkflowHandle, hold: ReturnType<typeof holdNextCharge>) {
    expect(await hold.inFlight).toBe('attempt-1');
    expect((await h.describe()).typedSearchAttributes.get(SearchAttributes.status)).toBe('charging');
  }
  const near = (at: number, expected: Date) => Math.abs(at - expected.getTime()) < 60_000;

  it('WF-4 BC-9: a year of monthly renewals — each charged once at its period end, periods chained from the old end, continueAsNew every period, then cancel at period end ends it without a charge', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 10 * DAY) });
    const firstEnd = fake.sub.periodEnd;
    fake.hooks.afterComplete = (_r, n) => {
      if (n === 12) fake.sub.cancelAtPeriodEnd = true;
    };
    const result = await run(fake, (h) => h.result());
    expect(result).toBe('cancelled');
    expect(fake.renewals).toHaveLength(12);
    expect(fake.renewals[0]!.periodStart).toEqual(firstEnd);
    for (let i = 1; i < 12; i++) expect(fake.renewals[i]!.periodStart).toEqual(fake.renewals[i - 1]!.periodEnd);
    for (const r of fake.renewals) expect(r.periodEnd).toEqual(addPeriod(r.periodStart, 'monthly'));
    // One charge per period, at its end, each in its own run (continueAsNew keeps every history to one period).
    expect(fake.charges.map((c) => c.step)).toEqual(Array(12).fill('attempt-1'));
    fake.charges.forEach((c, i) => expect(near(c.at, fake.renewals[i]!.periodStart), `charge ${i}`).toBe(true));
    expect(new Set(fake.charges.map((c) => c.runId)).size).toBe(12);
    expect(kinds(fake)).toEqual([...Array(12).fill('renewed'), 'cancelled']);
    expect(fake.sub.status).toBe('cancelled');
    expect(fake.calls.filter((c) => c.name === 'end-at-period-end')).toHaveLength(1);
  });

  it('WF-4 (issue 12): a renewal\'s database steps and its fulfilment are local activities behind one patch — the paid run schedules only the charge and the email as activity tasks, in 4 workflow tasks (was 8 and 10)', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 10 * DAY) });
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h) => {
      expect(await h.result()).toBe('cancelled');
      const first = (h as WorkflowHandle & { firstExecutionRunId: string }).firstExecutionRunId;
      const events = (await env.client.workflow.getHandle(h.workflowId, first).fetchHistory()).events ?? [];
      const json = (p?: { data?: Uint8Array | null } | null) => JSON.parse(Buffer.from(p?.data ?? new Uint8Array()).toString('utf8'));
      const markers = events.flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : []));
      const patches = markers.filter((m) => m.markerName === 'core_patch').map((m) => json(m.details!['patch-data']!.payloads![0]).id);
      const local = markers.filter((m) => m.markerName === 'core_local_activity').map((m) => json(m.details!.data!.payloads![0]).activity_type);
      const remote = events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name] : []));
      expect(patches).toEqual(['renewal-local-steps', 'renewal-truthful-status']);
      // Asleep until the period end (read), then read again, open, read back, the saved card; the core's fulfilment after the charge.
      expect(local).toEqual(['loadRenewal', 'loadRenewal', 'openRenewal', 'loadRenewal', 'savedCard', 'fulfilOrder']);
      expect(remote).toEqual(['chargeOrder', 'sendRenewalEmail']);
      // Started → timer; timer fired → charge; charge done → email; email done → continue as new (the first task also sets the timer).
      expect(events.filter((e) => e.workflowTaskCompletedEventAttributes).length).toBe(4);
    });
    expect(fake.charges).toHaveLength(1);
  });

  it('WF-4 BC-9: a renewal whose first charge succeeds is never shown past due — SeatplanStatus (describe()) is charging while the charge is in flight, then paid, then waiting for the next period (patch renewal-truthful-status)', async () => {
    const { fake, hold } = await dueWithHeldCharge();
    await run(fake, async (h) => {
      try {
        await expectChargingInFlight(h, hold);
        expect(await h.query<string>('renewalStatus')).toBe('charging');
        hold.release();
        expect(await h.result()).toBe('cancelled');
        // Every status the paying run ever showed, then the next run's: never past due.
        expect(await statusHistory(h)).toEqual(['waiting', 'waiting', 'renewing', 'charging', 'paid']);
        // The next run starts with the attribute continue-as-new carried over (paid), then waits for its period end.
        expect(await statusHistory(h, (await h.describe()).runId)).toEqual(['paid', 'waiting', 'cancelled']);
      } finally {
        hold.release(); // a failed expectation must not leave the charge (and the worker's shutdown) waiting
      }
    });
    expect(fake.charges.map((c) => [c.step, c.status])).toEqual([['attempt-1', 'succeeded']]);
    expect(kinds(fake)).toEqual(['renewed', 'cancelled']);
  });

  it('WF-4 BC-9: a declined first charge shows charging while it is in flight, then past due (describe()) once it failed; paid when pay now pays it (patch renewal-truthful-status)', async () => {
    // The retries come later than the test (15 and 20 days after the due date), so only pay now pays.
    const { fake, hold } = await dueWithHeldCharge({ retryDays: [15, 20], seatGraceDays: 30 });
    fake.cardAnswers(['failed']);
    await run(fake, async (h) => {
      try {
        await expectChargingInFlight(h, hold);
        hold.release();
        // The failure is recorded and the status upserted in the workflow task after the charge: wait for it.
        await untilReal(async () => (await h.describe()).typedSearchAttributes.get(SearchAttributes.status) === 'past_due');
        expect(fake.sub.status).toBe('past_due');
        fake.cardAnswers(['succeeded']);
        await expect(h.executeUpdate(payNowUpdate, { args: [{ requestId: 'now' }], updateId: 'pay-now-now' })).resolves.toMatchObject({ status: 'succeeded' });
        expect(await h.result()).toBe('cancelled');
        expect(await statusHistory(h)).toEqual(['waiting', 'waiting', 'renewing', 'charging', 'past_due', 'paid']);
      } finally {
        hold.release(); // a failed expectation must not leave the charge (and the worker's shutdown) waiting
      }
    });
    expect(fake.charges.map((c) => [c.step, c.status])).toEqual([['attempt-1', 'failed'], ['pay-now-now', 'succeeded']]);
    expect(kinds(fake)).toEqual(['payment_failed', 'reactivated', 'cancelled']);
  });

  it('WF-4: a WF-2 change in mid-period re-anchors the period; the renewal workflow, woken by the signal, renews at the new end and never at the old one (also when the new end comes earlier)', async () => {
    for (const [frequency, newFrequency] of [['monthly', 'monthly'], ['annual', 'monthly']] as const) {
      const start = await now();
      const fake = renewalFake({ periodStart: new Date(start.getTime() - 2 * DAY), frequency });
      const oldEnd = fake.sub.periodEnd;
      fake.hooks.afterComplete = () => {
        fake.sub.cancelAtPeriodEnd = true;
      };
      await run(fake, async (h) => {
        await env.sleep(5 * DAY);
        const changeAt = await now();
        fake.reanchor(changeAt, newFrequency);
        await h.signal(RenewalMessages.changed);
        await h.result();
        expect(fake.renewals.map((r) => r.periodStart)).toEqual([addPeriod(changeAt, newFrequency)]);
      });
      expect(fake.calls.filter((c) => c.name === 'open').map((c) => c.detail)).not.toContain(oldEnd.toISOString());
      expect(fake.charges).toHaveLength(1);
    }
  });

  it('WF-4: without a signal the workflow re-reads the subscription when it wakes at the old end, finds the period paid by the change, and sleeps to the new end — a paid period is never charged', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 2 * DAY) });
    const oldEnd = fake.sub.periodEnd;
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h) => {
      await env.sleep(5 * DAY);
      fake.reanchor(await now());
      await h.result();
    });
    expect(fake.renewals.map((r) => r.periodStart)).toEqual([fake.renewals[0]!.periodStart]);
    expect(fake.renewals[0]!.periodStart.getTime()).toBeGreaterThan(oldEnd.getTime());
    expect(fake.charges).toHaveLength(1);
  });

  it('WF-4 BC-9: a declined card makes the subscription past due with an email; after the card is replaced the retry 3 days later succeeds and the next period keeps the original anchor', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 20 * DAY) });
    const end = fake.sub.periodEnd;
    fake.cardAnswers(['failed']);
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h, i) => {
      await until(h, 'past_due');
      expect(fake.sub.status).toBe('past_due');
      // Operations find it in the Temporal UI by account, subscription, product, order and status.
      const { typedSearchAttributes } = await h.describe();
      expect([SearchAttributes.accountId, SearchAttributes.subscriptionId, SearchAttributes.productId, SearchAttributes.orderId, SearchAttributes.status].map((k) => typedSearchAttributes.get(k))).toEqual([
        i.accountId, i.subscriptionId, i.productId, fake.renewals[0]!.orderId, 'past_due',
      ]);
      fake.cardAnswers(['succeeded']); // the billing admin saved another card (used by the pending retry)
      await h.result();
    });
    expect(fake.charges.map((c) => [c.step, c.status])).toEqual([['attempt-1', 'failed'], ['attempt-2', 'succeeded']]);
    expect(near(fake.charges[1]!.at, new Date(end.getTime() + 3 * DAY))).toBe(true);
    expect(fake.renewals[0]).toMatchObject({ periodStart: end, periodEnd: addPeriod(end, 'monthly'), status: 'paid' });
    expect(fake.sub.periodStart).toEqual(end);
    expect(kinds(fake)).toEqual(['payment_failed', 'reactivated', 'cancelled']);
  });

  it('WF-4 BC-9: pay now (the dunning page) charges at once through the workflow, answers the page, and cancels the scheduled retries; nothing to pay afterwards is refused before it enters history', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 20 * DAY) });
    fake.cardAnswers(['failed', 'failed', 'succeeded']);
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h) => {
      await until(h, 'past_due');
      await env.sleep(DAY);
      const declined = await h.executeUpdate<PayNowOutcome, [PayNowRequest]>(RenewalMessages.payNow, { args: [{ requestId: 'try-1' }], updateId: 'pay-now-try-1' });
      expect(declined).toEqual({ status: 'failed', failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } });
      const ok = await h.executeUpdate<PayNowOutcome, [PayNowRequest]>(RenewalMessages.payNow, { args: [{ requestId: 'try-2' }], updateId: 'pay-now-try-2' });
      expect(ok).toEqual({ status: 'succeeded', invoiceNumber: 'SP-ren_1' });
      // Paid: the next run waits for the next period, and a new request finds nothing to pay (the page
      // answers a repeated request from the database, the invoice being paid).
      await expect(h.executeUpdate(RenewalMessages.payNow, { args: [{ requestId: 'try-3' }], updateId: 'pay-now-try-3' })).rejects.toThrow();
      await h.result();
    });
    expect(fake.charges.map((c) => c.step)).toEqual(['attempt-1', 'pay-now-try-1', 'pay-now-try-2']);
    expect(kinds(fake)).toEqual(['payment_failed', 'reactivated', 'cancelled']);
  });

  it('WF-4 BC-9: at the period end nobody can authenticate — a card asking for 3-D Secure fails the attempt at once (past due, the email asks to pay now); pay now on the page waits for 3-D Secure, the payment signal wakes it, and it pays', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 20 * DAY) });
    fake.cardAnswers(['requires_action']);
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h) => {
      await until(h, 'past_due');
      // Cancelled by the core's takePayment at once: no 3-D Secure wait off session, with the message asking to pay now.
      expect(fake.calls.filter((c) => c.name === 'cancel-payment' || c.name === 'failure').map((c) => c.detail)).toEqual(['attempt-1', '1:errors.renewals.confirmOffSession']);
      fake.cardAnswers(['requires_action', 'succeeded']);
      const first = await h.executeUpdate(payNowUpdate, { args: [{ requestId: 'sca' }], updateId: 'pay-now-sca' });
      expect(first).toEqual({ status: 'requires_action' });
      await h.signal(paymentUpdatedSignal, { orderId: fake.renewals[0]!.orderId });
      await h.result();
    });
    expect(fake.charges.map((c) => c.step)).toEqual(['attempt-1', 'pay-now-sca']);
    expect(fake.calls.filter((c) => c.name === 'refresh').map((c) => c.detail)).toEqual(['pay-now-sca']);
    expect(fake.renewals[0]).toMatchObject({ status: 'paid' });
    expect(kinds(fake)).toEqual(['payment_failed', 'reactivated', 'cancelled']);
  });

  it('WF-4: a renewal charged and then refused by the core\'s fulfilment (a change moved the period meanwhile) is refunded, its order failed and the renewal closed; the next run renews at the new end, never the refused period again', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 20 * DAY) });
    const oldEnd = fake.sub.periodEnd;
    let movedTo: Date | null = null;
    fake.refuseNextFulfilment(() => {
      movedTo = new Date(oldEnd.getTime() + 3_600_000);
      fake.reanchor(movedTo);
    });
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, (h) => h.result());
    expect(fake.calls.filter((c) => ['fulfil', 'refund', 'fail-order', 'close'].includes(c.name)).map((c) => c.name)).toEqual(['fulfil', 'refund', 'fail-order', 'close', 'fulfil']);
    expect(fake.renewals.map((r) => [r.periodStart, r.status])).toEqual([[oldEnd, 'cancelled'], [addPeriod(movedTo!, 'monthly'), 'paid']]);
    expect(fake.charges.map((c) => c.orderId)).toEqual(['ord_1', 'ord_2']);
    expect(kinds(fake)).toEqual(['renewed', 'cancelled']);
  });

  it('WF-4 BC-9: the whole dunning schedule — retries 3, 5 and 7 days after the due date, an email per failure, lapse after the last, seats released after the grace period, the invoice paid later reactivates', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 20 * DAY), dunning: { retryDays: [3, 5, 7], seatGraceDays: 5 } });
    const due = fake.sub.periodEnd;
    fake.cardAnswers(['failed']);
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h) => {
      await until(h, 'lapsed');
      expect(fake.sub.status).toBe('lapsed');
      expect((await h.describe()).typedSearchAttributes.get(SearchAttributes.status)).toBe('lapsed');
      await env.sleep(10 * DAY);
      expect(fake.sub.seatsReleased).toBe(true);
      fake.cardAnswers(['succeeded']);
      await expect(h.executeUpdate(RenewalMessages.payNow, { args: [{ requestId: 'late' }], updateId: 'pay-now-late' })).resolves.toMatchObject({ status: 'succeeded' });
      await h.result();
      await recordRun(env, h, 'wf4-dunning-lapse-pay-now');
    });
    expect(fake.charges.map((c) => c.step)).toEqual(['attempt-1', 'attempt-2', 'attempt-3', 'attempt-4', 'pay-now-late']);
    [0, 3, 5, 7].forEach((d, i) => expect(near(fake.charges[i]!.at, new Date(due.getTime() + d * DAY)), `attempt ${i + 1}`).toBe(true));
    const lapse = fake.calls.find((c) => c.name === 'lapse')!;
    const release = fake.calls.find((c) => c.name === 'release-seats')!;
    expect(near(lapse.at, new Date(due.getTime() + 7 * DAY))).toBe(true);
    expect(near(release.at, new Date(due.getTime() + 12 * DAY))).toBe(true);
    expect(kinds(fake)).toEqual(['payment_failed', 'retry_failed', 'retry_failed', 'lapsed', 'reactivated', 'cancelled']);
    // Reactivated with the period the open invoice billed (the anchor is kept).
    expect(fake.renewals[0]).toMatchObject({ periodStart: due, status: 'paid' });
  });

  it('WF-4 BC-9: cancel at period end, then undo before the end → renews; cancel again → ends at that end without a charge', async () => {
    const start = await now();
    const fake = renewalFake({ periodStart: new Date(start.getTime() - 20 * DAY) });
    fake.hooks.afterComplete = () => {
      fake.sub.cancelAtPeriodEnd = true;
    };
    await run(fake, async (h) => {
      fake.sub.cancelAtPeriodEnd = true;
      await h.signal(RenewalMessages.changed);
      await env.sleep(2 * DAY);
      fake.sub.cancelAtPeriodEnd = false;
      await h.signal(RenewalMessages.changed);
      await expect(h.result()).resolves.toBe('cancelled');
    });
    expect(fake.charges).toHaveLength(1);
    expect(kinds(fake)).toEqual(['renewed', 'cancelled']);
    expect(fake.calls.filter((c) => c.name === 'end-at-period-end')).toHaveLength(1);
  });

  it('WF-4 corporate: a renewal invoice at term end (net 30), reminders 7 days before and 1 and 7 days after the due date, then expiry 30 days overdue', async () => {
    const start = await now();
    const fake = renewalFake({ kind: 'corporate', periodStart: new Date(start.getTime() - 355 * DAY) });
    const termEnd = fake.sub.periodEnd;
    await expect(run(fake, async (h) => {
      const result = await h.result();
      await recordRun(env, h, 'wf4-corporate-expired');
      return result;
    })).resolves.toBe('expired');
    const due = new Date(termEnd.getTime() + 30 * DAY);
    const emails = fake.emails();
    expect(emails.map((e) => e.kind)).toEqual(['corporate_invoice', 'corporate_reminder', 'corporate_reminder', 'corporate_reminder', 'corporate_expired']);
    [termEnd, new Date(due.getTime() - 7 * DAY), new Date(due.getTime() + DAY), new Date(due.getTime() + 7 * DAY), new Date(due.getTime() + 30 * DAY)].forEach((t, i) => expect(near(emails[i]!.at, t), `email ${i}`).toBe(true));
    expect(fake.charges).toHaveLength(0);
    expect(fake.sub.status).toBe('expired');
    // The new term started with the invoice (net terms): access continued until the expiry.
    expect(fake.renewals[0]).toMatchObject({ periodStart: termEnd, status: 'expired' });
  });

  it('WF-4 corporate: an invoice paid in the portal (CP-6) stops the reminders and the next term is invoiced a year later; a card as automatic method is charged at once with a receipt', async () => {
    const start = await now();
    const fake = renewalFake({ kind: 'corporate', periodStart: new Date(start.getTime() - 360 * DAY) });
    await run(fake, async (h) => {
      await until(h, 'invoiced');
      await env.sleep(24 * DAY); // past the first reminder (7 days before the due date)
      fake.payInvoice(fake.renewals[0]!.id);
      await until(h, 'waiting');
      await untilTrue(() => fake.renewals.length === 2);
      fake.sub.status = 'cancelled'; // CP-15 through the rep; the workflow ends when it next looks
      fake.payInvoice(fake.renewals[1]!.id);
      await h.signal(RenewalMessages.changed);
      await h.result();
    });
    expect(fake.renewals.map((r) => r.periodStart)).toEqual([fake.renewals[0]!.periodStart, fake.renewals[0]!.periodEnd]);
    expect(fake.emails().map((e) => e.kind)).toEqual(['corporate_invoice', 'corporate_reminder', 'corporate_invoice']);

    const withCard = renewalFake({ kind: 'corporate', periodStart: new Date((await now()).getTime() - 360 * DAY), corporateCard: true });
    await run(withCard, async (h) => {
      await untilTrue(() => withCard.renewals[0]?.status === 'paid');
      await until(h, 'waiting');
      withCard.sub.status = 'cancelled';
      await h.signal(RenewalMessages.changed);
      await h.result();
      // Charged before anything is invoiced: charging, then paid — never invoiced (patch renewal-truthful-status).
      expect(await statusHistory(h)).toEqual(['waiting', 'waiting', 'renewing', 'charging', 'paid']);
    });
    expect(withCard.charges.map((c) => [c.step, c.status])).toEqual([['attempt-1', 'succeeded']]);
    expect(withCard.emails().map((e) => e.kind)).toEqual(['corporate_invoice', 'corporate_receipt']);
  });
});
