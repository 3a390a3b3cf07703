import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '../../db/seed/demo';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { workflowIds } from '../../workflows/shared';
import { BENCH_PASSWORD, type BenchContext } from './context';
import { createChangeAccounts, placeChange } from './change';
import { signInPortal, signInProduct, trpcCall } from './http';
import type { TrialLane } from './trials';

/** Calls per statement executed in the app database so far (pg_stat_statements; the bench stack preloads it), by normalized text. */
async function statementCalls(ctx: BenchContext): Promise<Map<string, number>> {
  const { rows } = await sql<{ query: string; calls: string }>`
    SELECT query, sum(calls)::text AS calls FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
    GROUP BY query`.execute(ctx.db);
  return new Map(rows.map((r) => [r.query, Number(r.calls)]));
}

/** The statements run between two snapshots, the most frequent first. */
function statementsBetween(before: Map<string, number>, after: Map<string, number>) {
  return [...after]
    .map(([query, calls]) => ({ query, calls: calls - (before.get(query) ?? 0) }))
    .filter((s) => s.calls > 0)
    .sort((a, b) => b.calls - a.calls || a.query.localeCompare(b.query));
}

/** Stripe API requests localstripe has logged so far (its access log). */
function stripeCalls(logFile: string): number {
  return (readFileSync(logFile, 'utf8').match(/"(GET|POST|DELETE) \/v1\//g) ?? []).length;
}

/** Workflow and activity tasks the workflows scheduled since `since`. */
async function tasks(ctx: BenchContext, ids: string[], since: number) {
  let workflowTasks = 0;
  let activityTasks = 0;
  for (const id of ids) {
    const history = await ctx.client.workflow.getHandle(id).fetchHistory();
    for (const e of history.events ?? []) {
      const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      if (at < since) continue;
      if (e.workflowTaskScheduledEventAttributes) workflowTasks++;
      if (e.activityTaskScheduledEventAttributes) activityTasks++;
    }
  }
  return { workflowTasks, activityTasks };
}

/**
 * What one order of each kind costs, on a quiet stack: SQL statements (web + worker), Stripe calls and
 * Temporal tasks from Place order to the end of its workflow(s). Where the time goes, for the next person.
 */
export async function benchOrderCosts(ctx: BenchContext, trials: TrialLane[], localstripeLog: string) {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(ctx.db);
  const measure = async (kind: string, place: () => Promise<string[]>, note?: string) => {
    await new Promise((r) => setTimeout(r, 500)); // let the previous order's last writes and log lines land
    const s0 = await statementCalls(ctx);
    const c0 = stripeCalls(localstripeLog);
    const t0 = Date.now() - 50; // history event times are the server's; allow for clock granularity
    const ids = await place();
    await Promise.all(ids.map((id) => ctx.client.workflow.getHandle(id).result()));
    await new Promise((r) => setTimeout(r, 500));
    const ran = statementsBetween(s0, await statementCalls(ctx));
    const c1 = stripeCalls(localstripeLog);
    const statements = ran.reduce((n, s) => n + s.calls, 0);
    ctx.report.addCost({ kind, statements, statementsByText: ran, stripeCalls: c1 - c0, ...(await tasks(ctx, ids, t0)), note });
  };

  const lanes = trials.filter((l) => l.subs.length >= 3);
  if (lanes.length < 2) throw new Error('bench order costs: not enough trials left');
  const [one, two] = lanes;
  const cart = async (cookie: string, subs: string[]) => {
    let cartId = '';
    for (const subscriptionId of subs) {
      const form = (await trpcCall(ctx.app, cookie, 'checkout.orderForm', { subscriptionId }, 'GET')) as { selection: { tierId: string } };
      cartId = ((await trpcCall(ctx.app, cookie, 'cart.add', { subscriptionId, tierId: form.selection.tierId, seats: 2, frequency: 'monthly' })) as { cartId: string }).cartId;
    }
    return cartId;
  };
  const placeCart = async (cookie: string, subs: string[]) => {
    const cartId = await cart(cookie, subs);
    const paymentMethodId = await ctx.newCard();
    const { quote } = (await trpcCall(ctx.app, cookie, 'cart.get', undefined, 'GET')) as { quote: { total: bigint } };
    return async () => {
      await trpcCall(ctx.app, cookie, 'checkout.placeOrder', { cartId, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId, vatNumber: null, expectedTotal: quote.total });
      return subs.map((s) => workflowIds.trial(s));
    };
  };
  await measure('WF-1 conversion (1 trial, card)', await placeCart(one!.cookie, one!.subs.splice(0, 1)));
  await measure('BC-5 cart of 2 conversions (card)', await placeCart(two!.cookie, two!.subs.splice(0, 2)), 'two trial workflows');

  const [account] = await createChangeAccounts(ctx.db, 1, ctx.passwordHash, 'costs');
  const lane = { ...account!, cookie: await signInProduct(ctx.app, account!.email, BENCH_PASSWORD) };
  const card = await ctx.newCard();
  await measure('WF-2 change (+1 seat, card)', async () => [workflowIds.subscriptionChange(await placeChange(ctx.app, lane, card))], 'includes the preview request');

  // CP-6: the demo's open Globex invoice, 10.00 of it, by the portal's billing contact.
  const portal = await signInPortal(ctx.app, 'globex-billing', DEMO_PASSWORD);
  const invoiceCard = await ctx.newCard();
  await measure('WF-5 invoice payment (part of an invoice, card)', async () => {
    const paid = (await trpcCall(ctx.app, portal, 'portal.invoices.payment.pay', { invoiceId: 'inv_globex_25', amount: '1000', paymentMethodId: invoiceCard, idempotencyKey: randomUUID().replace(/-/g, '') })) as { orderId: string };
    return [workflowIds.invoicePayment(paid.orderId)];
  });
}
