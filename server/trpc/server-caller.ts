import 'server-only';
import { createCaller } from './root';
import { createRequestContext } from './context';

/** For server components: the same procedures, the same authorization, no HTTP hop. */
export async function serverCaller() {
  return createCaller(await createRequestContext());
}
