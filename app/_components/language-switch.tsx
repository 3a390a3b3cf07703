import type { Locale } from '../../server/i18n/messages';

/** A plain form: works without JavaScript, and the server sets the cookie. */
export function LanguageSwitch({ locale, label }: { locale: Locale; label: string }) {
  return (
    <form action="/api/locale" method="post" className="flex items-center gap-1" aria-label={label}>
      {(['en', 'it'] as const).map((l) => (
        <button
          key={l}
          name="locale"
          value={l}
          aria-pressed={l === locale}
          className={`rounded px-2 py-1 text-xs font-medium uppercase ${l === locale ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
        >
          {l === 'en' ? 'English' : 'Italiano'}
        </button>
      ))}
    </form>
  );
}
