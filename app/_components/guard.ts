import 'server-only';
import { TRPCError } from '@trpc/server';
import { redirect } from 'next/navigation';

/** Runs a procedure for a page; a visitor who is not (or no longer) signed in to its realm is sent to sign in. */
export async function orSignIn<T>(call: Promise<T>, signInPath: string, back: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect(`${signInPath}?callbackUrl=${encodeURIComponent(back)}`);
    throw err;
  }
}

export const isForbidden = (err: unknown) => err instanceof TRPCError && err.code === 'FORBIDDEN';

export { safeNext, searchParam } from '../../server/auth/redirects';
