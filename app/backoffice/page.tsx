import { Link } from '../_components/link';
import { getT } from '../../server/i18n/server';
import { serverCaller } from '../../server/trpc/server-caller';
import { formatAge } from '../_components/format';
import { orSignIn } from '../_components/guard';
import { PageTitle } from '../_components/page-title';

export const dynamic = 'force-dynamic';

/** Back office home: what waits for the signed-in staff member — requests, accounts, stuck and failed orders. */
export default async function BackOfficeHome() {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', '/backoffice');
  const home = await caller.staff.home();
  const card = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{t('staff.home.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('staff.home.title')}</h1>
      <p className="text-slate-700">{t('staff.signedInAs', { name: me.name, role: t(`staff.role.${me.role}`) })}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        {home.requests && (
          <section aria-labelledby="home-requests" className={card}>
            <h2 id="home-requests" className="text-lg font-semibold">{t('bo.home.requests')}</h2>
            <p className="mt-2 text-3xl font-semibold" data-testid="unresolved-requests">{home.requests.unresolved}</p>
            <p className="text-sm text-slate-700">
              {t('bo.home.requestsDetail', { unassigned: home.requests.unassigned, mine: home.requests.mine })}
              {home.requests.oldest && <> {t('bo.home.oldest', { age: formatAge(Math.floor((Date.now() - home.requests.oldest.getTime()) / 1000), locale) })}</>}
            </p>
            <p className="mt-3"><Link className="text-brand-700 underline" href="/backoffice/requests">{t('bo.home.openQueue')}</Link></p>
          </section>
        )}
        {me.can.accounts && (
          <section aria-labelledby="home-accounts" className={card}>
            <h2 id="home-accounts" className="text-lg font-semibold">{me.role === 'sales_rep' ? t('staff.accounts') : t('bo.home.allAccounts')}</h2>
            <p className="mt-2 text-3xl font-semibold">{home.accounts}</p>
            {home.accounts === 0 && <p className="text-sm text-slate-700">{t('staff.noAccounts')}</p>}
            <p className="mt-3"><Link className="text-brand-700 underline" href="/backoffice/accounts">{t('bo.home.openAccounts')}</Link></p>
          </section>
        )}
        {home.orders && (
          <section aria-labelledby="home-orders" className={card}>
            <h2 id="home-orders" className="text-lg font-semibold">{t('bo.home.orders')}</h2>
            <p className="mt-2 text-3xl font-semibold" data-testid="stuck-orders">{home.orders.stuck}</p>
            <p className="text-sm text-slate-700">{t('bo.home.stuckDetail', { minutes: home.orders.stuckAfterMinutes })}</p>
            <p className="mt-3 flex flex-wrap gap-4">
              <Link className="text-brand-700 underline" href="/backoffice/orders?stuck=1">{t('bo.home.openStuck')}</Link>
              <Link className="text-brand-700 underline" href="/backoffice/orders/failed">{t('bo.home.failures', { n: home.orders.failedLastDay })}</Link>
            </p>
          </section>
        )}
      </div>
      {me.temporalUiUrl && (
        <p><a href={me.temporalUiUrl} className="text-brand-700 underline" target="_blank" rel="noopener noreferrer">{t('staff.temporal')}</a></p>
      )}
    </div>
  );
}
