'use client';

import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { LIMITS } from '../../server/http-limits';
import type { AppRouter } from '../../server/trpc/root';

/** The browser's tRPC client (types only from the server; no server code reaches the bundle). */
export const trpc = createTRPCClient<AppRouter>({
  // No more calls per batch than the server accepts (server/http-limits.ts).
  links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: LIMITS.trpcBatchSize })],
});
