import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { workflowIds } from '../../workflows/shared';
import { callerFor } from '../helpers/callers';
import { emailsTo, waitForEmail } from '../helpers/maildev';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

const S = DEMO_IDS.subscriptions;

// This file runs its own Temporal dev server (own SQLite file): killing it disturbs no other test.
describe('WF-2 exactly once when the Temporal server is killed mid-change', () => {
  const stack = useWorkerProcessStack('kill-temporal', { ownTemporalServer: true });

  it('WF-2: kill -9 of the Temporal server after the charge, while the change is applied; restart on the same data → one charge, one change, one invoice, one email', { timeout: 180_000 }, async () => {
    const caller = await callerFor(stack.deps(), { productEmail: 'bella@northwind.example' });
    const before = await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', S.northwindMeeting).executeTakeFirstOrThrow();
    const { quote, quoteToken } = await caller.subscriptionChange.preview({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 7, frequency: 'monthly' });
    expect(quote.total).toBeGreaterThan(0n);

    // Hold the invoice-number counter so applying the change (which numbers the invoice) blocks after the charge.
    const year = new Date().getUTCFullYear();
    await stack.db.insertInto('invoice_number_sequences').values({ year, last_seq: 0 }).onConflict((oc) => oc.column('year').doNothing()).execute();
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT last_seq FROM invoice_number_sequences WHERE year = $1 FOR UPDATE', [year]);

    const placed = await caller.subscriptionChange.place({ subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 7, frequency: 'monthly', quoteToken, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: await createCard(CARDS.visa) });
    expect(placed.payment).toEqual({ status: 'succeeded' });
    const payment = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
    await until('the apply step to block', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return rows[0].n > 0;
    });

    // The server dies with the step in flight; the step then finishes while nobody can hear its result.
    await stack.killTemporal();
    await blocker.query('ROLLBACK');
    await blocker.end();
    await new Promise((r) => setTimeout(r, 2_000));

    await stack.restartTemporal();
    await until('the order to complete', async () => (await stack.db.selectFrom('orders').select('status').where('id', '=', placed.orderId).executeTakeFirstOrThrow()).status === 'completed', 120_000);
    await expect(stack.client.workflow.getHandle(workflowIds.subscriptionChange(placed.orderId)).result()).resolves.toBe('completed');
    await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));

    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]!.stripe_payment_intent_id).toBe(payment.stripe_payment_intent_id);
    expect(await paymentIntent(payment.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(quote.total) });
    expect(await stack.db.selectFrom('invoices').select('total').where('order_id', '=', placed.orderId).execute()).toEqual([{ total: quote.total }]);
    expect(await stack.db.selectFrom('audit_log').select('id').where('action', '=', 'subscription.changed').where('subject_id', '=', S.northwindMeeting).execute()).toHaveLength(1);
    expect(await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', S.northwindMeeting).executeTakeFirstOrThrow()).toMatchObject({ tier_id: 'tier_meeting_enterprise', seats: 7, version: before.version + 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await emailsTo('bella@northwind.example')).filter((m) => m.subject.includes(placed.orderId))).toHaveLength(1);
  });
});
