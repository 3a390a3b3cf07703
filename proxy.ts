import { NextResponse, type NextRequest } from 'next/server';
import { securityHeaders } from './server/security-headers';
import { sessionRenewal } from './server/auth/session-renewal';

// Next's request proxy (formerly middleware): sets the run-time security headers of every page and
// route (server/security-headers.ts; the static ones are in next.config.mjs), and slides the
// session's idle expiry while it is used (server/auth/session-renewal.ts).
const headers = securityHeaders({
  appUrl: process.env.APP_URL ?? 'http://localhost:3000',
  stripeApiBase: process.env.STRIPE_API_BASE || undefined,
  development: process.env.NODE_ENV === 'development',
});

export async function proxy(req: NextRequest) {
  const res = NextResponse.next();
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  const secret = process.env.AUTH_SECRET;
  if (secret) {
    const renew = await sessionRenewal({ pathname: req.nextUrl.pathname, cookie: (name) => req.cookies.get(name)?.value }, { appUrl: process.env.APP_URL ?? 'http://localhost:3000', secret });
    for (const c of renew) res.cookies.set(c.name, c.value, c.options);
  }
  return res;
}

export const config = {
  // Not for the build's static files: they are not documents.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
