/** @type {import('next').NextConfig} */
// Stripe.js (card fields, 3-D Secure) loads from Stripe; in dev and tests from localstripe on loopback,
// whose port depends on the instance, hence the loopback wildcard.
const stripeSources = "https://js.stripe.com https://*.stripe.com http://localhost:* http://127.0.0.1:*";
const securityHeaders = [
  // Everything is served by us: no CDN fonts or scripts. 'unsafe-inline' for styles/scripts is what
  // Next's inline bootstrap needs without nonces; framing is refused outright.
  {
    key: 'Content-Security-Policy',
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline' " + stripeSources + (process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self' " + stripeSources,
      "frame-src https://js.stripe.com https://hooks.stripe.com",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
    ].join('; '),
  },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig = {
  // Per-instance build folders let parallel `npm test` runs coexist (see scripts/stack/profile.ts).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // Types are checked once for the whole project by `npm test` (tsc --noEmit), not again per build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ['@temporalio/client', '@temporalio/common', '@temporalio/workflow', '@temporalio/proto', '@temporalio/core-bridge', '@temporalio/worker', '@node-rs/argon2', 'pg', 'stripe', 'nodemailer'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
