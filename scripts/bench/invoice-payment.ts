import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { nextInvoiceNumber } from '../../db/invoice-numbers';
import { DEMO_SELLER } from '../../db/seed/demo';
import { createCorporateAccount } from '../../test/helpers/corporate';
import { inParallel, type BenchContext } from './context';
import { signInPortal, trpcCall } from './http';

/** One corporate billing contact signed in to the portal, with an open invoice of 1,000.00 and a card. */
interface InvoicePaymentLane {
  cookie: string;
  invoiceId: string;
  card: string;
}

/** An open invoice of 1,000.00 on net 30, as a corporate term's invoice is issued. */
async function openInvoice(db: Db, accountId: string): Promise<string> {
  const id = newId('inv');
  const issuedAt = new Date();
  await db.transaction().execute(async (trx) => {
    const num = await nextInvoiceNumber(trx, issuedAt);
    await trx.insertInto('invoices').values({
      id, account_id: accountId, number: num.number, year: num.year, seq: num.seq, issued_at: issuedAt, due_at: new Date(issuedAt.getTime() + 30 * 86_400_000),
      currency: 'USD', subtotal: 100_000n, tax: 0n, total: 100_000n, amount_paid: 0n, status: 'open', buyer: { name: 'Bench corporate' }, seller: DEMO_SELLER,
    }).execute();
    await trx.insertInto('invoice_lines').values({ id: newId('inl'), invoice_id: id, description: 'Meeting Enterprise — annual term', quantity: 10, unit_amount: 10_000n, amount: 100_000n, sort: 0 }).execute();
  });
  return id;
}

/**
 * CP-6 / WF-5 as the pay page does it, over HTTP: Paga (5.00 of the invoice, by card) → follow the
 * payment's progress until its receipt is recorded (charged, recorded against the invoice by the order
 * core; the receipt email may still be going out). Milliseconds from Paga to the receipt.
 */
async function payOnce(app: string, lane: InvoicePaymentLane): Promise<number> {
  const t0 = performance.now();
  const paid = (await trpcCall(app, lane.cookie, 'portal.invoices.payment.pay', { invoiceId: lane.invoiceId, amount: '500', paymentMethodId: lane.card, idempotencyKey: randomUUID().replace(/-/g, '') })) as { orderId: string; payment: { status: string } | null };
  if (paid.payment?.status !== 'succeeded') throw new Error(`bench invoice payment ${paid.orderId}: ${paid.payment?.status}`);
  let after: string | undefined;
  for (;;) {
    // As the pay page reads it: each read answers when the progress changed from the version last seen.
    const p = (await trpcCall(app, lane.cookie, 'portal.invoices.payment.progress', { orderId: paid.orderId, after }, 'GET')) as { receipt: unknown; status?: string; version: string };
    if (p.receipt) break;
    if (p.status === 'failed' || p.status === 'cancelled') throw new Error(`bench invoice payment ${paid.orderId} ${p.status}`);
    after = p.version;
  }
  return performance.now() - t0;
}

/** CP-6 / WF-5: pay part of an invoice → recorded, at 1 user and 20 concurrent users, next to the bare workflow. */
export async function benchInvoicePayments(ctx: BenchContext) {
  const USERS = 20;
  const lanes: InvoicePaymentLane[] = [];
  for (let i = 0; i < USERS; i++) {
    const corp = await createCorporateAccount(ctx.db);
    lanes.push({ cookie: await signInPortal(ctx.app, corp.portalLoginId, 'seatplan-demo'), invoiceId: await openInvoice(ctx.db, corp.accountId), card: await ctx.newCard() });
  }
  for (const lane of lanes.slice(0, 3)) await payOnce(ctx.app, lane); // warm-up: compiles the routes
  const runs = Math.max(USERS, Math.round(ctx.runs / 4));
  const sequential: number[] = [];
  for (let i = 0; i < runs; i++) sequential.push(await payOnce(ctx.app, lanes[i % lanes.length]!));
  ctx.report.addLatency('wf5@1', 'CP-6 / WF-5 invoice payment, 1 user: Paga (part of an invoice, card) → recorded against the invoice (HTTP, the pay page\'s read that waits for a change)', sequential, { vs: 'bare@1' });
  const perUser = Math.max(1, Math.ceil(runs / USERS));
  const concurrent: number[] = [];
  const wall = await inParallel(lanes, USERS, async (lane) => {
    for (let i = 0; i < perUser; i++) concurrent.push(await payOnce(ctx.app, lane));
  });
  ctx.report.addLatency('wf5@20', `CP-6 / WF-5 invoice payment, ${USERS} concurrent users: Paga → recorded`, concurrent, { vs: 'bare@20', throughput: (1000 * concurrent.length) / wall });
}
