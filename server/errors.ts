/**
 * Typed errors that services throw; the tRPC error formatter maps `kind` to a tRPC code, and the
 * message is what the user reads — so it is written for them, never a stack trace.
 *
 * New code raises errors with `userError(kind, key, params)`: the message is a key of the message
 * tables in server/i18n (English and Italian), and the tRPC error formatter translates it into the
 * caller's language. `message` keeps the English text for logs.
 */
import { translate, type MessageKey, type MessageParams } from './i18n/messages';

export type AppErrorKind = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    public readonly kind: AppErrorKind,
    message: string,
    public readonly details?: Record<string, unknown>,
    /** The user's message by key, translated per caller; absent on errors still written as English text. */
    public readonly key?: MessageKey,
    public readonly params?: MessageParams,
  ) {
    super(message);
  }
}

/** An error a user reads, by message key: the caller sees it in their language. */
export function userError(kind: AppErrorKind, key: MessageKey, params?: MessageParams, details?: Record<string, unknown>): AppError {
  return new AppError(kind, translate('en', key, params), details, key, params);
}

export const badRequest = (m: string, d?: Record<string, unknown>) => new AppError('BAD_REQUEST', m, d);
export const forbidden = (m = 'You are not allowed to do that.') => new AppError('FORBIDDEN', m);
export const notFound = (m = 'Not found.') => new AppError('NOT_FOUND', m);
export const conflict = (m: string, d?: Record<string, unknown>) => new AppError('CONFLICT', m, d);
