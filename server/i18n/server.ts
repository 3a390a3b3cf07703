import 'server-only';
import { cookies, headers } from 'next/headers';
import { isLocale, translate, type Locale, type MessageKey } from './messages';

export const LOCALE_COOKIE = 'seatplan_locale';

/** The viewer's language: their explicit choice (cookie), else the browser's preference, else English. */
export async function getLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  const accept = (await headers()).get('accept-language') ?? '';
  return /^it\b/i.test(accept.trim()) ? 'it' : 'en';
}

export async function getT() {
  const locale = await getLocale();
  return { locale, t: (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars) };
}
