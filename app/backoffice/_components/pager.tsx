import { Link } from '../../_components/link';
import type { MessageKey } from '../../../server/i18n/messages';

/** Keyset pages go forward; "First page" starts over (shown once the visitor has moved on). */
export function Pager({ first, next, t }: { first: string | null; next: string | null; t: (key: MessageKey) => string }) {
  if (!first && !next) return null;
  return (
    <nav aria-label={t('bo.pages')} className="flex gap-4">
      {first && <Link className="text-brand-700 underline" href={first}>{t('bo.firstPage')}</Link>}
      {next && <Link className="text-brand-700 underline" href={next} rel="next">{t('bo.nextPage')}</Link>}
    </nav>
  );
}
