import { randomUUID } from 'node:crypto';
import { createDb } from '../../db/client';
import { newId } from '../../db/ids';
import { ORDER_KINDS, type NewOrder, type OrderStatus } from '../../db/schema';
import { signIn } from './http';
import { summarize, type Summary } from './stats';

/**
 * BO-2 page bench: the operations order list rendered by the production server (HTML over HTTP, as a
 * browser asks for it) with 10,000 orders of every kind in the database — the first page, the "stuck"
 * filter, the next page by keyset, and a kind + status filter.
 */
export const ORDER_LIST_ORDERS = 10_000;

/** Orders of every kind over the last 30 days; most completed, some failed, a few still unfinished. */
async function seedOrders(databaseUrl: string, n: number): Promise<void> {
  const db = createDb(databaseUrl, { max: 2 });
  try {
    const accounts: string[] = [];
    for (let i = 0; i < 100; i++) {
      const id = newId('acct');
      await db.insertInto('accounts').values({ id, name: `Bench ops ${i}`, kind: i % 4 === 0 ? 'corporate' : 'online', currency: 'USD', country: 'US' }).execute();
      accounts.push(id);
    }
    const statusOf = (i: number): OrderStatus => (i % 50 === 0 ? 'processing' : i % 71 === 0 ? 'awaiting_payment' : i % 23 === 0 ? 'failed' : i % 97 === 0 ? 'cancelled' : 'completed');
    const now = Date.now();
    for (let start = 0; start < n; start += 1000) {
      const rows: NewOrder[] = [];
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        const id = newId('ord');
        const created = new Date(now - Math.floor(((n - i) / n) * 30 * 86_400_000));
        const status = statusOf(i);
        rows.push({
          id, account_id: accounts[i % accounts.length]!, kind: ORDER_KINDS[i % ORDER_KINDS.length]!, status, currency: 'USD', subtotal: 1600n, total: 1600n,
          idempotency_key: randomUUID(), workflow_id: `bench-ops-${id}`, created_at: created, updated_at: created, completed_at: status === 'completed' ? created : null,
          failure_reason: status === 'failed' ? 'Card declined' : null,
        });
      }
      await db.insertInto('orders').values(rows).execute();
    }
  } finally {
    await db.destroy();
  }
}

async function page(url: string, cookie: string): Promise<{ ms: number; html: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const html = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 || !html.includes('data-testid="order-')) throw new Error(`${url} answered ${res.status} without orders`);
  return { ms, html };
}

export async function benchOrderList(databaseUrl: string, appUrl: string, runs: number): Promise<Array<[string, Summary]>> {
  await seedOrders(databaseUrl, ORDER_LIST_ORDERS);
  const cookie = await signIn(appUrl, 'staff', 'otto.ops@seatplan.example', 'seatplan-demo');
  const first = `${appUrl}/backoffice/orders`;
  const { html } = await page(first, cookie);
  const nextLink = html.match(/<a[^>]*rel="next"[^>]*>/)?.[0];
  const nextHref = nextLink?.match(/href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
  if (!nextHref) throw new Error('the order list has no next page');
  const urls: Array<[string, string]> = [
    ['first page (50 rows)', first],
    ['stuck only', `${appUrl}/backoffice/orders?stuck=1`],
    ['next page by keyset cursor', `${appUrl}${nextHref}`],
    ['kind renewal + status failed', `${appUrl}/backoffice/orders?kind=renewal&status=failed`],
  ];
  for (const [, url] of urls) for (let i = 0; i < 3; i++) await page(url, cookie); // warm-up: compiles and caches
  const results: Array<[string, Summary]> = [];
  for (const [label, url] of urls) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push((await page(url, cookie)).ms);
    results.push([`BO-2 ops order list, ${ORDER_LIST_ORDERS.toLocaleString('en-US')} orders, ${label}: GET page → HTML (server-rendered)`, summarize(samples)]);
  }
  return results;
}
