import Link from 'next/link';
import { formatMoney } from '../../server/billing/money';
import type { Currency } from '../../db/schema';
import type { MessageKey } from '../../server/i18n/messages';
import type { CorporateRenewalState } from '../../server/services/renewals';

/**
 * WF-4 in the Corporate Billing Portal: each subscription's renewal with what to do — the next term's
 * invoice date and amount, the open renewal invoice (pay it online, CP-6), or the expiry (CP-14).
 */
export function CorporateRenewals(props: { states: CorporateRenewalState[]; locale: 'en' | 'it'; t: (key: MessageKey, vars?: Record<string, string | number>) => string }) {
  const { t, locale } = props;
  if (props.states.length === 0) return null;
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
  const money = (amount: bigint, currency: Currency) => formatMoney({ amount, currency }, locale);
  return (
    <section aria-labelledby="renewals-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="renewals-heading" className="text-lg font-semibold">{t('portalRenewals.title')}</h2>
      <ul className="space-y-2 text-sm" data-testid="corporate-renewals">
        {props.states.map((s) => (
          <li key={s.subscriptionId} data-testid={`renewal-${s.subscriptionId}`}>
            {s.state === 'renews' && t('portalRenewals.renews', { product: s.productName, date: date.format(s.on), amount: money(s.amount, s.currency), days: s.netTermsDays })}
            {s.state === 'invoiced' && (
              <span className={s.overdue ? 'text-red-800' : undefined}>
                {s.overdue
                  ? t('portalRenewals.overdue', { product: s.productName, number: s.invoiceNumber, amount: money(s.amountDue, s.currency), date: date.format(s.dueAt), expires: date.format(s.expiresAt) })
                  : t('portalRenewals.invoiced', { product: s.productName, number: s.invoiceNumber, amount: money(s.amountDue, s.currency), date: date.format(s.dueAt) })}{' '}
                <Link className="font-medium text-brand-700 underline" href={`/portal/invoices/${s.invoiceId}/pay`}>{t('portalRenewals.pay', { number: s.invoiceNumber })}</Link>
              </span>
            )}
            {s.state === 'expired' && (
              <span className="text-amber-900">
                {t('portalRenewals.expired', { product: s.productName, date: date.format(s.since) })}{' '}
                <Link className="font-medium text-brand-700 underline" href="/portal/requests/new?category=reactivation">{t('portalRenewals.reactivate')}</Link>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
