/**
 * `npm run record:histories` — records the WF-1 / WF-2 event histories that test/workflows/replay.test.ts
 * replays against the current workflow code (see test/workflows/histories/README.md for when to run it).
 *
 * Every history comes from a real run: this script starts the test-profile stack from scratch (its own
 * ports and data, SEATPLAN_INSTANCE respected; not while `npm test` of the same instance runs), starts
 * the real worker process (workflows/worker.ts with the prebuilt bundle and real activities), drives each
 * scenario through the tRPC procedures as the billing admin would (createCaller, as the integration tests
 * do), against PostgreSQL, Temporal, localstripe and MailDev, checks the outcome, then writes
 * `client.workflow.getHandle(id).fetchHistory()` as JSON into test/workflows/histories/.
 *
 * Runs with the react-server condition (see package.json) because the tRPC callers import `server-only`,
 * which is an empty module only under that condition — the one Next's server code runs with.
 */
import { Client, Connection } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '../db/client';
import { newId } from '../db/ids';
import { DEMO_IDS } from '../db/seed/demo';
import { env } from '../server/env';
import { startTrialWorkflow } from '../server/temporal/starters';
import { temporalConnectionOptions } from '../server/temporal/connection';
import { workflowIds } from '../workflows/shared';
import { callerFor, portalCallerFor } from '../test/helpers/callers';
import { settledEmailsTo, waitForEmail } from '../test/helpers/maildev';
import { authenticate3ds, CARDS, createCard } from '../test/helpers/stripe';
import { startStack } from './stack/index';
import { PROJECT_ROOT, profile } from './stack/profile';

const OUT = path.join(PROJECT_ROOT, 'test', 'workflows', 'histories');
// Arguments: names of the scenarios to run (default: all); --overwrite replaces existing files, which
// are otherwise kept (a committed history may pin what workflows started by older code still do).
const overwrite = process.argv.includes('--overwrite');
const only = process.argv.slice(2).filter((a) => a !== '--overwrite');

type Caller = Awaited<ReturnType<typeof callerFor>>;
type History = temporal.api.history.v1.IHistory;
interface Ctx {
  db: Db;
  client: Client;
  taskQueue: string;
  caller(email: string): Promise<Caller>;
  /** A fresh online account (EUR, Italy) whose billing admin is `email`; returns its caller. */
  newAccount(label: string): Promise<{ caller: Caller; accountId: string; email: string }>;
}

const key = () => randomUUID().replace(/-/g, '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`recording aborted: ${what}`);
}

async function waitForOrder(caller: Caller, orderId: string, done = (s: string) => ['completed', 'failed', 'cancelled'].includes(s)) {
  for (let i = 0; i < 600; i++) {
    const o = await caller.orders.get({ orderId });
    if (done(o.status)) return o;
    await sleep(100);
  }
  throw new Error(`order ${orderId} did not finish`);
}

async function newTrial(caller: Caller, productId: string): Promise<string> {
  const { subscriptionId } = await caller.subscriptions.startTrial({ productId });
  for (let i = 0; i < 300; i++) {
    if ((await caller.subscriptions.status({ subscriptionId })).status === 'trial') return subscriptionId;
    await sleep(100);
  }
  throw new Error(`trial ${subscriptionId} did not start`);
}

/**
 * A trial whose reminders and end come within seconds. `startTrial` makes trials of whole days, so this
 * writes the same pending_trial row it writes and starts WF-1 with the real starter, with a short
 * `dayLengthSeconds` (the workflow input that exists for this); activities and emails are the real ones.
 */
async function shortTrial(ctx: Ctx, accountId: string, productId: string, endsInSeconds: number, reminderDaysBefore: number[], dayLengthSeconds: number) {
  const tier = await ctx.db.selectFrom('plan_tiers').select('id').where('product_id', '=', productId).orderBy('rank').executeTakeFirstOrThrow();
  const now = new Date();
  const trialEndsAt = new Date(now.getTime() + endsInSeconds * 1000);
  const subscriptionId = newId('sub');
  await ctx.db
    .insertInto('subscriptions')
    .values({ id: subscriptionId, account_id: accountId, product_id: productId, tier_id: tier.id, seats: 1, frequency: 'monthly', status: 'pending_trial', currency: 'EUR', trial_started_at: now, trial_ends_at: trialEndsAt, created_at: now, updated_at: now })
    .execute();
  await startTrialWorkflow(ctx.client, ctx.taskQueue, { subscriptionId, accountId, productId, trialEndsAt: trialEndsAt.toISOString(), reminderDaysBefore, dayLengthSeconds });
  return { subscriptionId, trialEndsAt };
}

/** Each scenario returns the workflow IDs to save, by file name (without .json). */
const scenarios: Record<string, (ctx: Ctx) => Promise<Record<string, string>>> = {
  async 'wf1-trial-converted'(ctx) {
    const { caller } = await ctx.newAccount('converted');
    const sub = await newTrial(caller, 'prd_meeting');
    const { cartId } = await caller.cart.add({ subscriptionId: sub, tierId: 'tier_meeting_business', seats: 2, frequency: 'monthly' });
    const placed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    const order = await waitForOrder(caller, placed.orderId);
    check(order.status === 'completed' && order.invoice !== null, `conversion order ${order.status}`);
    check((await ctx.client.workflow.getHandle(workflowIds.trial(sub)).result()) === 'converted', 'trial not converted');
    return { 'wf1-trial-converted': workflowIds.trial(sub) };
  },

  async 'wf1-trial-declined-then-converted'(ctx) {
    const { caller } = await ctx.newAccount('declined');
    const sub = await newTrial(caller, 'prd_webinar');
    const { cartId } = await caller.cart.add({ subscriptionId: sub, tierId: 'tier_webinar_business', seats: 1, frequency: 'monthly' });
    const failed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declinedOnCharge) });
    check((await waitForOrder(caller, failed.orderId)).status === 'failed', 'declined card did not fail the order');
    // The items are back in a cart; the same trial workflow takes the second order.
    const cart = await caller.cart.get();
    const retry = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId: cart.cartId!, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    check((await waitForOrder(caller, retry.orderId)).status === 'completed', 'second card did not complete the order');
    check((await ctx.client.workflow.getHandle(workflowIds.trial(sub)).result()) === 'converted', 'trial not converted');
    return { 'wf1-trial-declined-then-converted': workflowIds.trial(sub) };
  },

  async 'wf1-trial-3ds-converted'(ctx) {
    const { caller } = await ctx.newAccount('threeds');
    const sub = await newTrial(caller, 'prd_training');
    const { cartId } = await caller.cart.add({ subscriptionId: sub, tierId: 'tier_training_business', seats: 1, frequency: 'monthly' });
    const placed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.threeDSecure) });
    const waiting = await waitForOrder(caller, placed.orderId, (s) => s === 'awaiting_payment');
    await authenticate3ds(waiting.payment!.clientSecret!);
    await caller.orders.paymentActionDone({ orderId: placed.orderId });
    check((await waitForOrder(caller, placed.orderId)).status === 'completed', '3-D Secure order did not complete');
    return { 'wf1-trial-3ds-converted': workflowIds.trial(sub) };
  },

  async 'wf1-cart-two-trials'(ctx) {
    // BC-5: one order converts two trials; the first trial's workflow runs it and signals the other's.
    const { caller } = await ctx.newAccount('cart');
    const meeting = await newTrial(caller, 'prd_meeting');
    const webinar = await newTrial(caller, 'prd_webinar');
    await caller.cart.add({ subscriptionId: meeting, tierId: 'tier_meeting_starter', seats: 3, frequency: 'monthly' });
    const { cartId } = await caller.cart.add({ subscriptionId: webinar, tierId: 'tier_webinar_business', seats: 2, frequency: 'annual' });
    const placed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    check((await waitForOrder(caller, placed.orderId)).status === 'completed', 'cart order did not complete');
    const { workflow_id } = await ctx.db.selectFrom('orders').select('workflow_id').where('id', '=', placed.orderId).executeTakeFirstOrThrow();
    const runner = workflow_id!.split('#')[0]!;
    const other = runner === workflowIds.trial(meeting) ? workflowIds.trial(webinar) : workflowIds.trial(meeting);
    for (const id of [runner, other]) check((await ctx.client.workflow.getHandle(id).result()) === 'converted', `${id} not converted`);
    return { 'wf1-cart-two-trials-runner': runner, 'wf1-cart-two-trials-signalled': other };
  },

  async 'wf1-trial-reminders-converted'(ctx) {
    // Reminders 3 and 2 "days" (5 s each) before an end 30 s away, then a conversion before the end.
    const { caller, accountId, email } = await ctx.newAccount('reminders');
    const { subscriptionId } = await shortTrial(ctx, accountId, 'prd_assist_v4', 30, [3, 2], 5);
    await waitForEmail(email, /3 days/i, 40_000);
    await waitForEmail(email, /2 days/i, 40_000);
    const { cartId } = await caller.cart.add({ subscriptionId, tierId: 'tier_assist_v4_starter', seats: 1, frequency: 'monthly' });
    const placed = await caller.checkout.placeOrder({ expectedTotal: (await caller.cart.get()).quote!.total, cartId, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    check((await waitForOrder(caller, placed.orderId)).status === 'completed', 'conversion after reminders did not complete');
    check((await ctx.client.workflow.getHandle(workflowIds.trial(subscriptionId)).result()) === 'converted', 'trial not converted');
    return { 'wf1-trial-reminders-converted': workflowIds.trial(subscriptionId) };
  },

  async 'wf1-trial-reminders-expired'(ctx) {
    // Reminders 2 and 1 "days" (3 s each) before an end 12 s away; nobody converts, so it expires.
    const { accountId, email } = await ctx.newAccount('expired');
    const { subscriptionId } = await shortTrial(ctx, accountId, 'prd_remote_support_v5', 12, [2, 1], 3);
    check((await ctx.client.workflow.getHandle(workflowIds.trial(subscriptionId)).result()) === 'expired', 'trial did not expire');
    await waitForEmail(email, /ended|expired/i);
    return { 'wf1-trial-reminders-expired': workflowIds.trial(subscriptionId) };
  },

  async 'wf2-change-paid'(ctx) {
    const bella = await ctx.caller('bella@northwind.example');
    const target = { subscriptionId: DEMO_IDS.subscriptions.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 6, frequency: 'monthly' as const };
    const { quote, quoteToken } = await bella.subscriptionChange.preview(target);
    check(quote.total > 0n, 'upgrade costs nothing');
    const placed = await bella.subscriptionChange.place({ ...target, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.visa) });
    check(placed.payment?.status === 'succeeded', `payment ${placed.payment?.status}`);
    check((await waitForOrder(bella, placed.orderId)).status === 'completed', 'change did not complete');
    return { 'wf2-change-paid': workflowIds.subscriptionChange(placed.orderId) };
  },

  async 'wf2-change-credit-note'(ctx) {
    const bella = await ctx.caller('bella@northwind.example');
    const target = { subscriptionId: DEMO_IDS.subscriptions.northwindWebinar, tierId: 'tier_webinar_starter', seats: 1, frequency: 'annual' as const };
    const { quote, quoteToken } = await bella.subscriptionChange.preview(target);
    check(quote.total === 0n && quote.creditAdded > 0n, 'change is not net-negative');
    const placed = await bella.subscriptionChange.place({ ...target, quoteToken, idempotencyKey: key(), paymentMethodId: null });
    check(placed.payment?.status === 'not_required', `payment ${placed.payment?.status}`);
    check((await waitForOrder(bella, placed.orderId)).status === 'completed', 'change did not complete');
    check((await ctx.db.selectFrom('credit_notes').select('id').where('order_id', '=', placed.orderId).execute()).length === 1, 'no credit note');
    return { 'wf2-change-credit-note': workflowIds.subscriptionChange(placed.orderId) };
  },

  async 'wf2-change-declined'(ctx) {
    const bella = await ctx.caller('bella@northwind.example');
    const target = { subscriptionId: DEMO_IDS.subscriptions.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 20, frequency: 'annual' as const };
    const { quoteToken } = await bella.subscriptionChange.preview(target);
    const placed = await bella.subscriptionChange.place({ ...target, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.declinedOnCharge) });
    check(placed.payment?.status === 'failed', `payment ${placed.payment?.status}`);
    check((await waitForOrder(bella, placed.orderId)).status === 'failed', 'declined change did not fail');
    return { 'wf2-change-declined': workflowIds.subscriptionChange(placed.orderId) };
  },

  async 'wf2-change-3ds'(ctx) {
    const bella = await ctx.caller('bella@northwind.example');
    const target = { subscriptionId: DEMO_IDS.subscriptions.northwindMeeting, tierId: 'tier_meeting_enterprise', seats: 40, frequency: 'monthly' as const };
    const { quoteToken } = await bella.subscriptionChange.preview(target);
    const placed = await bella.subscriptionChange.place({ ...target, quoteToken, idempotencyKey: key(), paymentMethodId: await createCard(CARDS.threeDSecure) });
    check(placed.payment?.status === 'requires_action', `payment ${placed.payment?.status}`);
    const waiting = await waitForOrder(bella, placed.orderId, (s) => s === 'awaiting_payment');
    await authenticate3ds(waiting.payment!.clientSecret!);
    await bella.orders.paymentActionDone({ orderId: placed.orderId });
    check((await waitForOrder(bella, placed.orderId)).status === 'completed', '3-D Secure change did not complete');
    return { 'wf2-change-3ds': workflowIds.subscriptionChange(placed.orderId) };
  },

  async 'wf5-invoice-paid-in-part'(ctx) {
    const carla = await portalCallerFor(ctx, 'globex-billing');
    const paid = await carla.portal.invoices.payment.pay({ invoiceId: 'inv_globex_25', amount: '10000', paymentMethodId: await createCard(CARDS.visa), idempotencyKey: key() });
    check(paid.payment?.status === 'succeeded', `payment ${paid.payment?.status}`);
    await ctx.client.workflow.getHandle(workflowIds.invoicePayment(paid.orderId)).result();
    check((await carla.portal.invoices.payment.progress({ orderId: paid.orderId })).receipt !== null, 'payment not recorded');
    return { 'wf5-invoice-paid-in-part': workflowIds.invoicePayment(paid.orderId) };
  },

  async 'wf5-invoice-declined'(ctx) {
    const carla = await portalCallerFor(ctx, 'globex-billing');
    const paid = await carla.portal.invoices.payment.pay({ invoiceId: 'inv_globex_25', amount: '5000', paymentMethodId: await createCard(CARDS.declinedOnCharge), idempotencyKey: key() });
    check(paid.payment?.status === 'failed', `payment ${paid.payment?.status}`);
    return { 'wf5-invoice-declined': workflowIds.invoicePayment(paid.orderId) };
  },

  async 'wf5-invoice-3ds'(ctx) {
    const carla = await portalCallerFor(ctx, 'globex-billing');
    const paid = await carla.portal.invoices.payment.pay({ invoiceId: 'inv_globex_25', amount: '5000', paymentMethodId: await createCard(CARDS.threeDSecure), idempotencyKey: key() });
    check(paid.payment?.status === 'requires_action', `payment ${paid.payment?.status}`);
    let secret: string | null = null;
    for (let i = 0; i < 100 && !secret; i++) {
      secret = (await carla.portal.invoices.payment.progress({ orderId: paid.orderId })).clientSecret;
      if (!secret) await sleep(100);
    }
    check(secret !== null, 'no 3-D Secure client secret');
    await authenticate3ds(secret!);
    await carla.portal.invoices.payment.actionDone({ orderId: paid.orderId });
    check((await ctx.client.workflow.getHandle(workflowIds.invoicePayment(paid.orderId)).result()) === 'completed', '3-D Secure payment did not complete');
    return { 'wf5-invoice-3ds': workflowIds.invoicePayment(paid.orderId) };
  },

  async 'cp9-purchase-order-reminded-then-removed'(ctx) {
    const carla = await portalCallerFor(ctx, 'globex-billing');
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const po = await carla.portal.purchaseOrders.save({ number: 'PO-HIST-REMIND', expiresOn: day(30) });
    const mails = await settledEmailsTo(ctx.db, 'carla@globex.example', /PO-HIST-REMIND/, { atLeast: 1 });
    check(mails.length === 1, `${mails.length} reminder emails`);
    await sleep(1000); // the workflow now sleeps until the expiry
    await carla.portal.purchaseOrders.remove({ id: po.id });
    check((await ctx.client.workflow.getHandle(workflowIds.purchaseOrder(po.id)).result()) === 'removed', 'purchase order workflow did not end as removed');
    return { 'cp9-purchase-order-reminded-then-removed': workflowIds.purchaseOrder(po.id) };
  },

  async 'cp9-purchase-order-edited-open-ended'(ctx) {
    const carla = await portalCallerFor(ctx, 'globex-billing');
    const po = await carla.portal.purchaseOrders.save({ number: 'PO-HIST-EDIT', expiresOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) });
    await sleep(1000); // waiting for the warning date
    await carla.portal.purchaseOrders.save({ id: po.id, number: 'PO-HIST-EDIT', expiresOn: '' });
    check((await ctx.client.workflow.getHandle(workflowIds.purchaseOrder(po.id)).result()) === 'open_ended', 'purchase order workflow did not end as open-ended');
    return { 'cp9-purchase-order-edited-open-ended': workflowIds.purchaseOrder(po.id) };
  },
};

const unknown = only.filter((n) => !(n in scenarios));
if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);

const test = profile('test');
rmSync(test.dataDir, { recursive: true, force: true }); // fresh data, as `npm test` starts
const stack = await startStack(test, { app: false, seed: true });
let failed = false;
try {
  Object.assign(process.env, stack.env, { MAILDEV_URL: stack.maildevUrl ?? '' });
  const e = env();
  const worker = stack.startWorker(); // the real worker process, stopped with the stack
  console.log(`• worker started (log: ${worker.logFile})`);
  const connection = await Connection.connect(temporalConnectionOptions(e));
  const client = new Client({ connection, namespace: e.TEMPORAL_NAMESPACE });
  const db = createDb(e.DATABASE_URL, { max: 4 });
  try {
    const deps = { db, client, taskQueue: e.TEMPORAL_TASK_QUEUE };
    const passwordHash = (await db.selectFrom('users').select('password_hash').where('id', '=', DEMO_IDS.users.giulia).executeTakeFirstOrThrow()).password_hash;
    const ctx: Ctx = {
      db,
      client,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      caller: (email) => callerFor(deps, { productEmail: email }),
      async newAccount(label) {
        const accountId = `acct_hist_${label}`;
        const email = `${label}@histories.example`;
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('accounts').values({ id: accountId, name: `Histories ${label}`, kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: `usr_hist_${label}` }).execute();
          await trx.insertInto('users').values({ id: `usr_hist_${label}`, account_id: accountId, email, name: label, password_hash: passwordHash, role: 'account_admin', locale: 'en' }).execute();
        });
        return { caller: await callerFor(deps, { productEmail: email }), accountId, email };
      },
    };
    for (const [name, run] of Object.entries(scenarios)) {
      if (only.length && !only.includes(name)) continue;
      const t0 = Date.now();
      const recorded = await run(ctx);
      for (const [file, workflowId] of Object.entries(recorded)) {
        const out = path.join(OUT, `${file}.json`);
        if (existsSync(out) && !overwrite) {
          console.log(`• ${file}.json exists: kept (--overwrite replaces it)`);
          continue;
        }
        const handle = client.workflow.getHandle(workflowId);
        await handle.result(); // the order can be done before the workflow's last step (the email)
        const history: History = await handle.fetchHistory();
        const last = history.events?.at(-1)?.eventType;
        check(last === proto.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, `${workflowId} has not completed`);
        // protobufjs' toJSON: the same JSON the Temporal CLI and UI export, read back by History.fromObject.
        writeFileSync(out, `${JSON.stringify(history, null, 1)}\n`);
        console.log(`• ${file}.json: ${history.events?.length} events of ${workflowId} (${Math.round((Date.now() - t0) / 1000)} s)`);
      }
    }
  } finally {
    await db.destroy();
    await connection.close();
  }
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
