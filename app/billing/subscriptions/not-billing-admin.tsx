import { Link } from '../../_components/link';
import type { MessageKey } from '../../../server/i18n/messages';
import { PageTitle } from '../../_components/page-title';

/**
 * BC-1 (003): what anyone but the billing admin of an online account sees in the Billing Center —
 * "This may not be the page you wanted", a link to the personal account page, and, when the account
 * is managed in the Corporate Billing Portal, Go to billing (the portal's sign-in). It names nobody (AC-3).
 */
export function NotBillingAdmin({ corporate, t }: { corporate: boolean; t: (key: MessageKey) => string }) {
  return (
    <div className="max-w-2xl space-y-4">
      <PageTitle realm="billing">{t('notBilling.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('notBilling.title')}</h1>
      <p>{corporate ? t('notBilling.corporate') : `${t('notBilling.body')} ${t('notBilling.standardHint')}`}</p>
      <div className="flex flex-wrap items-center gap-4">
        <Link href="/account" className="text-brand-700 underline">{t('notBilling.personal')}</Link>
        {corporate && (
          <Link href="/portal/signin" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {t('notBilling.goToBilling')}
          </Link>
        )}
      </div>
    </div>
  );
}
