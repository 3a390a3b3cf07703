import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { authOptions } from '../../../../server/auth/options';
import { readBodyWithin } from '../../../../server/http-limits';

type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, authOptions());

/**
 * next-auth's posts (sign-in, sign-out, csrf) are small HTML-form bodies; anything else — JSON it
 * would try to parse and fail on (a 500), or a large body — is refused before it gets there.
 */
async function post(req: Request, ctx: Ctx) {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return new Response('Bad request', { status: 400 });
  const body = await readBodyWithin(req, 16 * 1024);
  if (body === null) return new Response('Payload too large', { status: 413 });
  // next-auth reads req.nextUrl: the body it gets is the one read within the limit, in a NextRequest.
  return handler(new NextRequest(req.url, { method: 'POST', headers: req.headers, body }), ctx);
}

export { handler as GET, post as POST };
