import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { QuoteActivities } from '../../workflows/activities/quotes';
import { QuoteMessages, WorkflowTypes, type QuoteOutcome, type QuoteWorkflowInput } from '../../workflows/shared';
import { createTimeSkippingTestEnv, withWorker } from '../helpers/workflow-env';

const DAY = 86_400_000;

/** Stubbed activities that record what the workflow asked for; `expireAnswer` is what the database says at expiry. */
function recording(expireAnswer: QuoteOutcome = 'expired') {
  const calls: string[] = [];
  let emailed!: () => void;
  const firstEmail = new Promise<void>((r) => { emailed = r; });
  const activities: QuoteActivities = {
    async sendQuoteEmail({ kind, idempotencyKey }) { calls.push(`email:${kind}:${idempotencyKey}`); emailed(); },
    async expireQuote() { calls.push('expire'); return expireAnswer; },
    async notifyRepOfQuote({ outcome, idempotencyKey }) { calls.push(`rep:${outcome}:${idempotencyKey}`); },
  };
  return { calls, activities, firstEmail };
}

describe('WF-6 quote lifetime (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createTimeSkippingTestEnv(); });
  afterAll(async () => { await env?.teardown(); });

  const input = async (quoteId: string, days: number, over: Partial<QuoteWorkflowInput> = {}): Promise<QuoteWorkflowInput> => ({
    quoteId, accountId: 'acct_t', expiresAt: new Date((await env.currentTimeMs()) + days * DAY).toISOString(), emailContact: true, notifyRep: true, ...over,
  });
  const start = async (taskQueue: string, i: QuoteWorkflowInput) =>
    env.client.workflow.start(WorkflowTypes.quote, { taskQueue, workflowId: `quote-${i.quoteId}`, args: [i] });

  it('WF-6: a sent quote is emailed, waits 30 days on a durable timer and expires — no cron; the rep is told', async () => {
    const { calls, activities } = recording();
    const before = await env.currentTimeMs();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('quo_w1', 30))).result());
    expect(result).toBe('expired');
    expect(calls).toEqual(['email:sent:quote-quo_w1:sent', 'expire', 'rep:expired:quote-quo_w1:rep:expired']);
    // The test server skipped the whole 30 days instead of waiting for them.
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * DAY);
  });

  it('WF-6 CP-4: accepted before the expiry date → the timer is abandoned, nothing expires, the rep hears it was accepted', async () => {
    const { calls, activities, firstEmail } = recording();
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('quo_w2', 30));
      await firstEmail;
      await h.signal(QuoteMessages.decided, { quoteId: 'quo_w2', status: 'accepted' });
      return h.result();
    });
    expect(result).toBe('accepted');
    expect(calls).toEqual(['email:sent:quote-quo_w2:sent', 'rep:accepted:quote-quo_w2:rep:accepted']);
  });

  it('WF-6 CP-10: superseded by an add-seats order → ends at once, the rep is told; a signal for another quote is ignored', async () => {
    const { calls, activities, firstEmail } = recording();
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('quo_w3', 30));
      await firstEmail;
      await h.signal(QuoteMessages.decided, { quoteId: 'quo_other', status: 'rejected' });
      await h.signal(QuoteMessages.decided, { quoteId: 'quo_w3', status: 'superseded' });
      return h.result();
    });
    expect(result).toBe('superseded');
    expect(calls).toEqual(['email:sent:quote-quo_w3:sent', 'rep:superseded:quote-quo_w3:rep:superseded']);
  });

  it('WF-6 BO-1: resend emails the same quote again, once per resend request however often it is signalled', async () => {
    const { calls, activities, firstEmail } = recording();
    const result = await withWorker(env, activities, async (q) => {
      const h = await start(q, await input('quo_w4', 10));
      await firstEmail;
      await h.signal(QuoteMessages.resend, { quoteId: 'quo_w4', resendId: 'rs_1' });
      await h.signal(QuoteMessages.resend, { quoteId: 'quo_w4', resendId: 'rs_1' });
      await h.signal(QuoteMessages.resend, { quoteId: 'quo_w4', resendId: 'rs_2' });
      // (A resend still queued when the quote is decided is dropped: a rejected quote is not sent again.)
      while (calls.filter((c) => c.startsWith('email:resent')).length < 2) await new Promise((r) => setTimeout(r, 20));
      await h.signal(QuoteMessages.decided, { quoteId: 'quo_w4', status: 'rejected' });
      return h.result();
    });
    expect(result).toBe('rejected');
    expect(calls).toEqual([
      'email:sent:quote-quo_w4:sent',
      'email:resent:quote-quo_w4:resend:rs_1',
      'email:resent:quote-quo_w4:resend:rs_2',
      'rep:rejected:quote-quo_w4:rep:rejected',
    ]);
  });

  it('WF-6: when the timer fires the database decides — a quote accepted a moment before its expiry stays accepted', async () => {
    const { calls, activities } = recording('accepted');
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('quo_w5', 1))).result());
    expect(result).toBe('accepted');
    expect(calls).toEqual(['email:sent:quote-quo_w5:sent', 'expire', 'rep:accepted:quote-quo_w5:rep:accepted']);
  });

  it('WF-6 CP-10: an add-seats quote is the contact’s own — no email to the contact, no rep notice, still expires on time', async () => {
    const { calls, activities } = recording();
    const h = await withWorker(env, activities, async (q) => {
      const handle = await start(q, await input('quo_w6', 7, { emailContact: false, notifyRep: false }));
      await handle.result();
      return handle;
    });
    expect(calls).toEqual(['expire']);
    // Operations find it in the Temporal UI by account and outcome.
    const { typedSearchAttributes } = await h.describe();
    const byName = Object.fromEntries(typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    expect(byName).toMatchObject({ SeatplanStatus: 'expired' });
  });

  it('WF-6: a quote whose expiry date has already passed when the workflow starts (a late start) expires at once', async () => {
    const { calls, activities } = recording();
    const result = await withWorker(env, activities, async (q) => (await start(q, await input('quo_w7', -1))).result());
    expect(result).toBe('expired');
    expect(calls).toEqual(['email:sent:quote-quo_w7:sent', 'expire', 'rep:expired:quote-quo_w7:rep:expired']);
  });
});
