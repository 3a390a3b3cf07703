import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/trpc/root';
import { createRequestContext } from '../../../../server/trpc/context';
import { env } from '../../../../server/env';
import { crossSiteRefusal } from '../../../../server/auth/csrf';
import { LIMITS, readBodyWithin } from '../../../../server/http-limits';
import { translate } from '../../../../server/i18n/messages';
import { getLocale } from '../../../../server/i18n/server';

export const dynamic = 'force-dynamic';

const refuse = (status: number, error: string) => new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json' } });

async function handler(req: Request) {
  // CSRF: a mutation must come from our own pages (server/auth/csrf.ts says how that is told).
  const refusal = crossSiteRefusal(req, env().APP_URL);
  if (refusal) return refuse(403, refusal);
  // A body is read only up to its limit (GET inputs are bounded by the server's URL length limit).
  let request = req;
  if (req.method === 'POST') {
    const body = await readBodyWithin(req, LIMITS.trpcBodyBytes);
    if (body === null) return refuse(413, translate(await getLocale(), 'errors.request.tooLarge'));
    request = new Request(req.url, { method: 'POST', headers: req.headers, body });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: createRequestContext,
    // A batch of more calls than the browser client ever sends is refused (400) before any runs.
    maxBatchSize: LIMITS.trpcBatchSize,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
