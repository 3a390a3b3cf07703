/**
 * Typed errors that services throw; the tRPC layer maps `kind` to a tRPC code and translates the
 * message key into the caller's language (server/trpc/init.ts). There is one way to raise an error a
 * user reads: `userError(kind, key, params)`, with the key in the English and Italian tables of
 * server/i18n. `message` keeps the English text for logs.
 */
import { translate, type MessageKey, type MessageParams } from './i18n/messages';

/** SERVICE_UNAVAILABLE: a part the request needs (Temporal) cannot be reached; nothing was done that a retry would repeat. */
export type AppErrorKind = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    public readonly kind: AppErrorKind,
    /** The user's message by key, translated per caller. */
    public readonly key: MessageKey,
    public readonly params: MessageParams = {},
    public readonly details?: Record<string, unknown>,
  ) {
    super(translate('en', key, params));
  }
}

/** An error a user reads, by message key: the caller sees it in their language. */
export function userError(kind: AppErrorKind, key: MessageKey, params?: MessageParams, details?: Record<string, unknown>): AppError {
  return new AppError(kind, key, params, details);
}
