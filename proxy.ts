import { NextResponse } from 'next/server';
import { securityHeaders } from './server/security-headers';

// Next's request proxy (formerly middleware): sets the run-time security headers of every page and
// route (server/security-headers.ts); the static ones are in next.config.mjs.
export function proxy() {
  const res = NextResponse.next();
  const headers = securityHeaders({
    appUrl: process.env.APP_URL ?? 'http://localhost:3000',
    stripeApiBase: process.env.STRIPE_API_BASE || undefined,
    development: process.env.NODE_ENV === 'development',
  });
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

export const config = {
  // Not for the build's static files: they are not documents.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
