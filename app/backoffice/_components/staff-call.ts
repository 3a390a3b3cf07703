import 'server-only';
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';

/**
 * Runs a back-office procedure for a page: not signed in (or no longer) → the staff sign-in; an
 * account, request or order this staff member may not see, or a malformed ID → 404, the same answer as
 * for one that does not exist.
 */
export async function staffCall<T>(call: Promise<T>, back: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect(`/backoffice/signin?callbackUrl=${encodeURIComponent(back)}`);
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST' || err.code === 'FORBIDDEN')) notFound();
    throw err;
  }
}

/** A query-string value as one string (Next gives arrays for repeated keys). */
export const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
