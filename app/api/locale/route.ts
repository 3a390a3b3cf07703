import { NextResponse, type NextRequest } from 'next/server';
import { env } from '../../../server/env';
import { isLocale } from '../../../server/i18n/messages';
import { LOCALE_COOKIE } from '../../../server/i18n/server';

/**
 * Stores the chosen language and returns to the page the switch was used on (same origin only).
 * "Same origin" is the public APP_URL (or the URL the request reached): behind `next start` the
 * request's own URL may name another host (localhost for 127.0.0.1), which once sent everyone home.
 */
export async function POST(req: NextRequest) {
  const form = await req.formData();
  const locale = form.get('locale');
  const back = req.headers.get('referer');
  const home = new URL('/', env().APP_URL);
  const ours = new Set([home.origin, req.nextUrl.origin]);
  const target = back && URL.canParse(back) && ours.has(new URL(back).origin) ? back : home.toString();
  const res = NextResponse.redirect(target, 303);
  if (isLocale(locale)) res.cookies.set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  return res;
}
