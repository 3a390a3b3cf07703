import Link from 'next/link';
import { getT } from '../../server/i18n/server';
import { serverCaller } from '../../server/trpc/server-caller';
import { orSignIn } from '../_components/guard';

export const dynamic = 'force-dynamic';

/** Back office home: who is signed in; a sales rep's corporate accounts; the Temporal UI for ops. */
export default async function BackOfficeHome() {
  const { t } = await getT();
  const me = await orSignIn((await serverCaller()).staff.me(), '/backoffice/signin', '/backoffice');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('staff.home.title')}</h1>
      <p className="text-slate-700">{t('staff.signedInAs', { name: me.name, role: t(`staff.role.${me.role}`) })}</p>
      {me.role === 'sales_rep' && (
        <section aria-labelledby="accounts">
          <h2 id="accounts" className="text-lg font-semibold">{t('staff.accounts')}</h2>
          {me.accounts.length === 0 ? (
            <p className="text-slate-700">{t('staff.noAccounts')}</p>
          ) : (
            <ul className="mt-2 list-disc pl-6">{me.accounts.map((a) => <li key={a.id}>{a.name}</li>)}</ul>
          )}
        </section>
      )}
      <p><Link href="/backoffice/quotes" className="text-brand-700 underline">{t('bo.quotes.title')}</Link></p>
      {me.temporalUiUrl && (
        <p><Link href={me.temporalUiUrl} className="text-brand-700 underline">{t('staff.temporal')}</Link></p>
      )}
    </div>
  );
}
