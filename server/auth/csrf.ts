/**
 * CSRF guard for tRPC mutations (POST /api/trpc). A mutation is accepted only when
 * - it carries `Content-Type: application/json` — a cross-site HTML form cannot send that, and a
 *   cross-site fetch() that does needs a CORS preflight, which we never grant; and
 * - the browser does not say it comes from another site: `Origin`, when present, is our own, and
 *   `Sec-Fetch-Site`, when present, is `same-origin` (or `none`, typed by the user).
 * The session cookie is also SameSite=Lax, so it does not ride along on cross-site POSTs anyway.
 * next-auth's own POSTs (sign-in, sign-out) carry its double-submit CSRF token.
 */
export function crossSiteRefusal(req: { method: string; headers: Headers; url: string }, appUrl: string): string | null {
  if (req.method !== 'POST') return null;
  const allowedOrigins = new Set([new URL(appUrl).origin, new URL(req.url).origin]);
  const origin = req.headers.get('origin');
  if (origin && !allowedOrigins.has(origin)) return 'Cross-site request refused.';
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return 'Cross-site request refused.';
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return 'Mutations must be sent as JSON.';
  return null;
}
