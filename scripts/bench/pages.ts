import autocannon from 'autocannon';
import { DEMO_PASSWORD } from '../../db/seed/demo';
import { BENCH_PASSWORD, type BenchContext } from './context';
import { createChangeAccounts } from './change';
import { signInPortal, signInProduct, trpcCall } from './http';
import { processGroupCpuMs } from './process-cpu';
import type { PageRow } from './report';
import type { TrialLane } from './trials';

const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;

/** 20 connections for SECONDS against one page with a session cookie; a non-2xx answer (a redirect to sign-in, an error) makes the row worthless, so it is counted and shown. */
export async function loadPage(ctx: BenchContext, name: string, path: string, cookie: string, vs?: string): Promise<PageRow> {
  // A few seconds first, not counted: the server's code for this page is compiled by V8's JIT under the
  // same load, so the row measures the page and not how recently the server started (a cold first page
  // ran at about 60 % of its warm rate here).
  await autocannon({ url: `${ctx.app}${path}`, connections: CONNECTIONS, duration: WARM_UP_SECONDS, headers: { cookie } });
  const cpuBefore = processGroupCpuMs(ctx.stack.webProcessGroup);
  const result = await autocannon({ url: `${ctx.app}${path}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
  const cpuAfter = processGroupCpuMs(ctx.stack.webProcessGroup);
  const webCpuMsPerRequest = cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? (cpuAfter - cpuBefore) / result.requests.total : null;
  const row: PageRow = { name, path, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts, webCpuMsPerRequest, vs };
  ctx.report.addPage(row);
  return row;
}

/**
 * The Billing Center's and the portal's busiest pages next to a bare page of the same build (the home
 * page: same layout, same session decoding, no data), each signed in, at 20 concurrent connections.
 */
export async function benchPages(ctx: BenchContext, trials: TrialLane[]) {
  const [account] = await createChangeAccounts(ctx.db, 1, ctx.passwordHash, 'pages');
  const cookie = await signInProduct(ctx.app, account!.email, BENCH_PASSWORD);
  const lane = trials.find((l) => l.subs.length > 0);
  if (!lane) throw new Error('bench pages: no trial left for the checkout page');
  const sub = lane.subs.shift()!;
  const form = (await trpcCall(ctx.app, lane.cookie, 'checkout.orderForm', { subscriptionId: sub }, 'GET')) as { selection: { tierId: string } };
  await trpcCall(ctx.app, lane.cookie, 'cart.add', { subscriptionId: sub, tierId: form.selection.tierId, seats: 2, frequency: 'monthly' });
  const portal = await signInPortal(ctx.app, 'globex-billing', DEMO_PASSWORD);

  await loadPage(ctx, 'bare', '/', cookie);
  await loadPage(ctx, 'subscriptions', '/billing/subscriptions', cookie, 'bare');
  await loadPage(ctx, 'invoices', '/billing/invoices', cookie, 'bare');
  await loadPage(ctx, 'checkout', '/billing/checkout', lane.cookie, 'bare');
  await loadPage(ctx, 'portal home', '/portal', portal, 'bare');
}
