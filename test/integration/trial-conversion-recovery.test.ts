import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { ensureConversionOrders } from '../../server/services/order-delivery';
import { workflowIds } from '../../workflows/shared';
import { callerFor, callerWithoutTemporal, startedTrial } from '../helpers/callers';
import { settledEmailsTo } from '../helpers/maildev';
import { waitForOrder } from '../helpers/orders';
import { useSeededStack } from '../helpers/seeded-stack';
import { CARDS, createCard, paymentIntent } from '../helpers/stripe';
import { searchAttributesAt } from '../helpers/temporal';

const key = () => randomUUID().replace(/-/g, '');

describe('WF-1 recovery: a conversion order committed while Temporal was unreachable is handed to its trial workflow at start-up, exactly once', () => {
  // Trials started here (workflows on this file's task queue), in accounts of this file: the demo trials'
  // workflow IDs belong to the stack's own worker in the shared Temporal server.
  const stack = useSeededStack();
  const deps = () => stack.deps();
  const reconcile = () => ensureConversionOrders({ db: stack.db, temporal: async () => stack.worker.client, taskQueue: stack.worker.taskQueue });

  async function newAccount() {
    const accountId = `acct_rec_${key().slice(0, 10)}`;
    const email = `${accountId}@recovery.example`;
    await stack.db.transaction().execute(async (trx) => {
      const hash = (await trx.selectFrom('users').select('password_hash').where('id', '=', DEMO_IDS.users.giulia).executeTakeFirstOrThrow()).password_hash;
      await trx.insertInto('accounts').values({ id: accountId, name: `Account ${accountId}`, kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: `usr_${accountId}` }).execute();
      await trx.insertInto('users').values({ id: `usr_${accountId}`, account_id: accountId, email, name: 'Rita', password_hash: hash, role: 'account_admin', locale: 'en' }).execute();
    });
    const caller = await callerFor(deps(), { productEmail: email });
    // The same user in a web server that cannot reach Temporal.
    const withoutTemporal = callerWithoutTemporal({ db: stack.db, taskQueue: stack.worker.taskQueue }, `usr_${accountId}`);
    return { accountId, email, caller, withoutTemporal };
  }

  const counts = async (orderId: string, email: string) => ({
    payments: (await stack.db.selectFrom('payments').select('id').where('order_id', '=', orderId).execute()).length,
    invoices: (await stack.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).execute()).length,
    emails: (await settledEmailsTo(stack.db, email, new RegExp(orderId))).length,
  });

  it('WF-1 BC-3: Temporal unreachable after commit → the order stays processing and the trial waits; two reconcilers at once hand it over once — one charge, one invoice, one email; again, and Place order repeated, change nothing', { timeout: 90_000 }, async () => {
    const rita = await newAccount();
    const subId = await startedTrial(rita.caller, 'prd_meeting');
    const { cartId } = await rita.caller.cart.add({ subscriptionId: subId, tierId: 'tier_meeting_business', seats: 3, frequency: 'monthly' });
    const { quote } = await rita.caller.cart.get();
    expect(quote!.total).toBeGreaterThan(0n);
    const idempotencyKey = key();
    const paymentMethodId = await createCard(CARDS.visa);
    await expect(rita.withoutTemporal.checkout.placeOrder({ cartId: cartId!, idempotencyKey, paymentMethodId, expectedTotal: quote!.total })).rejects.toThrow();

    // Committed, not handed over: processing, nothing charged, and the trial's workflow still waits as a trial.
    const order = await stack.db.selectFrom('orders').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ kind: 'conversion', status: 'processing', total: quote!.total });
    expect(await counts(order.id, rita.email)).toEqual({ payments: 0, invoices: 0, emails: 0 });
    expect((await searchAttributesAt(stack.worker.client, workflowIds.trial(subId), 'trial')).status).toBe('trial');

    // Two reconcilers at once (a restarted stack and a second instance): both deliver, one conversion.
    expect(await Promise.all([reconcile(), reconcile()])).toEqual([{ delivered: 1, refused: 0, failed: [] }, { delivered: 1, refused: 0, failed: [] }]);
    const done = await waitForOrder(rita.caller, order.id);
    expect(done).toMatchObject({ status: 'completed', total: quote!.total });
    expect(await stack.db.selectFrom('subscriptions').select(['status', 'tier_id', 'seats']).where('id', '=', subId).executeTakeFirstOrThrow()).toEqual({ status: 'active', tier_id: 'tier_meeting_business', seats: 3 });
    const attrs = await searchAttributesAt(stack.worker.client, workflowIds.trial(subId), 'converted');
    expect(attrs).toMatchObject({ status: 'converted', orderId: order.id });

    const pays = await stack.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).execute();
    expect(pays.map((p) => [p.amount, p.status])).toEqual([[quote!.total, 'succeeded']]);
    expect(await paymentIntent(pays[0]!.stripe_payment_intent_id!)).toMatchObject({ status: 'succeeded', amount: Number(quote!.total) });
    const invoice = await stack.db.selectFrom('invoices').select(['total', 'status']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(invoice).toEqual({ total: quote!.total, status: 'paid' });

    // The reconciler again finds nothing open; the user's repeated Place order answers with the same order.
    expect(await reconcile()).toEqual({ delivered: 0, refused: 0, failed: [] });
    const again = await rita.caller.checkout.placeOrder({ cartId: cartId!, idempotencyKey, paymentMethodId, expectedTotal: quote!.total });
    expect(again).toEqual({ orderId: order.id, status: 'completed', duplicate: true });
    expect(await counts(order.id, rita.email)).toEqual({ payments: 1, invoices: 1, emails: 1 });
  });

  it('WF-1 BC-5: a cart converting two trials, stranded the same way, is recovered by its first trial\'s workflow — both trials active, one charge for the cart, one invoice, one email', { timeout: 90_000 }, async () => {
    const rita = await newAccount();
    const meeting = await startedTrial(rita.caller, 'prd_meeting');
    const webinar = await startedTrial(rita.caller, 'prd_webinar');
    await rita.caller.cart.add({ subscriptionId: meeting, tierId: 'tier_meeting_business', seats: 2, frequency: 'annual' });
    const { cartId } = await rita.caller.cart.add({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 1, frequency: 'monthly' });
    const { quote } = await rita.caller.cart.get();
    const idempotencyKey = key();
    await expect(rita.withoutTemporal.checkout.placeOrder({ cartId: cartId!, idempotencyKey, paymentMethodId: await createCard(CARDS.visa), expectedTotal: quote!.total })).rejects.toThrow();
    const order = await stack.db.selectFrom('orders').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ kind: 'conversion', status: 'processing' });

    expect(await reconcile()).toEqual({ delivered: 1, refused: 0, failed: [] });
    expect((await waitForOrder(rita.caller, order.id)).status).toBe('completed');
    const subs = await stack.db.selectFrom('subscriptions').select(['id', 'status']).where('id', 'in', [meeting, webinar]).orderBy('id').execute();
    expect(subs.map((s) => s.status)).toEqual(['active', 'active']);
    // The second trial's workflow heard that the order converted it (operations find the order from it too).
    expect(await searchAttributesAt(stack.worker.client, workflowIds.trial(webinar), 'converted')).toMatchObject({ status: 'converted', orderId: order.id });
    const pays = await stack.db.selectFrom('payments').select(['amount', 'status']).where('order_id', '=', order.id).execute();
    expect(pays).toEqual([{ amount: quote!.total, status: 'succeeded' }]);
    expect(await counts(order.id, rita.email)).toEqual({ payments: 1, invoices: 1, emails: 1 });
    expect(await reconcile()).toEqual({ delivered: 0, refused: 0, failed: [] });
  });
});
