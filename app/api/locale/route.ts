import { NextResponse, type NextRequest } from 'next/server';
import { isLocale } from '../../../server/i18n/messages';
import { LOCALE_COOKIE } from '../../../server/i18n/server';

/** Stores the chosen language and returns to the page the switch was used on (same origin only). */
export async function POST(req: NextRequest) {
  const form = await req.formData();
  const locale = form.get('locale');
  const back = req.headers.get('referer');
  const target = back && new URL(back).origin === req.nextUrl.origin ? back : new URL('/', req.nextUrl).toString();
  const res = NextResponse.redirect(target, 303);
  if (isLocale(locale)) res.cookies.set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  return res;
}
