import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { catalogUnitAmount } from '../../db/seed/catalog';
import { addPeriod } from '../../server/billing';
import { BENCH_PASSWORD, inParallel, type BenchContext } from './context';
import { followOrder, signInProduct, trpcCall } from './http';
import { addTimeline } from './timeline';
import { bareAt20 } from './baseline';
import { workflowIds } from '../../workflows/shared';

/** One bench user's subscription to modify: the seats are tracked here, each change adds one. */
export interface ChangeLane {
  email: string;
  cookie: string;
  subscriptionId: string;
  seats: number;
}

const PRODUCT_ID = 'prd_meeting';
const TIER_ID = 'tier_meeting_business';
const CURRENCY = 'EUR' as const;

/**
 * Online accounts (billing admin + one active Meeting Business subscription, 1 seat, monthly) written
 * straight to the database, as if converted a day ago: the period and last_charge_amount are those a
 * conversion would have left, so the proration credit is the real one.
 */
export async function createChangeAccounts(db: Db, n: number, passwordHash: string, label: string): Promise<Array<Omit<ChangeLane, 'cookie'>>> {
  const unit = catalogUnitAmount('meeting', 'business', 'monthly', CURRENCY);
  const start = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const end = addPeriod(start, 'monthly');
  const out: Array<Omit<ChangeLane, 'cookie'>> = [];
  for (let i = 0; i < n; i++) {
    const accountId = newId('acct');
    const userId = newId('usr');
    const subscriptionId = newId('sub');
    const email = `bench-${label}-${i}-${Date.now()}@bench.example`;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id: accountId, name: `Bench ${label} ${i}`, kind: 'online', currency: CURRENCY, country: 'IT', billing_contact_user_id: userId } as never).execute();
      await trx.insertInto('users').values({ id: userId, account_id: accountId, email, name: `Bench ${i}`, password_hash: passwordHash, role: 'account_admin' } as never).execute();
      await trx
        .insertInto('subscriptions')
        .values({ id: subscriptionId, account_id: accountId, product_id: PRODUCT_ID, tier_id: TIER_ID, seats: 1, frequency: 'monthly', status: 'active', current_period_start: start, current_period_end: end, last_charge_amount: unit, currency: CURRENCY, created_at: start })
        .execute();
    });
    out.push({ email, subscriptionId, seats: 1 });
  }
  return out;
}

/**
 * WF-2 (BC-4) as the Modify page does it, over HTTP: preview one more seat → Place order with a card.
 * The card is created in localstripe beforehand, as the browser's Stripe.js would, and is not timed.
 */
export async function placeChange(app: string, lane: ChangeLane, paymentMethodId: string): Promise<string> {
  const target = { subscriptionId: lane.subscriptionId, tierId: TIER_ID, seats: lane.seats + 1, frequency: 'monthly' as const };
  const { quote, quoteToken } = (await trpcCall(app, lane.cookie, 'subscriptionChange.preview', { ...target, vatNumber: null }, 'GET')) as { quote: { total: bigint }; quoteToken: string };
  if (quote.total <= 0n) throw new Error(`bench change of ${lane.subscriptionId} has nothing to pay (${quote.total})`);
  const { orderId } = (await trpcCall(app, lane.cookie, 'subscriptionChange.place', { ...target, quoteToken, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId, vatNumber: null })) as { orderId: string };
  lane.seats += 1;
  return orderId;
}

/** placeChange, then the order page's polling until the order completed: milliseconds from the preview request. */
export async function changeOnce(app: string, lane: ChangeLane, newCard: () => Promise<string>): Promise<{ ms: number; orderId: string }> {
  const paymentMethodId = await newCard();
  const t0 = performance.now();
  const orderId = await placeChange(app, lane, paymentMethodId);
  await followOrder(app, lane.cookie, orderId);
  return { ms: performance.now() - t0, orderId };
}

/** WF-2 preview → Place order → completed, 1 user (20 accounts in turn) and 20 concurrent users. */
export async function benchChanges(ctx: BenchContext) {
  const USERS = 20;
  const accounts = await createChangeAccounts(ctx.db, USERS, ctx.passwordHash, 'change');
  const lanes: ChangeLane[] = [];
  for (const a of accounts) lanes.push({ ...a, cookie: await signInProduct(ctx.app, a.email, BENCH_PASSWORD) });
  const newCard = () => ctx.newCard();
  for (const lane of lanes.slice(0, 5)) await changeOnce(ctx.app, lane, newCard); // warm-up: compiles the routes
  const sequential: number[] = [];
  for (let i = 0; i < ctx.runs; i++) sequential.push((await changeOnce(ctx.app, lanes[i % lanes.length]!, newCard)).ms);
  ctx.report.addLatency('wf2@1', 'WF-2 change, 1 user: preview → Place order → order completed (+1 seat, card; HTTP, the order page\'s read that waits for a change)', sequential, { vs: 'bare@1' });
  const perUser = Math.ceil(ctx.runs / USERS);
  const baseline = await bareAt20(ctx, 'bare@20·wf2');
  const concurrent: number[] = [];
  const orders: string[] = [];
  const wall = await inParallel(lanes, USERS, async (lane) => {
    for (let i = 0; i < perUser; i++) {
      const { ms, orderId } = await changeOnce(ctx.app, lane, newCard);
      concurrent.push(ms);
      orders.push(orderId);
    }
  });
  ctx.report.addLatency('wf2@20', `WF-2 change, ${USERS} concurrent users: preview → Place order → order completed`, concurrent, { vs: baseline, throughput: (1000 * concurrent.length) / wall });
  await addTimeline(ctx, 'wf2@20', orders.map((id) => workflowIds.subscriptionChange(id)));
}
