import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { createCaller } from '../../server/trpc/root';
import { workflowIds } from '../../workflows/shared';
import { createCorporateAccount } from '../helpers/corporate';
import { settledEmailsTo } from '../helpers/maildev';
import { testPayments } from '../helpers/callers';
import { sessionFor } from '../helpers/realms';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { until, useWorkerProcessStack } from '../helpers/worker-process';

const log = (m: string) => { if (process.env.SEATPLAN_DEBUG_WORKER) console.log(`[kill-test] ${new Date().toISOString()} ${m}`); };

// This file runs its own Temporal dev server (own SQLite file) and the real worker process: killing
// them disturbs no other test.
describe('WF-3 exactly once when the worker and the Temporal server are killed mid-order', () => {
  const stack = useWorkerProcessStack('kill-service-order', { ownTemporalServer: true });

  it('WF-3: kill -9 of the worker and the Temporal server after the charge, while provisioning adds the seats (the order\'s fulfilment); restart both → one charge, seats added once, one invoice, one receipt', { timeout: 420_000 }, async () => {
    const stripe = stripeClient(env());
    const customer = await stripe.customers.create({ name: 'Kill test' });
    const pm = await createCard(CARDS.visa);
    await stripe.paymentMethods.attach(pm, { customer: customer.id });
    const corp = await createCorporateAccount(stack.db, { stripeCustomerId: customer.id, stripePaymentMethodId: pm });
    const mailer = createSmtpMailer(env());
    const portal = createCaller({ db: stack.db, temporal: async () => stack.client, taskQueue: stack.taskQueue, payments: testPayments(), now: () => new Date(), session: await sessionFor(stack.db, { portal: corp.portalLoginId }), mailer });
    const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }] });
    const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: corp.admin.id, name: corp.admin.name, email: corp.admin.email }, billingAddress: { street: '1 Corporate Way', city: 'Springfield', postcode: '62704', region: 'IL' } });

    // Hold the Meeting subscription row: after the charge and the products' provisioning, the order's
    // fulfilment (which locks it to add the seats and issue the invoice, in one transaction) blocks on it.
    // NO KEY UPDATE, so placing the order (whose line references the row: a KEY SHARE lock) is not blocked.
    const blocker = new pg.Client({ connectionString: stack.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT seats FROM subscriptions WHERE id = $1 FOR NO KEY UPDATE', [corp.subscriptions.meeting]);

    await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
    log('placed');
    const so = await stack.db.selectFrom('service_orders').select(['order_id']).where('id', '=', serviceOrderId).executeTakeFirstOrThrow();
    const charged = await until('the charge', async () => stack.db.selectFrom('payments').selectAll().where('order_id', '=', so.order_id!).where('status', '=', 'succeeded').executeTakeFirst());
    await until('the fulfilment to block on the subscription row', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return rows[0].n > 0;
    });
    log('fulfilment blocked');

    await stack.kill();
    await stack.killTemporal();
    log('worker and Temporal killed');
    await blocker.query('ROLLBACK');
    await blocker.end();
    await new Promise((r) => setTimeout(r, 1_000));
    // No seat was added by the dead worker: its transaction never committed.
    expect((await stack.db.selectFrom('subscriptions').select('seats').where('id', '=', corp.subscriptions.meeting).executeTakeFirstOrThrow()).seats).toBe(50);

    await stack.restartTemporal();
    await stack.restart();
    log('restarted');
    await until('the service order to complete', async () => (await stack.db.selectFrom('service_orders').select('status').where('id', '=', serviceOrderId).executeTakeFirstOrThrow()).status === 'completed', 180_000);
    await expect(stack.client.workflow.getHandle(workflowIds.serviceOrder(serviceOrderId)).result()).resolves.toBe('completed');

    const payments = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', so.order_id!).execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]!.stripe_payment_intent_id).toBe(charged.stripe_payment_intent_id);
    expect(await paymentIntent(charged.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(charged.amount) });
    expect((await stack.db.selectFrom('subscriptions').select('seats').where('id', '=', corp.subscriptions.meeting).executeTakeFirstOrThrow()).seats).toBe(55);
    expect(await stack.db.selectFrom('service_order_provisions').select(['status', 'seats']).where('service_order_id', '=', serviceOrderId).execute()).toEqual([{ status: 'applied', seats: 5 }]);
    expect(await stack.db.selectFrom('invoices').select('id').where('order_id', '=', so.order_id!).execute()).toHaveLength(1);
    expect(await settledEmailsTo(stack.db, corp.contact.email, /Receipt for your service order/, { atLeast: 1 })).toHaveLength(1);
    mailer.close();
  });
});
