import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { createCaller } from '../../server/trpc/root';
import { workflowIds } from '../../workflows/shared';
import { testPayments } from '../helpers/callers';
import { createCorporateAccount } from '../helpers/corporate';
import { settledEmailsTo } from '../helpers/maildev';
import { sessionFor } from '../helpers/realms';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

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

    // Hold the quote email's outbox key in an open transaction: the send activity blocks on its insert.
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO email_outbox (id, idempotency_key, to_address, subject, template) VALUES ($1, $2, 'blocker@fixture.example', 'blocker', 'blocker')`, [newId('mail'), `${workflowIds.quote(quoteId)}:sent`]);

    await rita.backoffice.quotes.send({ quoteId });
    // Polled from another connection: inside the blocker's transaction pg_stat_activity is a snapshot taken once.
    await until('the send to block', async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%email_outbox%'`.execute(stack.db);
      return rows[0]!.n > 0;
    });
    await stack.kill();
    await blocker.query('ROLLBACK');
    await blocker.end();
    await stack.restart();

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
