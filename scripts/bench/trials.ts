import { BENCH_PASSWORD, type BenchContext } from './context';
import { signInProduct, trpcCall } from './http';

/** One signed-in billing admin and the trials they started (one per product), ready to convert. */
export interface TrialLane { cookie: string; subs: string[] }

/**
 * The vertical slice: each run starts one trial (one per account × product) as a signed-in billing
 * admin, over HTTP → tRPC → WF-1 → subscription in trial. Returns the trials for the conversion rows.
 */
export async function benchTrialSlice(ctx: BenchContext): Promise<TrialLane[]> {
  const products = await productIds(ctx);
  const emails = await ctx.createOnlineAdmins(Math.ceil((ctx.runs + 5) / products.length), 'trial');
  const cookies = await Promise.all(emails.map((email) => signInProduct(ctx.app, email, BENCH_PASSWORD)));
  const jobs = cookies.flatMap((cookie) => products.map((productId) => ({ cookie, productId })));
  // Warm-up: the first requests compile routes and open pools.
  for (const job of jobs.splice(0, 5)) await trpcCall(ctx.app, job.cookie, 'subscriptions.startTrial', { productId: job.productId });
  const mutation: number[] = [];
  const toActive: number[] = [];
  const lanes = new Map<string, string[]>();
  for (const job of jobs.slice(0, ctx.runs)) {
    const t0 = performance.now();
    const { subscriptionId } = (await trpcCall(ctx.app, job.cookie, 'subscriptions.startTrial', { productId: job.productId })) as { subscriptionId: string };
    mutation.push(performance.now() - t0);
    await waitForTrial(ctx, job.cookie, subscriptionId);
    toActive.push(performance.now() - t0);
    lanes.set(job.cookie, [...(lanes.get(job.cookie) ?? []), subscriptionId]);
  }
  ctx.report.addLatency('trial-http', 'slice: tRPC subscriptions.startTrial over HTTP (request → response)', mutation);
  ctx.report.addLatency('trial-active', 'slice: start trial → subscription in trial (WF-1 step done, polled every 5 ms)', toActive, { vs: 'bare@1' });
  return [...lanes].map(([cookie, subs]) => ({ cookie, subs }));
}

/** Fresh accounts that each start a trial of every product (not measured), for the rows that need many trials. */
export async function prepareTrials(ctx: BenchContext, accounts: number, label: string): Promise<TrialLane[]> {
  const products = await productIds(ctx);
  const emails = await ctx.createOnlineAdmins(accounts, label);
  const lanes: TrialLane[] = [];
  for (let i = 0; i < emails.length; i += 20) {
    await Promise.all(emails.slice(i, i + 20).map(async (email) => {
      const cookie = await signInProduct(ctx.app, email, BENCH_PASSWORD);
      const subs: string[] = [];
      for (const productId of products) subs.push(((await trpcCall(ctx.app, cookie, 'subscriptions.startTrial', { productId })) as { subscriptionId: string }).subscriptionId);
      lanes.push({ cookie, subs });
    }));
  }
  for (;;) {
    const pending = await ctx.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'pending_trial').executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) return lanes;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function productIds(ctx: BenchContext) {
  return (await ctx.db.selectFrom('products').select('id').orderBy('sort').execute()).map((r) => r.id);
}

async function waitForTrial(ctx: BenchContext, cookie: string, subscriptionId: string) {
  for (;;) {
    const { status } = (await trpcCall(ctx.app, cookie, 'subscriptions.status', { subscriptionId }, 'GET')) as { status: string };
    if (status !== 'pending_trial') return;
    await new Promise((r) => setTimeout(r, 5));
  }
}
