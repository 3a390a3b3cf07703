import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/trpc/root';
import { createRequestContext } from '../../../../server/trpc/context';
import { env } from '../../../../server/env';

export const dynamic = 'force-dynamic';

function handler(req: Request) {
  // CSRF: a mutation must come from our own pages (browsers always send Origin on cross-site POSTs).
  if (req.method === 'POST') {
    const origin = req.headers.get('origin');
    if (origin && origin !== new URL(env().APP_URL).origin && origin !== new URL(req.url).origin) {
      return new Response(JSON.stringify({ error: 'Cross-site request refused.' }), { status: 403 });
    }
  }
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
