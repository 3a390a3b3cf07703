/**
 * Messages handed over by key (workflows/shared.ts `UserMessage`) — a workflow's refusal, an order's
 * failure reason — rendered in the reader's language, and stored that way on the order.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { UserMessage } from '../../workflows/shared';
import type { Locale } from './locale';
import { isMessageKey, translate, type MessageKey, type MessageParams } from './messages';

export type { UserMessage } from '../../workflows/shared';

/** A message by key of our tables (typed at the call site, plain data on the wire and in history). */
export interface KeyedMessage extends UserMessage {
  key: MessageKey;
  params?: MessageParams;
}
export const userMessage = (key: MessageKey, params?: MessageParams): KeyedMessage => (params ? { key, params } : { key });

/**
 * The text of a message for `locale`. A string is legacy English text (an activity scheduled by a
 * workflow before messages went by key) and prints as it is; an unknown key prints as the generic error.
 */
export function renderUserMessage(locale: Locale, m: UserMessage | string): string {
  if (typeof m === 'string') return m;
  return isMessageKey(m.key) ? translate(locale, m.key, m.params) : translate(locale, 'error.generic');
}

/** A workflow's refusal (an update validator's ApplicationFailure, typed by message key) as a message. */
export function workflowRefusal(cause: unknown): KeyedMessage {
  return cause instanceof ApplicationFailure && isMessageKey(cause.type) ? { key: cause.type } : { key: 'errors.workflow.refused' };
}

/** The order columns that record why it did not go through: the key for readers, the English text for operations. */
export function orderFailureColumns(m: UserMessage | string) {
  return typeof m === 'string'
    ? { failure_reason: m, failure_key: null, failure_params: null }
    : { failure_reason: renderUserMessage('en', m), failure_key: m.key, failure_params: m.params ?? null };
}

/** An order's stored failure in the reader's language (rows from before 0015 have only the English text). */
export function renderOrderFailure(locale: Locale, o: { failure_reason: string | null; failure_key: string | null; failure_params: MessageParams | null }): string | null {
  if (o.failure_key) return renderUserMessage(locale, { key: o.failure_key, params: o.failure_params ?? undefined });
  return o.failure_reason;
}
