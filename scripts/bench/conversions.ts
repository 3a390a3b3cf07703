import { randomUUID } from 'node:crypto';
import { inParallel, type BenchContext } from './context';
import { followOrder, trpcCall } from './http';
import { prepareTrials, type TrialLane } from './trials';
import { addTimeline } from './timeline';
import { bareAt20 } from './baseline';
import { workflowIds } from '../../workflows/shared';

/** BC-3 as the page does it: order form → cart → Place order (card) → order completed (charged, active, invoiced, emailed). */
export async function convertOnce(ctx: BenchContext, cookie: string, subscriptionId: string): Promise<{ ms: number; orderId: string }> {
  const form = (await trpcCall(ctx.app, cookie, 'checkout.orderForm', { subscriptionId }, 'GET')) as { selection: { tierId: string } };
  const { cartId } = (await trpcCall(ctx.app, cookie, 'cart.add', { subscriptionId, tierId: form.selection.tierId, seats: 2, frequency: 'monthly' })) as { cartId: string };
  const paymentMethodId = await ctx.newCard();
  const { quote } = (await trpcCall(ctx.app, cookie, 'cart.get', undefined, 'GET')) as { quote: { total: bigint } };
  const t0 = performance.now();
  const { orderId } = (await trpcCall(ctx.app, cookie, 'checkout.placeOrder', { cartId, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId, vatNumber: null, expectedTotal: quote.total })) as { orderId: string };
  await followOrder(ctx.app, cookie, orderId);
  return { ms: performance.now() - t0, orderId };
}


/** WF-1 Place order → active, 1 user and 20 concurrent users (distinct accounts), then 20 users sustained for 60 s. */
export async function benchConversions(ctx: BenchContext, trials: TrialLane[]) {
  const take = (n: number, perLane: number) => trials.filter((l) => l.subs.length > 0).slice(0, n).map((l) => ({ cookie: l.cookie, subs: l.subs.splice(0, perLane) }));
  const total = trials.reduce((n, l) => n + l.subs.length, 0);
  const sequential: number[] = [];
  for (const lane of take(Math.ceil(Math.max(10, Math.floor(total * 0.15)) / 5), 5)) for (const sub of lane.subs) sequential.push((await convertOnce(ctx, lane.cookie, sub)).ms);
  ctx.report.addLatency('wf1@1', 'WF-1 conversion, 1 user: Place order → subscription active (HTTP, the order page\'s read that waits for a change)', sequential, { vs: 'bare@1' });

  const concurrent: number[] = [];
  const lanes = take(20, 3);
  const baseline = await bareAt20(ctx, 'bare@20·wf1');
  const since = Date.now();
  const wall = await inParallel(lanes, 20, async (lane) => {
    for (const sub of lane.subs) concurrent.push((await convertOnce(ctx, lane.cookie, sub)).ms);
  });
  ctx.report.addLatency('wf1@20', 'WF-1 conversion, 20 concurrent users: Place order → subscription active', concurrent, { vs: baseline, throughput: (1000 * concurrent.length) / wall });
  await addTimeline(ctx, 'wf1@20', lanes.flatMap((l) => l.subs.map((s) => workflowIds.trial(s))), since - 50);

  // Sustained: 20 users, each converting its own accounts' trials one after another for 60 s.
  const accounts = Number(process.env.BENCH_SUSTAIN_ACCOUNTS ?? 120);
  console.log(`• preparing ${accounts} accounts × every product of trials for the sustained run…`);
  const pool = await prepareTrials(ctx, accounts, 'sustain');
  const sustainBaseline = await bareAt20(ctx, 'bare@20·sustained');
  const users = Array.from({ length: 20 }, (_, u) => pool.filter((_, i) => i % 20 === u).flatMap((l) => l.subs.map((sub) => ({ cookie: l.cookie, sub }))));
  const start = performance.now();
  const deadline = start + 60_000;
  const sustained: number[] = [];
  await Promise.all(users.map(async (work) => {
    for (const w of work) {
      if (performance.now() > deadline) break;
      sustained.push((await convertOnce(ctx, w.cookie, w.sub)).ms);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  ctx.report.addRate(`sustained WF-1 conversions, 20 users (${sustained.length} in ${seconds.toFixed(1)} s)`, sustained.length / seconds, 'conversions/s', sustainBaseline);
  if (seconds < 59) ctx.report.note('The prepared trials ran out before 60 s of sustained conversions; raise BENCH_SUSTAIN_ACCOUNTS for a longer run.');
}
