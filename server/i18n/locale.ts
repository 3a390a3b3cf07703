/**
 * The languages Seatplan speaks — the one definition every layer uses (pages, emails, PDFs, errors,
 * the users table). Pure: imported by the database schema and by client components too.
 */
export const LOCALES = ['en', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'it';

/** A stored or requested language, English when it is not one we speak. */
export const toLocale = (v: unknown): Locale => (isLocale(v) ? v : 'en');

/** The BCP 47 tag for Intl formatters and document metadata. */
export const intlTag = (locale: Locale): string => (locale === 'it' ? 'it-IT' : 'en-US');
