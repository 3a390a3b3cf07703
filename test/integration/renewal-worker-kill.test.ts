import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { notifyRenewal } from '../../server/temporal/starters';
import { workflowIds } from '../../workflows/shared';
import { callerFor } from '../helpers/callers';
import { settledEmailsTo } from '../helpers/maildev';
import { accountWithRenewal } from '../helpers/renewal-fixtures';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

describe('WF-4 exactly once when the worker process is killed between the renewal charge and its invoice', () => {
  const stack = useWorkerProcessStack('kill-renewal');

  it('WF-4 BC-9: kill -9 of the worker after the card was charged, while the invoice waits for its number; restart → one charge, one invoice, one email, the period advanced once', { timeout: 120_000 }, async () => {
    const a = await accountWithRenewal(stack.db, { endsInMs: 2_000 });
    const caller = await callerFor(stack.deps(), { productEmail: a.billing.email });
    await caller.paymentMethod.replace({ paymentMethodId: await createCard(CARDS.visa) });

    // Hold the invoice-number counter: the step that completes the renewal blocks right after the charge.
    const year = new Date().getUTCFullYear();
    await stack.db.insertInto('invoice_number_sequences').values({ year, last_seq: 0 }).onConflict((oc) => oc.column('year').doNothing()).execute();
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT last_seq FROM invoice_number_sequences WHERE year = $1 FOR UPDATE', [year]);

    await notifyRenewal(stack.client, stack.taskQueue, { subscriptionId: a.subscriptionId, accountId: a.accountId, productId: a.productId });
    const renewal = await until('the renewal to be opened', () => stack.db.selectFrom('renewals').selectAll().where('subscription_id', '=', a.subscriptionId).executeTakeFirst());
    const charged = await until('the card to be charged', () => stack.db.selectFrom('payments').selectAll().where('order_id', '=', renewal.order_id).where('status', '=', 'succeeded').executeTakeFirst());
    await until('the invoice step to block', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return rows[0].n > 0;
    });

    await stack.kill();
    await blocker.query('ROLLBACK');
    await blocker.end();
    // The dead worker's transaction never committed: charged, but no invoice and the old period.
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', renewal.order_id).execute()).toEqual([]);
    expect(await stack.db.selectFrom('subscriptions').select('current_period_end').where('id', '=', a.subscriptionId).executeTakeFirstOrThrow()).toEqual({ current_period_end: a.periodEnd });
    await stack.restart();

    await until('the renewal to be paid', async () => (await stack.db.selectFrom('renewals').select('status').where('id', '=', renewal.id).executeTakeFirstOrThrow()).status === 'paid', 90_000);
    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', renewal.order_id).execute();
    expect(pays).toHaveLength(1);
    expect(pays[0]!.stripe_payment_intent_id).toBe(charged.stripe_payment_intent_id);
    expect(await paymentIntent(charged.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(charged.amount) });
    expect(await stack.db.selectFrom('invoices').select(['total', 'status']).where('order_id', '=', renewal.order_id).execute()).toEqual([{ total: charged.amount, status: 'paid' }]);
    expect(await stack.db.selectFrom('subscriptions').select(['current_period_start']).where('id', '=', a.subscriptionId).executeTakeFirstOrThrow()).toEqual({ current_period_start: a.periodEnd });
    expect(await stack.db.selectFrom('renewals').select('id').where('subscription_id', '=', a.subscriptionId).execute()).toHaveLength(1);
    expect(await settledEmailsTo(stack.db, a.billing.email, /renewed/, { atLeast: 1 })).toHaveLength(1);
    const desc = await stack.client.workflow.getHandle(workflowIds.renewal(a.subscriptionId)).describe();
    expect(desc.status.name).toBe('RUNNING');
  });
});
