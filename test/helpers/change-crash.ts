import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { workflowIds } from '../../workflows/shared';
import { callerFor } from './callers';
import { settledEmailsTo, waitForEmail } from './maildev';
import { CARDS, createCard, paymentIntent } from './stripe';
import { until, type useWorkerProcessStack } from './worker-process';

type Stack = ReturnType<typeof useWorkerProcessStack>;

/**
 * The crash scenario the WF-2 durability tests share: Bella changes Northwind's Meeting with a card;
 * the invoice-number counter is held so the step that applies the change blocks right after the
 * charge (`hold: 'email'`: the email outbox instead, so the confirmation email blocks after the change
 * was applied, in the same workflow task); `crash` kills a part of the system there; then the lock is released, `recover` brings the
 * part back, and the order must complete exactly once — one charge, one change, one invoice, one email.
 */
export async function changeSurvivesCrash(
  stack: Stack,
  target: { tierId: string; seats: number; frequency: 'monthly' | 'annual' },
  steps: { crash(): Promise<void>; whileDown?(before: unknown): Promise<void>; recover(): Promise<void>; hold?: 'apply' | 'email' },
) {
  const subscriptionId = DEMO_IDS.subscriptions.northwindMeeting;
  const subscription = () => stack.db.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  const caller = await callerFor(stack.deps(), { productEmail: 'bella@northwind.example' });
  const before = await subscription();
  // Counted from here: a test file may change the same subscription more than once.
  const changesAudited = () => stack.db.selectFrom('audit_log').select('id').where('action', '=', 'subscription.changed').where('subject_id', '=', subscriptionId).execute();
  const audited = await changesAudited();
  const { quote, quoteToken } = await caller.subscriptionChange.preview({ subscriptionId, ...target });
  expect(quote.total).toBeGreaterThan(0n);

  const year = new Date().getUTCFullYear();
  await stack.db.insertInto('invoice_number_sequences').values({ year, last_seq: 0 }).onConflict((oc) => oc.column('year').doNothing()).execute();
  const blocker = new pg.Client({ connectionString: stack.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  if (steps.hold === 'email') await blocker.query('LOCK TABLE email_outbox IN EXCLUSIVE MODE'); // reads pass, the outbox claim waits
  else await blocker.query('SELECT last_seq FROM invoice_number_sequences WHERE year = $1 FOR UPDATE', [year]);

  const placed = await caller.subscriptionChange.place({ subscriptionId, ...target, quoteToken, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: await createCard(CARDS.visa) });
  expect(placed.payment).toEqual({ status: 'succeeded' });
  const payment = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).executeTakeFirstOrThrow();
  await until(`the ${steps.hold ?? 'apply'} step to block`, async () => {
    const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    return rows[0].n > 0;
  });

  await steps.crash();
  await blocker.query('ROLLBACK');
  await blocker.end();
  await steps.whileDown?.(before);
  await steps.recover();

  await until('the order to complete', async () => (await stack.db.selectFrom('orders').select('status').where('id', '=', placed.orderId).executeTakeFirstOrThrow()).status === 'completed', 120_000);
  await expect(stack.client.workflow.getHandle(workflowIds.subscriptionChange(placed.orderId)).result()).resolves.toBe('completed');
  await waitForEmail('bella@northwind.example', new RegExp(placed.orderId));

  const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', placed.orderId).execute();
  expect(pays).toHaveLength(1);
  expect(pays[0]!.stripe_payment_intent_id).toBe(payment.stripe_payment_intent_id);
  expect(await paymentIntent(payment.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(quote.total) });
  expect(await stack.db.selectFrom('invoices').select('total').where('order_id', '=', placed.orderId).execute()).toEqual([{ total: quote.total }]);
  expect(await changesAudited()).toHaveLength(audited.length + 1);
  expect(await subscription()).toMatchObject({ tier_id: target.tierId, seats: target.seats, frequency: target.frequency, version: before.version + 1, current_period_start: quote.at });
  expect(await settledEmailsTo(stack.db, 'bella@northwind.example', new RegExp(placed.orderId))).toHaveLength(1);
}
