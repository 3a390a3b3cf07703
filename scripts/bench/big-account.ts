import { sql } from 'kysely';
import { BENCH_PASSWORD, type BenchContext } from './context';
import { createChangeAccounts } from './change';
import { signInProduct, trpcCall } from './http';
import { loadPage } from './pages';

const INVOICES = Number(process.env.BENCH_BIG_INVOICES ?? 10_000);
const ORDERS = Number(process.env.BENCH_BIG_ORDERS ?? 1_000);

/** `invoices` paid invoices (and the first `orders` of them with their orders) for the subscription's account, numbered from the yearly sequence. */
async function bulkHistory(ctx: BenchContext, subscriptionId: string, invoices: number, orders: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const year = new Date().getUTCFullYear();
    await sql`INSERT INTO invoice_number_sequences (year, last_seq) VALUES (${year}::int, 0) ON CONFLICT (year) DO NOTHING`.execute(trx);
    const { rows } = await sql<{ last: number }>`UPDATE invoice_number_sequences SET last_seq = last_seq + ${invoices}::int WHERE year = ${year}::int RETURNING last_seq - ${invoices}::int AS last`.execute(trx);
    const first = rows[0]!.last + 1;
    const accountId = (await trx.selectFrom('subscriptions').select('account_id').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).account_id;
    await sql`
      INSERT INTO orders (id, account_id, kind, status, currency, subtotal, total, idempotency_key, created_at, completed_at)
      SELECT 'ord_big_' || ${accountId}::text || '_' || g, ${accountId}::text, 'change', 'completed', 'EUR', 1000, 1000, 'big-' || ${accountId}::text || '-' || g,
             now() - (g || ' hours')::interval, now() - (g || ' hours')::interval
      FROM generate_series(1, ${orders}::int) g`.execute(trx);
    await sql`
      INSERT INTO invoices (id, account_id, order_id, number, year, seq, issued_at, currency, subtotal, tax, total, amount_paid, status, buyer, seller)
      SELECT 'inv_big_' || ${accountId}::text || '_' || g, ${accountId}::text, CASE WHEN g <= ${orders}::int THEN 'ord_big_' || ${accountId}::text || '_' || g END,
             'SP-' || ${year}::int || '-' || lpad((${first}::int + ${invoices}::int - g)::text, 6, '0'), ${year}::int, ${first}::int + ${invoices}::int - g,
             date_trunc('year', now()) + interval '1 day' + ((${invoices}::int - g) || ' minutes')::interval, 'EUR', 1000, 220, 1220, 1220, 'paid', '{"name":"Bench big"}', '{"name":"Seatplan"}'
      FROM generate_series(1, ${invoices}::int) g`.execute(trx);
  });
}

/**
 * Cost that grows with the data (issue 12): the busiest pages for an account with 10,000 invoices and
 * 1,000 orders, next to the same pages for an account with a page's worth (30 invoices, 3 orders). Invoices are written in bulk with
 * numbers taken from the yearly sequence, as issuing them one by one would have left it.
 */
export async function benchBigAccount(ctx: BenchContext) {
  const [small, big] = await createChangeAccounts(ctx.db, 2, ctx.passwordHash, 'big');
  await bulkHistory(ctx, small!.subscriptionId, 30, 3);
  await bulkHistory(ctx, big!.subscriptionId, INVOICES, ORDERS);
  await sql`ANALYZE invoices`.execute(ctx.db);
  await sql`ANALYZE orders`.execute(ctx.db);
  const smallCookie = await signInProduct(ctx.app, small!.email, BENCH_PASSWORD);
  const bigCookie = await signInProduct(ctx.app, big!.email, BENCH_PASSWORD);
  // A page deep in the history: follow the older-documents cursor 200 pages down (5,000 documents).
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) cursor = ((await trpcCall(ctx.app, bigCookie, 'invoices.history', cursor ? { before: cursor } : undefined, 'GET')) as { older: string | null }).older;
  const small1 = await loadPage(ctx, 'invoices, 30 invoices', '/billing/invoices', smallCookie);
  await loadPage(ctx, `invoices, ${INVOICES} invoices`, '/billing/invoices', bigCookie, small1.name);
  await loadPage(ctx, `invoices, ${INVOICES} invoices, page 201`, `/billing/invoices?before=${cursor}`, bigCookie, small1.name);
  const small2 = await loadPage(ctx, 'subscriptions, 3 orders', '/billing/subscriptions', smallCookie);
  await loadPage(ctx, `subscriptions, ${ORDERS} orders`, '/billing/subscriptions', bigCookie, small2.name);
}
