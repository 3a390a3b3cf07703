/**
 * Typed errors that services throw; the tRPC error formatter maps `kind` to a tRPC code, and the
 * message is what the user reads — so it is written for them, never a stack trace.
 */
export type AppErrorKind = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  override name = 'AppError';
  constructor(public readonly kind: AppErrorKind, message: string, public readonly details?: Record<string, unknown>) {
    super(message);
  }
}

export const badRequest = (m: string, d?: Record<string, unknown>) => new AppError('BAD_REQUEST', m, d);
export const forbidden = (m = 'You are not allowed to do that.') => new AppError('FORBIDDEN', m);
export const notFound = (m = 'Not found.') => new AppError('NOT_FOUND', m);
export const conflict = (m: string, d?: Record<string, unknown>) => new AppError('CONFLICT', m, d);
