import type { MessageKey } from '../../../server/i18n/messages';
import { PageTitle } from '../../_components/page-title';

/** What a staff member sees on a back-office page their role cannot open. */
export function NotAllowed({ t }: { t: (key: MessageKey) => string }) {
  return (
    <div className="space-y-2">
      <PageTitle realm="backoffice">{t('bo.notAllowed.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('bo.notAllowed.title')}</h1>
      <p className="text-slate-700">{t('bo.notAllowed.body')}</p>
    </div>
  );
}
