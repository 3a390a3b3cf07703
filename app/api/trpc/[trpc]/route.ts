import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/trpc/root';
import { createRequestContext } from '../../../../server/trpc/context';
import { env } from '../../../../server/env';
import { crossSiteRefusal } from '../../../../server/auth/csrf';

export const dynamic = 'force-dynamic';

function handler(req: Request) {
  // CSRF: a mutation must come from our own pages (server/auth/csrf.ts says how that is told).
  const refusal = crossSiteRefusal(req, env().APP_URL);
  if (refusal) return new Response(JSON.stringify({ error: refusal }), { status: 403, headers: { 'content-type': 'application/json' } });
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: createRequestContext,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
