import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { env } from '../../server/env';
import { createStripeGateway, type PaymentGateway } from '../../server/payments/stripe-gateway';
import { createCaller } from '../../server/trpc/root';
import type { SessionClaims } from '../../server/auth/options';
import type { Locale } from '../../server/i18n/messages';

let gateway: PaymentGateway | undefined;
/** The Stripe gateway (localstripe) of callers made by the test helpers, like the web server's one. */
export const testPayments = () => (gateway ??= createStripeGateway(env()));

/** A tRPC caller as the given product user (looked up by email), or anonymous — same path as HTTP, minus HTTP. */
export async function callerFor(deps: { db: Db; client: Client; taskQueue: string; now?: () => Date }, who: { productEmail: string } | 'anonymous', locale: Locale = 'en') {
  let session: SessionClaims | null = null;
  if (who !== 'anonymous') {
    const user = await deps.db.selectFrom('users').select('id').where('email', '=', who.productEmail).executeTakeFirstOrThrow();
    session = { realm: 'product', subjectId: user.id, issuedAt: Math.floor(Date.now() / 1000) };
  }
  return createCaller({ db: deps.db, temporal: async () => deps.client, taskQueue: deps.taskQueue, payments: testPayments(), now: deps.now ?? (() => new Date()), session, locale });
}

/** A tRPC caller as a Corporate Billing Portal user (by portal user ID), with a real Temporal client. */
export async function portalCallerFor(deps: { db: Db; client: Client; taskQueue: string; now?: () => Date }, loginId: string, locale: Locale = 'en') {
  const c = await deps.db.selectFrom('portal_credentials').select(['id', 'account_id']).where('login_id', '=', loginId).executeTakeFirstOrThrow();
  const session: SessionClaims = { realm: 'portal', subjectId: c.id, issuedAt: Math.floor(Date.now() / 1000), accountId: c.account_id, role: 'billing_contact' };
  return createCaller({ db: deps.db, temporal: async () => deps.client, taskQueue: deps.taskQueue, payments: testPayments(), now: deps.now ?? (() => new Date()), session, locale });
}

/**
 * A product user's caller in a web server that cannot reach Temporal (every call to it fails as a
 * refused connection): an order commits and its workflow never hears of it — the recovery tests' fault.
 */
export function callerWithoutTemporal(deps: { db: Db; taskQueue: string }, userId: string) {
  return createCaller({
    db: deps.db,
    temporal: async () => {
      throw new Error('connect ECONNREFUSED (Temporal is down)');
    },
    taskQueue: deps.taskQueue,
    payments: testPayments(),
    now: () => new Date(),
    session: { realm: 'product', subjectId: userId, issuedAt: Math.floor(Date.now() / 1000) },
  });
}

/** Starts a trial of the product as the caller and waits until its WF-1 workflow has made it a running trial. */
export async function startedTrial(caller: Awaited<ReturnType<typeof callerFor>>, productId: string): Promise<string> {
  const { subscriptionId } = await caller.subscriptions.startTrial({ productId });
  for (let i = 0; i < 200; i++) {
    if ((await caller.subscriptions.status({ subscriptionId })).status === 'trial') return subscriptionId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('trial did not start');
}
