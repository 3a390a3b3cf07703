import { getT } from '../../server/i18n/server';
import { serverCaller } from '../../server/trpc/server-caller';
import { orSignIn } from '../_components/guard';
import { PageTitle } from '../_components/page-title';

export const dynamic = 'force-dynamic';

export default async function AdminHome() {
  const { t } = await getT();
  const me = await orSignIn((await serverCaller()).account.whoami(), '/signin', '/admin');
  const isAdmin = me.profile.role === 'account_admin' || me.profile.isBillingContact;
  return (
    <div className="space-y-4">
      <PageTitle realm="admin">{t('admin.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('admin.title')}</h1>
      <p className="text-slate-700">{isAdmin ? t('admin.welcome') : t('admin.notAdmin')}</p>
    </div>
  );
}
