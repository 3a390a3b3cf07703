import { TRPCClientError } from '@trpc/client';

/**
 * Errors of the portal's forms, by field, in the viewer's language. The shared schemas' messages are
 * message keys: the page passes the translations (`messages`), and the server's answer is already
 * translated (the tRPC error formatter), naming its field in `fieldErrors` or `details.field`.
 */
export type FieldErrors = Record<string, string>;

export const fill = (template: string, params: Record<string, unknown> = {}) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));

export function issuesToErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; params?: unknown }>, messages: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const field = String(i.path[0] ?? 'form');
    out[field] ??= fill(messages[i.message] ?? i.message, (i.params ?? {}) as Record<string, unknown>);
  }
  return out;
}

/** A message for one field that a client step produced (e.g. Stripe.js declining a card). */
export class FieldError extends Error {
  constructor(public readonly field: string, message: string) {
    super(message);
  }
}

export function serverErrors(err: unknown, fallback: string): FieldErrors {
  if (err instanceof FieldError) return { [err.field]: err.message };
  if (!(err instanceof TRPCClientError)) return { form: fallback };
  const data = err.data as { fieldErrors?: Record<string, string[] | undefined>; details?: { field?: string } } | undefined;
  const byField = Object.entries(data?.fieldErrors ?? {}).filter(([, v]) => v?.length);
  if (byField.length) return Object.fromEntries(byField.map(([k, v]) => [k, v![0]!]));
  return { [data?.details?.field ?? 'form']: err.message || fallback };
}
