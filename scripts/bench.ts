import { Client, Connection } from '@temporalio/client';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../db/client';
import { newId } from '../db/ids';
import { hashPassword } from '../server/auth/password';
import { WorkflowTypes } from '../workflows/shared';
import { startStack } from './stack/index';
import { PROJECT_ROOT, profile } from './stack/profile';
import { signInProduct, trpcCall } from './bench/http';
import { summarize, type Summary } from './bench/stats';
import { randomUUID } from 'node:crypto';
import { stripeClient } from '../server/payments/stripe-gateway';
import { changeOnce, createChangeAccounts, type ChangeLane } from './bench/change';
import { createServiceOrderLanes, serviceOrderOnce } from './bench/service-order';

/**
 * `npm run bench`: brings up the stack on its own profile and measures, in one run, the vertical
 * slice (start a trial over HTTP → tRPC → workflow → active) next to a bare workflow with three no-op
 * activities on the same server, and the WF-1 conversion and WF-2 change latencies. Prints a report and writes it to .bench/. Timings are never asserted.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const p = profile('bench');
rmSync(p.dataDir, { recursive: true, force: true });
const stack = await startStack(p, { app: true, seed: true, log: (m) => console.log(m) });
const results: Array<[string, Summary]> = [];
let conversionsPerSecond: { n: number; seconds: number; rate: number } | null = null;
try {
  const e = stack.env;
  const connection = await Connection.connect({ address: e.TEMPORAL_ADDRESS! });
  const client = new Client({ connection, namespace: e.TEMPORAL_NAMESPACE });

  // Baseline: a bare workflow, three no-op activities, sequential runs.
  for (let i = 0; i < 10; i++) await client.workflow.execute(WorkflowTypes.bareBench, { taskQueue: 'seatplan', workflowId: `bench-warmup-${i}-${Date.now()}`, args: [{ activities: 3 }] });
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await client.workflow.execute(WorkflowTypes.bareBench, { taskQueue: 'seatplan', workflowId: `bench-bare-${i}-${Date.now()}`, args: [{ activities: 3 }] });
    bare.push(performance.now() - t0);
  }
  results.push(['bare workflow, 3 no-op activities (execute → result)', summarize(bare)]);
  console.log(`• baseline done: ${RUNS} bare workflows`);

  // The slice: each run starts one trial (one per account × product), as a signed-in billing admin.
  const db = createDb(e.DATABASE_URL!, { max: 4 });
  const products = (await db.selectFrom('products').select('id').orderBy('sort').execute()).map((r) => r.id);
  const accounts = Math.ceil((RUNS + 5) / products.length);
  const passwordHash = await hashPassword('bench-password');
  const admins: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const accountId = newId('acct');
    const userId = newId('usr');
    const email = `bench-${i}-${Date.now()}@bench.example`;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id: accountId, name: `Bench ${i}`, kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: userId } as never).execute();
      await trx.insertInto('users').values({ id: userId, account_id: accountId, email, name: `Bench ${i}`, password_hash: passwordHash, role: 'account_admin' } as never).execute();
    });
    admins.push(email);
  }
  await db.destroy();
  const cookies = await Promise.all(admins.map((email) => signInProduct(stack.urls.app, email, 'bench-password')));
  const jobs = cookies.flatMap((cookie) => products.map((productId) => ({ cookie, productId })));
  // Warm-up: the first requests compile routes and open pools.
  for (const job of jobs.splice(0, 5)) await trpcCall(stack.urls.app, job.cookie, 'subscriptions.startTrial', { productId: job.productId });
  const mutation: number[] = [];
  const toActive: number[] = [];
  const trials: Array<{ cookie: string; subscriptionId: string }> = [];
  for (const job of jobs.slice(0, RUNS)) {
    const t0 = performance.now();
    const { subscriptionId } = (await trpcCall(stack.urls.app, job.cookie, 'subscriptions.startTrial', { productId: job.productId })) as { subscriptionId: string };
    trials.push({ cookie: job.cookie, subscriptionId });
    mutation.push(performance.now() - t0);
    for (;;) {
      const { status } = (await trpcCall(stack.urls.app, job.cookie, 'subscriptions.status', { subscriptionId }, 'GET')) as { status: string };
      if (status !== 'pending_trial') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    toActive.push(performance.now() - t0);
  }
  console.log(`• slice done: ${RUNS} trials started`);
  results.push(['slice: tRPC subscriptions.startTrial over HTTP (request → response)', summarize(mutation)]);
  results.push(['slice: start trial → subscription active (workflow done, polled every 5 ms)', summarize(toActive)]);

  // WF-1 conversion (BC-3): Place order over HTTP → order completed (charged, active, invoiced, emailed).
  // One cart per account, so concurrent users are distinct accounts; each converts its own trials in turn.
  const stripe = stripeClient({ STRIPE_SECRET_KEY: e.STRIPE_SECRET_KEY!, STRIPE_API_BASE: e.STRIPE_API_BASE });
  const lanes = new Map<string, string[]>();
  for (const t of trials) lanes.set(t.cookie, [...(lanes.get(t.cookie) ?? []), t.subscriptionId]);
  const laneList = [...lanes.entries()].map(([cookie, subs]) => ({ cookie, subs }));
  const app = stack.urls.app;
  const convertOnce = async (cookie: string, subscriptionId: string): Promise<number> => {
    const form = (await trpcCall(app, cookie, 'checkout.orderForm', { subscriptionId }, 'GET')) as { selection: { tierId: string } };
    const { cartId } = (await trpcCall(app, cookie, 'cart.add', { subscriptionId, tierId: form.selection.tierId, seats: 2, frequency: 'monthly' })) as { cartId: string };
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } as never);
    const t0 = performance.now();
    const { orderId } = (await trpcCall(app, cookie, 'checkout.placeOrder', { cartId, idempotencyKey: randomUUID().replace(/-/g, ''), paymentMethodId: pm.id, vatNumber: null })) as { orderId: string };
    for (;;) {
      const { status } = (await trpcCall(app, cookie, 'orders.get', { orderId }, 'GET')) as { status: string };
      if (status === 'completed') return performance.now() - t0;
      if (status === 'failed' || status === 'cancelled') throw new Error(`bench order ${orderId} ${status}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const takeLanes = (n: number, perLane: number) => laneList.filter((l) => l.subs.length > 0).slice(0, n).map((l) => ({ cookie: l.cookie, subs: l.subs.splice(0, perLane) }));
  const runLanes = async (selected: Array<{ cookie: string; subs: string[] }>, deadline = Infinity) => {
    const samples: number[] = [];
    await Promise.all(selected.map(async (lane) => {
      for (const sub of lane.subs) {
        if (performance.now() > deadline) break;
        samples.push(await convertOnce(lane.cookie, sub));
      }
    }));
    return samples;
  };
  const convRuns = Math.max(10, Math.floor(trials.length * 0.15));
  console.log(`• conversions: ${convRuns} sequential, then 20 concurrent users, then sustained load…`);
  const sequential: number[] = [];
  for (const lane of takeLanes(Math.ceil(convRuns / 5), 5)) for (const sub of lane.subs) sequential.push(await convertOnce(lane.cookie, sub));
  results.push(['WF-1 conversion, 1 user: Place order → subscription active (HTTP, polled every 10 ms)', summarize(sequential)]);
  results.push([`WF-1 conversion, 20 concurrent users: Place order → subscription active`, summarize(await runLanes(takeLanes(20, 3)))]);

  // WF-2 change (BC-4): preview one more seat → Place order with a card → order completed (charged,
  // changed, invoiced). 20 accounts with an active subscription each, written to the database as a
  // conversion a day ago would have left them; the 1-user run takes them in turn, then 20 users at once.
  const CHANGE_USERS = 20;
  const dbc = createDb(e.DATABASE_URL!, { max: 4 });
  const changeAccounts = await createChangeAccounts(dbc, CHANGE_USERS, passwordHash, 'change');
  await dbc.destroy();
  const changeLanes: ChangeLane[] = [];
  for (const a of changeAccounts) changeLanes.push({ ...a, cookie: await signInProduct(app, a.email, 'bench-password') });
  const newCard = async () => (await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } as never)).id;
  for (const lane of changeLanes.slice(0, 5)) await changeOnce(app, lane, newCard); // warm-up: compiles the routes
  console.log(`• changes: ${RUNS} sequential (1 user)…`);
  const changeSequential: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    changeSequential.push(await changeOnce(app, changeLanes[i % changeLanes.length]!, newCard));
    if ((i + 1) % 50 === 0) console.log(`  ${i + 1}/${RUNS}`);
  }
  results.push(['WF-2 change, 1 user: preview → Place order → order completed (+1 seat, card; HTTP, polled every 10 ms)', summarize(changeSequential)]);
  const perUser = Math.ceil(RUNS / CHANGE_USERS);
  console.log(`• changes: ${CHANGE_USERS} concurrent users × ${perUser}…`);
  const changeConcurrent: number[] = [];
  await Promise.all(changeLanes.map(async (lane) => {
    for (let i = 0; i < perUser; i++) changeConcurrent.push(await changeOnce(app, lane, newCard));
  }));
  results.push([`WF-2 change, ${CHANGE_USERS} concurrent users: preview → Place order → order completed`, summarize(changeConcurrent)]);
  console.log(`• changes done: ${changeSequential.length} sequential, ${changeConcurrent.length} concurrent`);
  // WF-3 service order (CP-10): quote → draft service order → Place service order → completed (charged,
  // seats provisioned by the embedded provisioner, invoiced), one seat each time; 20 corporate accounts
  // with a card, the 1-user run taking them in turn, then 20 users at once.
  const SO_USERS = 20;
  const dbs = createDb(e.DATABASE_URL!, { max: 4 });
  const soLanes = await createServiceOrderLanes(app, dbs, stripe, SO_USERS);
  await dbs.destroy();
  const SO_RUNS = Math.max(20, Math.round(RUNS / 4));
  for (const lane of soLanes.slice(0, 3)) await serviceOrderOnce(app, lane); // warm-up
  console.log(`• service orders: ${SO_RUNS} sequential (1 user)…`);
  const soSequential: number[] = [];
  for (let i = 0; i < SO_RUNS; i++) soSequential.push(await serviceOrderOnce(app, soLanes[i % soLanes.length]!));
  results.push([`WF-3 service order, 1 user: Save cart and review → Save and proceed → Place service order → completed (HTTP, polled every 10 ms)`, summarize(soSequential)]);
  const soPerUser = Math.max(1, Math.ceil(SO_RUNS / SO_USERS));
  console.log(`• service orders: ${SO_USERS} concurrent users × ${soPerUser}…`);
  const soConcurrent: number[] = [];
  await Promise.all(soLanes.map(async (lane) => {
    for (let i = 0; i < soPerUser; i++) soConcurrent.push(await serviceOrderOnce(app, lane));
  }));
  results.push([`WF-3 service order, ${SO_USERS} concurrent users: Place service order → completed`, summarize(soConcurrent)]);
  // Sustained load needs more trials than the slice made: fresh accounts, each starting a trial of every
  // product (not measured), so 20 users can keep converting for 60 s.
  const SUSTAIN_ACCOUNTS = Number(process.env.BENCH_SUSTAIN_ACCOUNTS ?? 120);
  console.log(`• preparing ${SUSTAIN_ACCOUNTS * products.length} trials for the sustained run…`);
  const db2 = createDb(e.DATABASE_URL!, { max: 4 });
  const extraEmails: string[] = [];
  for (let i = 0; i < SUSTAIN_ACCOUNTS; i++) {
    const accountId = newId('acct');
    const userId = newId('usr');
    const email = `bench-sustain-${i}-${Date.now()}@bench.example`;
    await db2.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id: accountId, name: `Bench sustain ${i}`, kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: userId } as never).execute();
      await trx.insertInto('users').values({ id: userId, account_id: accountId, email, name: `Bench ${i}`, password_hash: passwordHash, role: 'account_admin' } as never).execute();
    });
    extraEmails.push(email);
  }
  const extraCookies: string[] = [];
  for (const email of extraEmails) extraCookies.push(await signInProduct(app, email, 'bench-password'));
  const pool: Array<{ cookie: string; subs: string[] }> = [];
  for (let i = 0; i < extraCookies.length; i += 20) {
    await Promise.all(extraCookies.slice(i, i + 20).map(async (cookie) => {
      const subs: string[] = [];
      for (const productId of products) subs.push(((await trpcCall(app, cookie, 'subscriptions.startTrial', { productId })) as { subscriptionId: string }).subscriptionId);
      pool.push({ cookie, subs });
    }));
  }
  for (;;) {
    const pendingTrials = await db2.selectFrom('subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'pending_trial').executeTakeFirstOrThrow();
    if (Number(pendingTrials.n) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await db2.destroy();
  // 20 users; each owns every 20th account and converts that account's trials one after another.
  const users = Array.from({ length: 20 }, (_, u) => pool.filter((_, i) => i % 20 === u).flatMap((l) => l.subs.map((sub) => ({ cookie: l.cookie, sub }))));
  const sustainStart = performance.now();
  const deadline = sustainStart + 60_000;
  const sustained: number[] = [];
  await Promise.all(users.map(async (work) => {
    for (const w of work) {
      if (performance.now() > deadline) break;
      sustained.push(await convertOnce(w.cookie, w.sub));
    }
  }));
  const sustainSeconds = (performance.now() - sustainStart) / 1000;
  conversionsPerSecond = { n: sustained.length, seconds: sustainSeconds, rate: sustained.length / sustainSeconds };
  await connection.close();
} finally {
  await stack.stop();
}

const fmt = (n: number) => n.toFixed(1).padStart(8);
const lines = [
  `# Seatplan bench — ${new Date().toISOString()}`,
  '',
  `Machine: ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs. Runs per measurement: ${RUNS} (sequential, one client).`,
  '',
  '| measurement | n | p50 ms | p99 ms | mean ms | max ms |',
  '|---|---:|---:|---:|---:|---:|',
  ...results.map(([name, s]) => `| ${name} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.mean)} | ${fmt(s.max)} |`),
  '',
  conversionsPerSecond
    ? `Sustained WF-1 conversions, 20 concurrent users: ${conversionsPerSecond.n} in ${conversionsPerSecond.seconds.toFixed(1)} s = ${conversionsPerSecond.rate.toFixed(2)} conversions/s${conversionsPerSecond.seconds < 59 ? ' (the prepared trials ran out before 60 s; raise BENCH_RUNS for a longer run)' : ''}.`
    : '',
  '',
];
const report = lines.join('\n');
console.log(`\n${report}`);
const dir = path.join(PROJECT_ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `report-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
writeFileSync(file, report);
writeFileSync(path.join(dir, 'latest.md'), report);
console.log(`Report written to ${path.relative(PROJECT_ROOT, file)}`);
process.exit(0);
