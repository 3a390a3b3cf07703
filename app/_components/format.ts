import type { Locale } from '../../server/i18n/messages';

function makeFormatters(locale: Locale) {
  const tag = locale === 'it' ? 'it-IT' : 'en-US';
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hour12: false });
  return {
    date: (d: Date | null | undefined) => (d ? date.format(d) : '—'),
    dateTime: (d: Date | null | undefined) => (d ? `${dateTime.format(d)} UTC` : '—'),
  };
}

// Made once per language: an Intl formatter costs far more to make than to use, and pages format per row.
const byLocale = new Map<Locale, ReturnType<typeof makeFormatters>>();

/** Dates and times on staff, portal and Billing Center pages, in the viewer's language (UTC: the instants the database keeps). */
export function formatters(locale: Locale) {
  let f = byLocale.get(locale);
  if (!f) byLocale.set(locale, (f = makeFormatters(locale)));
  return f;
}

/** An age as a person says it: "45 min", "3 h 20 min", "2 d 4 h". */
export function formatAge(seconds: number, locale: Locale): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const day = locale === 'it' ? 'g' : 'd';
  if (d > 0) return h > 0 ? `${d} ${day} ${h} h` : `${d} ${day}`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${Math.max(m, 0)} min`;
}
