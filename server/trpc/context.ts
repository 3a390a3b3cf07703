import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { claimsFromSessionToken, sessionTokenFrom, usesSecureCookies, type SessionClaims } from '../auth/session-token';
import { clientAddress } from '../auth/client-ip';
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
  const jar = await cookies();
  const e = env();
  return claimsFromSessionToken(sessionTokenFrom((name) => jar.get(name)?.value, usesSecureCookies(e.APP_URL)), e.AUTH_SECRET);
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
