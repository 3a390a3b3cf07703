import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../db/seed/demo';
import { ORDER_KINDS } from '../../db/schema';
import type { BenchContext } from './context';
import { signInStaff } from './http';
import { loadPage } from './pages';

const ORDERS = Number(process.env.BENCH_OPS_ORDERS ?? 10_000);
/** The back office's page budget: a server-rendered page answers within this p99 at 20 connections. */
export const PAGE_BUDGET_P99_MS = 500;

/**
 * Orders of every kind over the last 30 days for 100 accounts, written in bulk: most completed, some
 * failed or cancelled, a few still processing or awaiting a payment action (the "stuck" ones).
 */
async function bulkOrders(ctx: BenchContext, n: number) {
  const kinds = `{${ORDER_KINDS.join(',')}}`;
  await ctx.db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO accounts (id, name, kind, currency, country)
      SELECT 'acct_bench_ops_' || a, 'Bench ops ' || a, CASE WHEN a % 4 = 0 THEN 'corporate' ELSE 'online' END, 'USD', 'US'
      FROM generate_series(1, 100) a`.execute(trx);
    await sql`
      INSERT INTO orders (id, account_id, kind, status, currency, subtotal, total, idempotency_key, workflow_id, failure_reason, created_at, updated_at, completed_at)
      SELECT 'ord_bench_ops_' || g, 'acct_bench_ops_' || (g % 100 + 1), (${kinds}::text[])[g % ${ORDER_KINDS.length}::int + 1], s.status, 'USD', 1600, 1600,
             'bench-ops-' || g, 'bench-ops-' || g, CASE WHEN s.status = 'failed' THEN 'Card declined' END, s.at, s.at, CASE WHEN s.status = 'completed' THEN s.at END
      FROM generate_series(1, ${n}::int) g,
           LATERAL (SELECT CASE WHEN g % 50 = 0 THEN 'processing' WHEN g % 71 = 0 THEN 'awaiting_payment' WHEN g % 23 = 0 THEN 'failed' WHEN g % 97 = 0 THEN 'cancelled' ELSE 'completed' END AS status,
                           now() - ((${n}::int - g) * interval '30 days' / ${n}::int) - interval '1 hour' AS at) s`.execute(trx);
  });
  await sql`ANALYZE orders`.execute(ctx.db);
}

/**
 * BO-2: the operations order list with 10,000 orders of every kind in the database, signed in as
 * operations, at 20 concurrent connections — the first page, the stuck filter, a page reached by the
 * keyset cursor, a kind + status filter, and one order's page — next to the bare home page for the same
 * staff session, with the back office's page budget noted.
 */
export async function benchOpsOrders(ctx: BenchContext) {
  await bulkOrders(ctx, ORDERS);
  const cookie = await signInStaff(ctx.app, 'otto.ops@seatplan.example', DEMO_PASSWORD);
  const html = await (await fetch(`${ctx.app}/backoffice/orders`, { headers: { cookie } })).text();
  const next = html.match(/<a[^>]*rel="next"[^>]*>/)?.[0]?.match(/href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
  if (!next) throw new Error('bench ops: the order list has no next page');
  const bare = await loadPage(ctx, 'bare (staff session)', '/', cookie);
  const count = ORDERS.toLocaleString('en-US');
  const rows = [
    await loadPage(ctx, `ops orders, ${count} orders`, '/backoffice/orders', cookie, bare.name),
    await loadPage(ctx, `ops orders, ${count} orders, stuck only`, '/backoffice/orders?stuck=1', cookie, bare.name),
    await loadPage(ctx, `ops orders, ${count} orders, page 2 by cursor`, next, cookie, bare.name),
    await loadPage(ctx, `ops orders, ${count} orders, renewal + failed`, '/backoffice/orders?kind=renewal&status=failed', cookie, bare.name),
    await loadPage(ctx, 'ops order page', `/backoffice/orders/ord_bench_ops_${Math.floor(ORDERS / 2)}`, cookie, bare.name),
  ];
  const verdict = rows.map((r) => `${r.name}: p99 ${r.p99} ms ${r.p99 <= PAGE_BUDGET_P99_MS && r.errors === 0 ? 'within' : 'OVER'}`).join('; ');
  ctx.report.note(`BO-2 page budget (p99 ≤ ${PAGE_BUDGET_P99_MS} ms per server-rendered back-office page at 20 connections, no non-2xx): ${verdict}.`);
}
