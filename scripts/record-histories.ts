/**
 * `npm run record:histories` — records the workflow event histories that test/workflows/replay.test.ts
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
import { Client, Connection, WorkflowContinuedAsNewError } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '../db/client';
import { newId } from '../db/ids';
import { DEMO_IDS } from '../db/seed/demo';
import { env } from '../server/env';
import { notifyRenewal, startTrialWorkflow } from '../server/temporal/starters';
import { temporalConnectionOptions } from '../server/temporal/connection';
import { ReconcileStatus, SearchAttributes, workflowIds } from '../workflows/shared';
import type { ReconcileSummary } from '../server/services/reconcile';
import { ensureReconcileSchedule, reconcileScheduleId } from '../server/temporal/schedules';
import { payInvoiceInPortal } from '../test/helpers/invoice-payment';
import { createCorporateAccount } from '../test/helpers/corporate';
import { sessionFor, type Who } from '../test/helpers/realms';
import { createCaller } from '../server/trpc/root';
import { stripeClient } from '../server/payments/stripe-gateway';
import { callerFor, portalCallerFor, testPayments } from '../test/helpers/callers';
import { settledEmailsTo, waitForEmail } from '../test/helpers/maildev';
import { authenticate3ds, CARDS, createCard } from '../test/helpers/stripe';
import { startStack } from './stack/index';
import { PROJECT_ROOT, profile } from './stack/profile';

const OUT = path.join(PROJECT_ROOT, 'test', 'workflows', 'histories');
// Arguments: names of the scenarios to run (default: all); --overwrite replaces existing files, which
// are otherwise kept (a committed history may pin what workflows started by older code still do).
// --suffix=-local-steps records a patch's new path next to the histories of the old one: each scenario's
// own history (the file named after it) is written as <scenario><suffix>.json, and the other workflows
// a scenario drives (e.g. WF-6's quotes of a WF-3 scenario) are not written again.
const overwrite = process.argv.includes('--overwrite');
const suffix = process.argv.find((a) => a.startsWith('--suffix='))?.slice('--suffix='.length) ?? '';
if (suffix && !/^-[a-z0-9-]+$/.test(suffix)) throw new Error(`--suffix=${suffix}: use lowercase words joined by hyphens, starting with one (e.g. --suffix=-local-steps)`);
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

type Caller = Awaited<ReturnType<typeof callerFor>>;
type History = temporal.api.history.v1.IHistory;
interface Ctx {
  db: Db;
  client: Client;
  taskQueue: string;
  caller(email: string): Promise<Caller>;
  /** A fresh online account (EUR, Italy) whose billing admin is `email`; returns its caller. */
  newAccount(label: string): Promise<{ caller: Caller; accountId: string; email: string }>;
  /** Callers of the other realms (WF-3, WF-6): the portal's billing contact and staff. */
  as(who: Who): Promise<Caller>;
  /** A fresh corporate account (Rita its rep) with a localstripe customer and a card of this number. */
  corporate(card?: string): Promise<Awaited<ReturnType<typeof createCorporateAccount>>>;
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

/**
 * WF-4: a renewal of a fresh online account's monthly subscription (the real starter, real activities)
 * whose period ends in a few seconds, with `card` saved on the payment method procedure. Returns the
 * first run (the one that renews, then continues as new).
 */
async function shortRenewal(ctx: Ctx, label: string, card: string | null, kind: 'online' | 'corporate' = 'online') {
  const { caller, accountId, email } = await ctx.newAccount(label);
  if (kind === 'corporate') {
    await ctx.db.updateTable('accounts').set({ kind: 'corporate' }).where('id', '=', accountId).execute();
    // The billing contact's portal login: CP-6 pays the term's invoice in the portal.
    const user = await ctx.db.selectFrom('users').select(['id', 'password_hash']).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    await ctx.db.insertInto('portal_credentials').values({ id: newId('pc'), account_id: accountId, user_id: user.id, login_id: `hist-${label}`, password_hash: user.password_hash }).execute();
  }
  const end = new Date(Date.now() + 4_000);
  const subscriptionId = newId('sub');
  const frequency = kind === 'corporate' ? 'annual' : 'monthly';
  await ctx.db
    .insertInto('subscriptions')
    .values({ id: subscriptionId, account_id: accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 2, frequency, status: 'active', currency: 'EUR', current_period_start: new Date(end.getTime() - 30 * 86_400_000), current_period_end: end, last_charge_amount: 2800n })
    .execute();
  if (card) await caller.paymentMethod.replace({ paymentMethodId: await createCard(card) });
  const workflowId = await notifyRenewal(ctx.client, ctx.taskQueue, { subscriptionId, accountId, productId: 'prd_meeting' });
  const { runId } = await ctx.client.workflow.getHandle(workflowId).describe();
  return { caller, accountId, email, subscriptionId, workflowId, runId };
}

async function renewalRow(ctx: Ctx, subscriptionId: string, done: (status: string) => boolean) {
  for (let i = 0; i < 600; i++) {
    const r = await ctx.db.selectFrom('renewals').selectAll().where('subscription_id', '=', subscriptionId).orderBy('period_start', 'desc').executeTakeFirst();
    if (r && done(r.status)) return r;
    await sleep(100);
  }
  throw new Error(`renewal of ${subscriptionId} did not get there`);
}

/** Each scenario returns the workflow IDs to save (or one run of a workflow that continues as new), by file name (without .json). */
const scenarios: Record<string, (ctx: Ctx) => Promise<Record<string, string | { workflowId: string; runId: string }>>> = {
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

  async 'wf4-renewal-paid'(ctx) {
    const r = await shortRenewal(ctx, 'renewal-paid', CARDS.visa);
    await renewalRow(ctx, r.subscriptionId, (s) => s === 'paid');
    return { 'wf4-renewal-paid': { workflowId: r.workflowId, runId: r.runId } };
  },

  async 'wf4-renewal-declined-pay-now'(ctx) {
    const r = await shortRenewal(ctx, 'renewal-declined', CARDS.declinedOnCharge);
    const row = await renewalRow(ctx, r.subscriptionId, (s) => s === 'past_due');
    await r.caller.paymentMethod.replace({ paymentMethodId: await createCard(CARDS.visa) });
    const invoice = await ctx.db.selectFrom('invoices').select('id').where('order_id', '=', row.order_id).executeTakeFirstOrThrow();
    const paid = await r.caller.renewals.payNow({ invoiceId: invoice.id, requestId: key() });
    check(paid.status === 'succeeded', `pay now ${paid.status}`);
    return { 'wf4-renewal-declined-pay-now': { workflowId: r.workflowId, runId: r.runId } };
  },

  async 'wf4-renewal-cancelled'(ctx) {
    const r = await shortRenewal(ctx, 'renewal-cancelled', CARDS.visa);
    await r.caller.renewals.cancelAtPeriodEnd({ subscriptionId: r.subscriptionId });
    check((await ctx.client.workflow.getHandle(r.workflowId).result()) === 'cancelled', 'renewal not cancelled');
    return { 'wf4-renewal-cancelled': r.workflowId };
  },

  async 'wf4-corporate-invoice-paid'(ctx) {
    const r = await shortRenewal(ctx, 'renewal-corporate', null, 'corporate');
    const row = await renewalRow(ctx, r.subscriptionId, (s) => s === 'open');
    // The term starts on net terms: the renewal order fulfilled, its invoice open (and emailed).
    let invoice = await ctx.db.selectFrom('invoices').select('id').where('order_id', '=', row.order_id).executeTakeFirst();
    for (let i = 0; i < 200 && !invoice; i++) {
      await sleep(100);
      invoice = await ctx.db.selectFrom('invoices').select('id').where('order_id', '=', row.order_id).executeTakeFirst();
    }
    check(invoice !== undefined, 'no corporate renewal invoice');
    await waitForEmail(r.email, /Invoice/);
    // CP-6 pays the invoice in the portal (an invoice payment order fulfilled by the core); the renewal workflow is told.
    await payInvoiceInPortal(ctx.db, { invoiceId: invoice!.id, client: ctx.client, taskQueue: ctx.taskQueue });
    await renewalRow(ctx, r.subscriptionId, (s) => s === 'paid');
    return { 'wf4-corporate-invoice-paid': { workflowId: r.workflowId, runId: r.runId } };
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

  // ---- WF-6 quote lifetime and WF-3 service orders (the portal's billing contact and the sales rep) ----
  async 'wf6-quote-rejected'(ctx) {
    const corp = await ctx.corporate();
    const rita = await ctx.as({ staff: 'rita.rep@seatplan.example' });
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * 86_400_000), notes: null, lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 10, discountBasisPoints: 500, term: 'co_term' }] });
    await rita.backoffice.quotes.send({ quoteId });
    await waitForEmail(corp.contact.email, /Quote Q-/);
    await rita.backoffice.quotes.resend({ quoteId });
    await (await ctx.as({ portal: corp.portalLoginId })).portal.quotes.reject({ quoteId, reason: 'Budget frozen' });
    return { 'wf6-quote-rejected': workflowIds.quote(quoteId) };
  },

  async 'wf6-quote-expired'(ctx) {
    const corp = await ctx.corporate();
    const rita = await ctx.as({ staff: 'rita.rep@seatplan.example' });
    const { quoteId } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 5_000), notes: null, lines: [{ productId: 'prd_training', tierId: 'tier_training_business', seats: 2, discountBasisPoints: 0, term: 'new_term' }] });
    await rita.backoffice.quotes.send({ quoteId });
    return { 'wf6-quote-expired': workflowIds.quote(quoteId) };
  },

  async 'wf3-service-order-completed'(ctx) {
    const corp = await ctx.corporate();
    const rita = await ctx.as({ staff: 'rita.rep@seatplan.example' });
    const { quoteId: repQuote } = await rita.backoffice.quotes.create({ accountId: corp.accountId, expiresAt: new Date(Date.now() + 30 * 86_400_000), notes: null, lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 20, discountBasisPoints: 0, term: 'co_term' }] });
    await rita.backoffice.quotes.send({ quoteId: repQuote });
    const portal = await ctx.as({ portal: corp.portalLoginId });
    // The rep's open quote is superseded by the add-seats order's quote, which is accepted by placing the order.
    const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 5 }, { productId: 'prd_training', seats: 1 }], supersedeOpenQuotes: true });
    const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: null, name: 'New Admin', email: `new-${corp.tag}@corp.example` }, billingAddress: { street: '1 Corporate Way', city: 'Springfield', postcode: '62704', region: 'IL' } });
    await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
    return { 'wf3-service-order-completed': workflowIds.serviceOrder(serviceOrderId), 'wf6-quote-superseded': workflowIds.quote(repQuote), 'wf6-add-seats-quote-accepted': workflowIds.quote(quoteId) };
  },

  async 'wf3-service-order-declined-then-paid'(ctx) {
    const corp = await ctx.corporate(CARDS.declinedOnCharge);
    const portal = await ctx.as({ portal: corp.portalLoginId });
    const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_meeting', seats: 2 }] });
    const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: corp.admin.id, name: corp.admin.name, email: corp.admin.email }, billingAddress: { street: '1 Corporate Way', city: 'Springfield', postcode: '62704', region: 'IL' } });
    await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
    for (let i = 0; i < 300 && (await portal.portal.addSeats.serviceOrder({ serviceOrderId })).status !== 'awaiting_payment'; i++) await sleep(100);
    const account = await ctx.db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', corp.accountId).executeTakeFirstOrThrow();
    const pm = await createCard(CARDS.visa);
    await stripeClient(env()).paymentMethods.attach(pm, { customer: account.stripe_customer_id! });
    await ctx.db.updateTable('payment_methods').set({ stripe_payment_method_id: pm }).where('account_id', '=', corp.accountId).execute();
    await portal.portal.addSeats.retryPayment({ serviceOrderId });
    return { 'wf3-service-order-declined-then-paid': workflowIds.serviceOrder(serviceOrderId) };
  },

  async 'wf3-service-order-3ds'(ctx) {
    const corp = await ctx.corporate(CARDS.threeDSecure);
    const portal = await ctx.as({ portal: corp.portalLoginId });
    const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: 'prd_training', seats: 1 }] });
    const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({ quoteId, admin: { userId: corp.admin.id, name: corp.admin.name, email: corp.admin.email }, billingAddress: { street: '1 Corporate Way', city: 'Springfield', postcode: '62704', region: 'IL' } });
    await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
    let so = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
    for (let i = 0; i < 300 && !so.payment?.clientSecret; i++) { await sleep(100); so = await portal.portal.addSeats.serviceOrder({ serviceOrderId }); }
    check(Boolean(so.payment?.clientSecret), 'no 3-D Secure to complete');
    await authenticate3ds(so.payment!.clientSecret!);
    await portal.portal.addSeats.paymentActionDone({ serviceOrderId });
    return { 'wf3-service-order-3ds': workflowIds.serviceOrder(serviceOrderId) };
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

  // Last: its pass also starts the demo data's workflows (this stack ran no start-up reconcile).
  async 'reconcile-pass-repaired'(ctx) {
    // A subscription committed while the stack ran, its renewal workflow's start lost (WF-4).
    const subscriptionId = await lostRenewal(ctx);
    const { workflowId, summary } = await oneReconcilePass(ctx);
    check(summary.renewals.started >= 1, `the pass started ${summary.renewals.started} renewals`);
    check((await ctx.client.workflow.getHandle(workflowIds.renewal(subscriptionId)).describe()).status.name === 'RUNNING', 'the lost renewal was not started');
    check((await ctx.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SearchAttributes.status) === ReconcileStatus.repaired, 'the pass is not marked repaired');
    return { 'reconcile-pass-repaired': workflowId };
  },

  // A pass that meets a row it cannot repair (patch `reconcile-rows-failed`): it repairs the rest and says so.
  async 'reconcile-pass-rows-failed'(ctx) {
    const subscriptionId = await lostRenewal(ctx);
    // An open change order without an order line (the app writes none; a manual fix or a half-restored backup can).
    const orderId = newId('ord');
    const sub = await ctx.db.selectFrom('subscriptions').select('account_id').where('id', '=', subscriptionId).executeTakeFirstOrThrow();
    await ctx.db.insertInto('orders').values({ id: orderId, account_id: sub.account_id, kind: 'change', status: 'processing', currency: 'EUR', idempotency_key: `history-${orderId}` }).execute();
    try {
      const { workflowId, summary } = await oneReconcilePass(ctx);
      check(summary.changes.failed.some((f) => f.id === orderId), 'the pass did not report the change order without lines');
      check((await ctx.client.workflow.getHandle(workflowIds.renewal(subscriptionId)).describe()).status.name === 'RUNNING', 'the lost renewal was not started');
      check((await ctx.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SearchAttributes.status) === ReconcileStatus.rowsFailed, 'the pass is not marked rows_failed');
      return { 'reconcile-pass-rows-failed': workflowId };
    } finally {
      await ctx.db.deleteFrom('orders').where('id', '=', orderId).execute();
    }
  },
};

/** A subscription committed while the stack ran, its renewal workflow's start lost (WF-4). */
async function lostRenewal(ctx: Ctx): Promise<string> {
  const { accountId } = await ctx.newAccount('reconcile');
  const subscriptionId = newId('sub');
  const end = new Date(Date.now() + 20 * 86_400_000);
  await ctx.db
    .insertInto('subscriptions')
    .values({ id: subscriptionId, account_id: accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 2, frequency: 'monthly', status: 'active', currency: 'EUR', current_period_start: new Date(end.getTime() - 30 * 86_400_000), current_period_end: end, last_charge_amount: 2800n })
    .execute();
  return subscriptionId;
}

/** One pass as the reconcile Schedule starts it (npm start's schedule; hourly, so only the triggered pass runs), then the schedule deleted. */
async function oneReconcilePass(ctx: Ctx): Promise<{ workflowId: string; summary: ReconcileSummary }> {
  await ensureReconcileSchedule(ctx.client, ctx.taskQueue, 3600);
  try {
    const schedule = ctx.client.schedule.getHandle(reconcileScheduleId(ctx.taskQueue));
    await schedule.trigger();
    let workflowId: string | undefined;
    for (let i = 0; i < 100 && !workflowId; i++) {
      workflowId = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId;
      if (!workflowId) await sleep(100);
    }
    check(workflowId !== undefined, 'the schedule started no pass');
    return { workflowId, summary: await ctx.client.workflow.getHandle<() => Promise<ReconcileSummary>>(workflowId).result() };
  } finally {
    await ensureReconcileSchedule(ctx.client, ctx.taskQueue, 0);
  }
}

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
      async as(who) {
        return createCaller({ db, temporal: async () => client, taskQueue: e.TEMPORAL_TASK_QUEUE, payments: testPayments(), now: () => new Date(), session: await sessionFor(db, who), locale: 'en' }) as unknown as Caller;
      },
      async corporate(card = CARDS.visa) {
        const stripe = stripeClient(e);
        const customer = await stripe.customers.create({ name: 'Histories corporate' });
        const pm = await createCard(card);
        await stripe.paymentMethods.attach(pm, { customer: customer.id });
        return createCorporateAccount(db, { stripeCustomerId: customer.id, stripePaymentMethodId: pm });
      },
    };
    for (const [name, run] of Object.entries(scenarios)) {
      if (only.length && !only.includes(name)) continue;
      const t0 = Date.now();
      const recorded = await run(ctx);
      for (const [recording, target] of Object.entries(recorded)) {
        if (suffix && recording !== name) continue;
        const file = `${recording}${suffix}`;
        const out = path.join(OUT, `${file}.json`);
        if (existsSync(out) && !overwrite) {
          console.log(`• ${file}.json exists: kept (--overwrite replaces it)`);
          continue;
        }
        const { workflowId, runId } = typeof target === 'string' ? { workflowId: target, runId: undefined } : target;
        const handle = client.workflow.getHandle(workflowId, runId, { followRuns: false });
        // The order can be done before the workflow's last step (the email); WF-4's run ends by continuing as new.
        await handle.result().catch((err: unknown) => {
          if (!(runId && err instanceof WorkflowContinuedAsNewError)) throw err;
        });
        const history: History = await handle.fetchHistory();
        const last = history.events?.at(-1)?.eventType;
        const { EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: completed, EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: continued } = proto.temporal.api.enums.v1.EventType;
        check(last === completed || (runId !== undefined && last === continued), `${workflowId} has not completed`);
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
