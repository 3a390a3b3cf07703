/**
 * Request size limits for the route handlers that read a body (issue 14 item 9): a body is read
 * only up to its limit, whatever Content-Length claims, so a huge or endless upload costs at most
 * that much memory before it is refused with 413.
 */
export const LIMITS = {
  /** tRPC: the largest legitimate body (a batch of mutations with a 2,000-character message) is a few kB. */
  trpcBodyBytes: 100 * 1024,
  /** tRPC: calls in one batch (the browser client batches at most as many). */
  trpcBatchSize: 10,
  /** Stripe webhooks: events are a few kB; Stripe documents no event above a few hundred kB. */
  webhookBodyBytes: 512 * 1024,
} as const;

/** The body as text, or null when it is larger than `maxBytes` (reading stops there). */
export async function readBodyWithin(req: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
