import { isCheckViolation, isRetryableTxError } from '../db/client';
import { userError, type AppError } from './errors';

/**
 * The database's guards (db/README.md) refuse what two requests racing each other would break; when
 * one of them is the outcome of a request, the user reads why in their language instead of a 500.
 * Only guards a person can trip by ordinary use are listed: the others are bugs, and stay 500s.
 */
export function guardViolationToAppError(err: unknown): AppError | null {
  // Two orders spent the same credit balance at once: the second finds it gone (credit_ledger trigger).
  if (isCheckViolation(err, 'credit_ledger_balance_not_negative')) {
    return userError('CONFLICT', 'errors.order.creditBalanceChanged', {}, { reason: 'credit_balance_changed' });
  }
  // A serialization failure or a deadlock between two requests: nothing was committed.
  if (isRetryableTxError(err)) return userError('CONFLICT', 'errors.request.concurrent', {}, { reason: 'concurrent_request' });
  return null;
}
