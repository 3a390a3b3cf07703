/**
 * The Content-Security-Policy and HSTS headers of every page and route (issue 14 item 9), decided
 * at run time from the configuration — not at build time, since one build serves every
 * environment: with real Stripe the policy names Stripe only; with localstripe (STRIPE_API_BASE) it
 * names that one origin, never a loopback wildcard. HSTS is sent only when the public URL is https.
 * Pure; proxy.ts applies it.
 */
export interface SecurityHeaderOptions {
  appUrl: string;
  /** Set only for localstripe (a Stripe-compatible fake); its origin serves Stripe.js and the API. */
  stripeApiBase?: string;
  development: boolean;
}

export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  const stripe = ['https://js.stripe.com', 'https://*.stripe.com', ...(o.stripeApiBase ? [new URL(o.stripeApiBase).origin] : [])].join(' ');
  // 'unsafe-inline' for styles and scripts is what Next's inline bootstrap needs without nonces;
  // everything else is served by us (no CDN fonts or scripts); framing is refused outright.
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' ${stripe}${o.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${stripe}`,
    'frame-src https://js.stripe.com https://hooks.stripe.com',
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
  const headers: Record<string, string> = { 'Content-Security-Policy': csp };
  if (new URL(o.appUrl).protocol === 'https:') headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}
