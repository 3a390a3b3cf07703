import { randomUUID } from 'node:crypto';
import { corporateFixture } from '../../test/helpers/portal';
import { inParallel, type BenchContext } from './context';
import { signInPortal, trpcCall } from './http';

/** One corporate billing contact signed in to the portal, with an open invoice of 1,000.00 and a card. */
interface InvoicePaymentLane {
  cookie: string;
  invoiceId: string;
  card: string;
}

/**
 * CP-6 / WF-5 as the pay page does it, over HTTP: Paga (5.00 of the invoice, by card) → poll the
 * payment's progress until its receipt is recorded (charged, recorded against the invoice by the order
 * core; the receipt email may still be going out). Milliseconds from Paga to the receipt.
 */
async function payOnce(app: string, lane: InvoicePaymentLane): Promise<number> {
  const t0 = performance.now();
  const paid = (await trpcCall(app, lane.cookie, 'portal.invoices.payment.pay', { invoiceId: lane.invoiceId, amount: '500', paymentMethodId: lane.card, idempotencyKey: randomUUID().replace(/-/g, '') })) as { orderId: string; payment: { status: string } | null };
  if (paid.payment?.status !== 'succeeded') throw new Error(`bench invoice payment ${paid.orderId}: ${paid.payment?.status}`);
  for (;;) {
    const p = (await trpcCall(app, lane.cookie, 'portal.invoices.payment.progress', { orderId: paid.orderId }, 'GET')) as { receipt: unknown; status?: string };
    if (p.receipt) break;
    if (p.status === 'failed' || p.status === 'cancelled') throw new Error(`bench invoice payment ${paid.orderId} ${p.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - t0;
}

/** CP-6 / WF-5: pay part of an invoice → recorded, at 1 user and 20 concurrent users, next to the bare workflow. */
export async function benchInvoicePayments(ctx: BenchContext) {
  const USERS = 20;
  const lanes: InvoicePaymentLane[] = [];
  for (let i = 0; i < USERS; i++) {
    const f = await corporateFixture(ctx.db, { invoices: 1 });
    lanes.push({ cookie: await signInPortal(ctx.app, f.loginId, 'seatplan-demo'), invoiceId: f.invoiceIds[0]!, card: await ctx.newCard() });
  }
  for (const lane of lanes.slice(0, 3)) await payOnce(ctx.app, lane); // warm-up: compiles the routes
  const runs = Math.max(USERS, Math.round(ctx.runs / 4));
  const sequential: number[] = [];
  for (let i = 0; i < runs; i++) sequential.push(await payOnce(ctx.app, lanes[i % lanes.length]!));
  ctx.report.addLatency('wf5@1', 'CP-6 / WF-5 invoice payment, 1 user: Paga (part of an invoice, card) → recorded against the invoice (HTTP, polled every 10 ms)', sequential, { vs: 'bare@1' });
  const perUser = Math.max(1, Math.ceil(runs / USERS));
  const concurrent: number[] = [];
  const wall = await inParallel(lanes, USERS, async (lane) => {
    for (let i = 0; i < perUser; i++) concurrent.push(await payOnce(ctx.app, lane));
  });
  ctx.report.addLatency('wf5@20', `CP-6 / WF-5 invoice payment, ${USERS} concurrent users: Paga → recorded`, concurrent, { vs: 'bare@20', throughput: (1000 * concurrent.length) / wall });
}
