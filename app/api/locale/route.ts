import { NextResponse, type NextRequest } from 'next/server';
import { env } from '../../../server/env';
import { isLocale, translate } from '../../../server/i18n/messages';
import { getLocale, LOCALE_COOKIE } from '../../../server/i18n/server';

/**
 * Stores the chosen language and returns to the page the switch was used on (same origin only).
 * "Same origin" is the public APP_URL (or the URL the request reached): behind `next start` the
 * request's own URL may name another host (localhost for 127.0.0.1), which once sent everyone home.
 */
export async function POST(req: NextRequest) {
  // The language switch posts a small form; any other body (JSON, empty, huge) is refused, not a 500.
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const size = Number(req.headers.get('content-length') ?? '0');
  const form = (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') && size <= 4096 ? await req.formData().catch(() => null) : null;
  const locale = form?.get('locale');
  if (!isLocale(locale)) {
    return new Response(translate(await getLocale(), 'errors.locale.invalid'), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const back = req.headers.get('referer');
  const home = new URL('/', env().APP_URL);
  const ours = new Set([home.origin, req.nextUrl.origin]);
  const target = back && URL.canParse(back) && ours.has(new URL(back).origin) ? back : home.toString();
  const res = NextResponse.redirect(target, 303);
  res.cookies.set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  return res;
}
