import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStack } from './stack/index';
import { PROJECT_ROOT, profile } from './stack/profile';
import { benchBaselines, stopBareWorker } from './bench/baseline';
import { benchBigAccount } from './bench/big-account';
import { benchChanges } from './bench/change';
import { createBenchContext } from './bench/context';
import { benchConversions } from './bench/conversions';
import { benchOpsOrders } from './bench/ops-pages';
import { benchOrderCosts } from './bench/order-costs';
import { benchPages } from './bench/pages';
import { benchRenewals } from './bench/renewals';
import { CHAOS_LATEST } from './chaos/report';
import { START_LATEST } from './start-report';
import { benchInvoicePayments } from './bench/invoice-payment';
import { benchServiceOrders } from './bench/service-order';
import { benchTrialSlice } from './bench/trials';

/**
 * `npm run bench`: brings up the stack on its own profile (fresh data) and measures, in one run, every
 * goal next to the baseline it is judged against — a bare workflow with three no-op activities at 1 and
 * 20 in flight, a bare page of the same build — and prints the ratios. Writes the report to .bench/.
 * Timings are never asserted. Each section lives in scripts/bench/; a new one is one line below.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const p = profile('bench');
rmSync(p.dataDir, { recursive: true, force: true });
const stack = await startStack(p, { app: true, seed: true, postgresStatements: true, log: (m) => console.log(m) });
const ctx = await createBenchContext(stack, RUNS);
let report = '';
// BENCH_ONLY=pages,costs,ops runs only those sections (the baselines and the trial slice always run: the others need them).
const only = process.env.BENCH_ONLY?.split(',').map((x) => x.trim());
const wanted = (name: string) => !only || only.includes(name);
try {
  console.log('• baselines: bare workflow at 1 and 20 in flight…');
  await benchBaselines(ctx);
  console.log('• trial slice…');
  const trials = await benchTrialSlice(ctx);
  if (wanted('costs')) {
    console.log('• what one order costs…');
    await benchOrderCosts(ctx, trials, path.join(p.dataDir, 'logs', 'localstripe.log'));
  }
  if (wanted('pages')) {
    console.log('• pages at 20 concurrent connections…');
    await benchPages(ctx, trials);
  }
  if (wanted('big')) {
    console.log('• pages of an account with 10,000 invoices and 1,000 orders…');
    await benchBigAccount(ctx);
  }
  if (wanted('ops')) {
    console.log('• operations order list with 10,000 orders…');
    await benchOpsOrders(ctx);
  }
  if (wanted('conversions')) {
    console.log('• WF-1 conversions: 1 user, 20 users, sustained…');
    await benchConversions(ctx, trials);
  }
  if (wanted('changes')) {
    console.log('• WF-2 changes: 1 user, 20 users…');
    await benchChanges(ctx);
  }
  if (wanted('renewals')) {
    console.log('• WF-4 renewals: 1,000 subscriptions due in the same minute…');
    await benchRenewals(ctx);
  }
  if (wanted('service-orders')) {
    console.log('• WF-3 service orders: 1 user, 20 users…');
    await benchServiceOrders(ctx);
  }
  if (wanted('invoice-payments')) {
    console.log('• CP-6 / WF-5 invoice payments: 1 user, 20 users…');
    await benchInvoicePayments(ctx);
  }
  report = ctx.report.render(RUNS);
} finally {
  await stopBareWorker();
  await ctx.close();
  await stack.stop();
}

// The first start (npm start) and the chaos suite (npm run chaos) run apart; their last figures close the report.
if (existsSync(START_LATEST)) report += `\n\n## First start (goal: a cold \`npm start\` ready within 90 s)\n\n${readFileSync(START_LATEST, 'utf8')}`;
if (existsSync(CHAOS_LATEST)) report += `\n\n## Chaos suite\n\n${readFileSync(CHAOS_LATEST, 'utf8')}`;
console.log(`\n${report}`);
const dir = path.join(PROJECT_ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `report-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
writeFileSync(file, report);
writeFileSync(path.join(dir, 'latest.md'), report);
console.log(`Report written to ${path.relative(PROJECT_ROOT, file)}`);
process.exit(0);
