import 'server-only';
import { cache } from 'react';
import { createCaller } from './root';
import { createRequestContext } from './context';

/**
 * For server components: the same procedures, the same authorization, no HTTP hop. One caller (one
 * context) per request, so every procedure a page calls shares the person loaded for the first one.
 */
export const serverCaller = cache(async function serverCaller() {
  return createCaller(await createRequestContext());
});
