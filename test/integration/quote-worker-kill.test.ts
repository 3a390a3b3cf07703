import { describe, expect, it } from 'vitest';
import { createCaller } from '../../server/trpc/root';
import { workflowIds } from '../../workflows/shared';
import { testPayments } from '../helpers/callers';
import { createCorporateAccount } from '../helpers/corporate';
import { settledEmailsTo } from '../helpers/maildev';
import { sessionFor } from '../helpers/realms';
import { killWorkerMidEmail, until, useWorkerProcessStack } from '../helpers/worker-process';

describe('WF-6 quote lifetime: the quote email once when the worker process is killed mid-send, then the expiry once', () => {
  const stack = useWorkerProcessStack('quote-kill');

  it('WF-6 BO-1: kill -9 while the quote email is being claimed, restart → one email to the contact; at its expiry date the quote expires once and the rep is told once', { timeout: 120_000 }, async () => {
    const corp = await createCorporateAccount(stack.db);
    const rita = createCaller({ db: stack.db, temporal: async () => stack.client, taskQueue: stack.taskQueue, payments: testPayments(), now: () => new Date(), session: await sessionFor(stack.db, { staff: 'rita.rep@seatplan.example' }), locale: 'en' });
    const { quoteId } = await rita.backoffice.quotes.create({
      accountId: corp.accountId,
      // Long enough for the kill and the restart below, short enough to see the expiry in the test.
      expiresAt: new Date(Date.now() + 25_000),
      lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 2, discountBasisPoints: 0, term: 'co_term' }],
    });

    await killWorkerMidEmail(stack, `${workflowIds.quote(quoteId)}:sent`, () => rita.backoffice.quotes.send({ quoteId }));

    const q = await rita.backoffice.quotes.get({ quoteId });
    const toContact = await settledEmailsTo(stack.db, corp.contact.email, new RegExp(q.number), { atLeast: 1, timeoutMs: 60_000 });
    expect(toContact).toHaveLength(1);

    // The expiry is a durable timer of the workflow the restarted worker picked up.
    await expect(stack.client.workflow.getHandle(workflowIds.quote(quoteId)).result()).resolves.toBe('expired');
    await until('the quote to expire in the database', async () => (await stack.db.selectFrom('quotes').select('status').where('id', '=', quoteId).executeTakeFirstOrThrow()).status === 'expired');
    const toRep = await settledEmailsTo(stack.db, 'rita.rep@seatplan.example', new RegExp(`${q.number} expired`), { atLeast: 1 });
    expect(toRep).toHaveLength(1);
    expect(await settledEmailsTo(stack.db, corp.contact.email, new RegExp(q.number))).toHaveLength(1);
    const events = await stack.db.selectFrom('audit_log').select('action').where('subject_id', '=', quoteId).where('action', '=', 'quote.expired').execute();
    expect(events).toHaveLength(1);
  });
});
