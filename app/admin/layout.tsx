import { Link } from '../_components/link';
import { getT } from '../../server/i18n/server';

/** Admin Center (003): a left navigation with "Add licenses". */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const { t } = await getT();
  const link = 'block rounded px-3 py-2 hover:bg-slate-100 hover:underline';
  return (
    <div className="grid gap-8 sm:grid-cols-[12rem_1fr]">
      <nav aria-label={t('admin.nav')} className="text-sm">
        <p className="px-3 pb-2 font-semibold text-slate-800">{t('admin.title')}</p>
        <ul className="space-y-1">
          <li><Link href="/admin" className={link}>{t('admin.overview')}</Link></li>
          <li><Link href="/admin/add-licenses" className={link}>{t('admin.addLicenses')}</Link></li>
        </ul>
      </nav>
      <div>{children}</div>
    </div>
  );
}
