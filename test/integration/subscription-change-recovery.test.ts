import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { ensureChangeWorkflows } from '../../server/services/order-delivery';
import { workflowIds } from '../../workflows/shared';
import { callerFor, callerWithoutTemporal } from '../helpers/callers';
import { emailsTo, waitForEmail } from '../helpers/maildev';
import { CARDS, createCard } from '../helpers/stripe';
import { waitForOrder } from '../helpers/orders';
import { useSeededStack } from '../helpers/seeded-stack';

const BELLA = { productEmail: 'bella@northwind.example' };
const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');

describe('WF-2 recovery: a change order committed while Temporal was unreachable gets its workflow, exactly once', () => {
  const stack = useSeededStack();
  const deps = () => ({ db: stack.db, client: stack.worker.client, taskQueue: stack.worker.taskQueue });
  const bella = () => callerFor(deps(), BELLA);
  /** Bella's caller in a web server that cannot reach Temporal (the order commits, the workflow never starts). */
  async function bellaWithoutTemporal() {
    const user = await stack.db.selectFrom('users').select('id').where('email', '=', BELLA.productEmail).executeTakeFirstOrThrow();
    return callerWithoutTemporal({ db: stack.db, taskQueue: stack.worker.taskQueue }, user.id);
  }


  const sub = (id: string) => stack.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const counts = async (orderId: string) => ({
    payments: (await stack.db.selectFrom('payments').select('id').where('order_id', '=', orderId).execute()).length,
    invoices: (await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).length,
    changes: (await stack.db.selectFrom('audit_log').select('id').where('action', '=', 'subscription.changed').where('data', '@>', JSON.stringify({ order: orderId }) as never).execute()).length,
    emails: (await emailsTo('bella@northwind.example')).filter((m) => m.subject.includes(orderId)).length,
  });

  it('WF-2 BC-4: Temporal unreachable after commit → the order holds the change lock; the reconciler starts its workflow, which completes the change exactly once', async () => {
    const before = await sub(S.northwindMeeting);
    const target = { subscriptionId: S.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: before.seats + 1, frequency: 'monthly' as const };
    const { quote, quoteToken } = await (await bella()).subscriptionChange.preview(target);
    expect(quote.total).toBeGreaterThan(0n);
    const idempotencyKey = key();
    const down = await bellaWithoutTemporal();
    await expect(down.subscriptionChange.place({ ...target, quoteToken, idempotencyKey, paymentMethodId: await createCard(CARDS.visa) })).rejects.toThrow();

    const order = await stack.db.selectFrom('orders').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ kind: 'change', status: 'processing', total: quote.total });
    await expect(stack.worker.client.workflow.getHandle(workflowIds.subscriptionChange(order.id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    // The lock is held: another change of the subscription is refused, and nothing was charged.
    expect((await (await bella()).subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBe(order.id);
    await expect((await bella()).subscriptionChange.preview({ ...target, seats: before.seats + 2 })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already in progress/) });
    expect(await counts(order.id)).toMatchObject({ payments: 0, invoices: 0, changes: 0 });

    // Two reconcilers at once (e.g. a restarted stack and a second instance): one workflow, attached to twice.
    const reconcile = () => ensureChangeWorkflows({ db: stack.db, temporal: async () => stack.worker.client, taskQueue: stack.worker.taskQueue });
    const runs = await Promise.all([reconcile(), reconcile()]);
    expect(runs.map((r) => r.started + r.closed)).toEqual([1, 1]);
    const done = await waitForOrder(await bella(), order.id);
    expect(done.status).toBe('completed');
    expect(done.total).toBe(quote.total);
    await waitForEmail('bella@northwind.example', new RegExp(order.id));

    const after = await sub(S.northwindMeeting);
    expect(after).toMatchObject({ tier_id: 'tier_meeting_enterprise', seats: before.seats + 1, version: before.version + 1, last_charge_amount: quote.planCost });
    expect(after.current_period_start).toEqual(quote.at);
    const pay = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).execute();
    expect(pay.map((p) => [p.amount, p.status])).toEqual([[quote.total, 'succeeded']]);

    // Reconciling again, and the same Place order repeated, change and charge nothing more.
    expect(await reconcile()).toEqual({ started: 0, closed: 0, failed: [] });
    const again = await (await bella()).subscriptionChange.place({ ...target, quoteToken, idempotencyKey, paymentMethodId: null });
    expect(again).toMatchObject({ orderId: order.id, duplicate: true, status: 'completed' });
    expect(await counts(order.id)).toEqual({ payments: 1, invoices: 1, changes: 1, emails: 1 });
    expect((await sub(S.northwindMeeting)).version).toBe(before.version + 1);
    expect((await (await bella()).subscriptionChange.form({ subscriptionId: S.northwindMeeting })).changeInProgress).toBeNull();
  });

  it('WF-2 BC-4: the same Place order repeated (same idempotency key) after Temporal came back hands the stranded order to its workflow and answers with the payment', async () => {
    const before = await sub(S.northwindMeeting);
    const target = { subscriptionId: S.northwindMeeting, tierId: before.tier_id, seats: before.seats + 1, frequency: 'monthly' as const };
    const { quote, quoteToken } = await (await bella()).subscriptionChange.preview(target);
    const idempotencyKey = key();
    const paymentMethodId = await createCard(CARDS.visa);
    await expect((await bellaWithoutTemporal()).subscriptionChange.place({ ...target, quoteToken, idempotencyKey, paymentMethodId })).rejects.toThrow();
    const order = await stack.db.selectFrom('orders').select(['id', 'status']).where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow();
    expect(order.status).toBe('processing');

    const retried = await (await bella()).subscriptionChange.place({ ...target, quoteToken, idempotencyKey, paymentMethodId });
    expect(retried).toMatchObject({ orderId: order.id, duplicate: true, payment: { status: 'succeeded' } });
    expect((await waitForOrder(await bella(), order.id)).status).toBe('completed');
    await waitForEmail('bella@northwind.example', new RegExp(order.id));
    expect(await counts(order.id)).toEqual({ payments: 1, invoices: 1, changes: 1, emails: 1 });
    expect(await sub(S.northwindMeeting)).toMatchObject({ seats: before.seats + 1, version: before.version + 1, last_charge_amount: quote.planCost });
  });
});
