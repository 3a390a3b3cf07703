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

/**
 * `npm run bench`: brings up the stack on its own profile and measures, in one run, the vertical
 * slice (start a trial over HTTP → tRPC → workflow → active) next to a bare workflow with three no-op
 * activities on the same server. Prints a report and writes it to .bench/. Timings are never asserted.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const p = profile('bench');
rmSync(p.dataDir, { recursive: true, force: true });
const stack = await startStack(p, { app: true, seed: true, log: (m) => console.log(m) });
const results: Array<[string, Summary]> = [];
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
  for (const job of jobs.slice(0, RUNS)) {
    const t0 = performance.now();
    const { subscriptionId } = (await trpcCall(stack.urls.app, job.cookie, 'subscriptions.startTrial', { productId: job.productId })) as { subscriptionId: string };
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
