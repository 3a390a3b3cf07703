import { Link } from '../../_components/link';
import { redirect } from 'next/navigation';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { isForbidden, orSignIn } from '../../_components/guard';
import { EmailBillingAdmin } from './email-billing-admin';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** AC-1 "Add licenses" (003): the three outcomes — Subscriptions page, contact the billing admin, or pick a product to go to the portal. */
export default async function AddLicensesPage() {
  const { t } = await getT();
  let result;
  try {
    result = await orSignIn((await serverCaller()).admin.addLicenses(), '/signin', '/admin/add-licenses');
  } catch (err) {
    if (!isForbidden(err)) throw err;
    return (
      <div className="space-y-4">
        <PageTitle realm="admin">{t('admin.addLicenses')}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('admin.addLicenses')}</h1>
        <p className="text-slate-700">{t('admin.notAdmin')}</p>
      </div>
    );
  }
  if (result.outcome === 'subscriptions') redirect('/billing/subscriptions');

  if (result.outcome === 'corporate') {
    return (
      <div className="space-y-4">
        <PageTitle realm="admin">{t('admin.corporate.title')}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('admin.corporate.title')}</h1>
        <p className="text-slate-700">{t('admin.corporate.body')}</p>
        <ul className="grid gap-3 sm:grid-cols-2" aria-label={t('admin.corporate.title')}>
          {result.products.map((p) => (
            <li key={p.id}>
              <Link href="/portal/signin" className="block rounded-lg border border-slate-200 bg-white p-4 font-medium shadow-sm hover:border-brand-600 hover:underline">
                {t('admin.corporate.product', { product: p.name })}
              </Link>
            </li>
          ))}
        </ul>
        <p>
          <Link href="/portal/signin" className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {t('admin.corporate.portal')}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <PageTitle realm="admin">{t('admin.contact.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('admin.contact.title')}</h1>
      {result.billingAdmin ? (
        <>
          <p className="text-slate-700">{t('admin.contact.body')}</p>
          <p className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="billing-admin">
            <span className="font-medium">{result.billingAdmin.name}</span> — <a className="text-brand-700 underline" href={`mailto:${result.billingAdmin.email}`}>{result.billingAdmin.email}</a>
          </p>
          <EmailBillingAdmin
            billingAdminName={result.billingAdmin.name}
            labels={{
              button: t('admin.contact.button'),
              message: t('admin.contact.message'),
              send: t('admin.contact.send'),
              sending: t('admin.contact.sending'),
              sent: t('admin.contact.sent', { name: result.billingAdmin.name }),
              empty: t('admin.contact.empty'),
              tooLong: t('admin.contact.tooLong'),
              throttled: t('admin.contact.throttled'),
              failed: t('error.generic'),
            }}
          />
        </>
      ) : (
        <p className="text-slate-700">{t('admin.contact.none')}</p>
      )}
    </div>
  );
}
