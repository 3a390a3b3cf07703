import { Link } from './_components/link';
import { getT } from '../server/i18n/server';
import { PageTitle } from './_components/page-title';

/** Every 404 (an unknown address, or a page's notFound()), in the viewer's language and with its own title. */
export default async function NotFound() {
  const { t } = await getT();
  return (
    <div className="space-y-4">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <p className="text-slate-700">{t('notFound.body')}</p>
      <p><Link href="/" className="text-brand-700 underline">{t('notFound.home')}</Link></p>
    </div>
  );
}
