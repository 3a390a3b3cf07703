/** @type {import('next').NextConfig} */
// Headers that never depend on the configuration. The Content-Security-Policy (which names the
// Stripe origin in use) and HSTS (only behind https) are decided at run time: proxy.ts.
const securityHeaders = [
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
  // Server code is not minified: it never reaches a browser, and minifying it was ~7 of the build's ~50
  // CPU-seconds on a fresh clone's first start (client bundles are still minified).
  experimental: { serverMinification: false },
  // Native and server-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ['@temporalio/client', '@temporalio/common', '@temporalio/workflow', '@temporalio/proto', '@temporalio/core-bridge', '@temporalio/worker', '@node-rs/argon2', 'pg', 'stripe', 'nodemailer'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
