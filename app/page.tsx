import { Link } from './_components/link';
import { getT } from '../server/i18n/server';
import { PageTitle } from './_components/page-title';

export default async function Home() {
  const { t } = await getT();
  return (
    <div className="space-y-6">
      <PageTitle>{t('home.title')}</PageTitle>
      <h1 className="text-3xl font-semibold">{t('home.title')}</h1>
      <p className="text-slate-700">{t('home.lead')}</p>
      <p>
        <Link href="/billing/subscriptions" className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          {t('home.billingCenter')}
        </Link>
      </p>
    </div>
  );
}
