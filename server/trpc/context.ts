import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { authOptions, type SessionClaims } from '../auth/options';
import { clientAddress } from '../auth/client-ip';
import { REALMS } from '../auth/forms';
import { getDb, getMailer, getOrderChanges, getPayments } from '../deps';
import { getTemporalClient } from '../temporal/client';
import { env } from '../env';
import { getLocale } from '../i18n/server';
import type { Context } from './init';

/**
 * The signed-in identity from the next-auth JWT cookie, or null. Decoded once per request: the layout's
 * navigation and the page's procedures ask for it on the same request (React `cache` is request-scoped
 * in server components).
 */
export const getSessionClaims = cache(async function getSessionClaims(): Promise<SessionClaims | null> {
  const session = (await getServerSession(authOptions())) as (Partial<SessionClaims> & object) | null;
  // A token without a session ID predates server-side revocation (it could not be signed out): refused.
  if (!session?.realm || !REALMS.includes(session.realm) || !session.subjectId || !session.issuedAt || !session.sessionId) return null;
  return { realm: session.realm, subjectId: session.subjectId, issuedAt: session.issuedAt, accountId: session.accountId ?? null, role: session.role, sessionId: session.sessionId };
});

/** For the tRPC route (the fetch adapter passes the request) and for server components (no request: Next's headers()). */
export async function createRequestContext(opts?: { req?: Request }): Promise<Context> {
  const forwardedFor = opts?.req ? opts.req.headers.get('x-forwarded-for') : (await headers()).get('x-forwarded-for');
  return {
    db: getDb(),
    temporal: getTemporalClient,
    now: () => new Date(),
    taskQueue: env().TEMPORAL_TASK_QUEUE,
    payments: getPayments(),
    session: await getSessionClaims(),
    clientIp: clientAddress(forwardedFor, env().TRUSTED_PROXIES),
    mailer: getMailer(),
    orderChanges: getOrderChanges(),
    locale: await getLocale(),
    principal: {},
  };
}
