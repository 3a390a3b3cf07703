import type Stripe from 'stripe';
import type { Db } from '../../db/client';
import { createCorporateAccount } from '../../test/helpers/corporate';
import { workflowIds } from '../../workflows/shared';
import { inParallel, type BenchContext } from './context';
import { signInPortal, trpcCall } from './http';
import { addTimeline } from './timeline';

/** One bench billing contact of a corporate account with a card (localstripe), signed in to the portal. */
export interface ServiceOrderLane {
  cookie: string;
  adminUserId: string;
  adminName: string;
  adminEmail: string;
}

export async function createServiceOrderLanes(app: string, db: Db, stripe: Stripe, n: number): Promise<ServiceOrderLane[]> {
  const lanes: ServiceOrderLane[] = [];
  for (let i = 0; i < n; i++) {
    const customer = await stripe.customers.create({ name: `Bench corporate ${i}` });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } as never);
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const corp = await createCorporateAccount(db, { stripeCustomerId: customer.id, stripePaymentMethodId: pm.id });
    lanes.push({ cookie: await signInPortal(app, corp.portalLoginId, 'seatplan-demo'), adminUserId: corp.admin.id, adminName: corp.admin.name, adminEmail: corp.admin.email });
  }
  return lanes;
}

/**
 * CP-10 / WF-3 as the portal pages do it, over HTTP: Salva carrello e rivedi (the quote) → Salva e
 * procedi (the draft service order) → Effettua ordine di servizio → follow it until completed (charged,
 * seats provisioned with the embedded provisioner, invoiced; the receipt email may still be going out).
 * Returns milliseconds from the first request to the completed service order, and the service order.
 */
export async function serviceOrderOnce(app: string, lane: ServiceOrderLane): Promise<{ ms: number; serviceOrderId: string }> {
  const t0 = performance.now();
  const { quoteId } = (await trpcCall(app, lane.cookie, 'portal.addSeats.createQuote', { items: [{ productId: 'prd_meeting', seats: 1 }], supersedeOpenQuotes: false })) as { quoteId: string };
  const { serviceOrderId } = (await trpcCall(app, lane.cookie, 'portal.addSeats.saveServiceOrder', {
    quoteId, admin: { userId: lane.adminUserId, name: lane.adminName, email: lane.adminEmail }, billingAddress: { street: '1 Corporate Way', city: 'Springfield', postcode: '62704', region: 'IL' },
  })) as { serviceOrderId: string };
  await trpcCall(app, lane.cookie, 'portal.addSeats.placeServiceOrder', { serviceOrderId });
  let after: string | undefined;
  for (;;) {
    // As the service order page reads it: each read answers when the service order changed from the version last seen.
    const { status, version } = (await trpcCall(app, lane.cookie, 'portal.addSeats.serviceOrder', { serviceOrderId, after }, 'GET')) as { status: string; version: string };
    if (status === 'completed') break;
    if (status === 'failed' || status === 'compensated' || status === 'awaiting_payment') throw new Error(`bench service order ${serviceOrderId} ${status}`);
    after = version;
  }
  return { ms: performance.now() - t0, serviceOrderId };
}

/** WF-3 (CP-10): Place service order → completed at 1 user and 20 concurrent users, next to the bare workflow. */
export async function benchServiceOrders(ctx: BenchContext) {
  const USERS = 20;
  const lanes = await createServiceOrderLanes(ctx.app, ctx.db, ctx.stripe, USERS);
  for (const lane of lanes.slice(0, 3)) await serviceOrderOnce(ctx.app, lane); // warm-up: compiles the routes
  const runs = Math.max(USERS, Math.round(ctx.runs / 4));
  const sequential: number[] = [];
  const sequentialIds: string[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await serviceOrderOnce(ctx.app, lanes[i % lanes.length]!);
    sequential.push(r.ms);
    sequentialIds.push(r.serviceOrderId);
  }
  ctx.report.addLatency('wf3@1', 'WF-3 service order, 1 user: Save cart and review → Save and proceed → Place service order → completed (charged, provisioned, invoiced; HTTP, the page\'s read that waits for a change)', sequential, { vs: 'bare@1' });
  const perUser = Math.max(1, Math.ceil(runs / USERS));
  const concurrent: number[] = [];
  const concurrentIds: string[] = [];
  const wall = await inParallel(lanes, USERS, async (lane) => {
    for (let i = 0; i < perUser; i++) {
      const r = await serviceOrderOnce(ctx.app, lane);
      concurrent.push(r.ms);
      concurrentIds.push(r.serviceOrderId);
    }
  });
  ctx.report.addLatency('wf3@20', `WF-3 service order, ${USERS} concurrent users: Place service order → completed`, concurrent, { vs: 'bare@20', throughput: (1000 * concurrent.length) / wall });
  // The workflow's own share of those times (the rest is the HTTP requests that place the order and follow it).
  await addTimeline(ctx, 'wf3@1', sequentialIds.map(workflowIds.serviceOrder));
  await addTimeline(ctx, 'wf3@20', concurrentIds.map(workflowIds.serviceOrder));
}
