import { Link } from '../../_components/link';
import { formatMoney } from '../../../server/billing/money';
import { formatters } from '../../_components/format';
import type { MessageKey } from '../../../server/i18n/messages';
import type { RenewalState } from '../../../server/services/renewals';

/** BC-9 on a subscription card: the next renewal (date and amount), or past due / lapsed with what to do. */
export function RenewalNotice(props: { state: RenewalState | undefined; productName: string; locale: 'en' | 'it'; t: (key: MessageKey, vars?: Record<string, string | number>) => string }) {
  const { state: r, t, locale } = props;
  if (!r) return null;
  const date = formatters(locale);
  switch (r.state) {
    case 'renews':
      return (
        <p className="mt-3 text-sm text-slate-700" data-testid="renewal">
          {t('renewals.renewsOn', { date: date.date(r.on), amount: formatMoney({ amount: r.amount, currency: r.currency }, locale) })}
          <span className="block text-xs text-slate-600">{t('renewals.renewsOnNote')}</span>
        </p>
      );
    case 'ends':
      return (
        <p className="mt-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="renewal">
          {t('renewals.endsOn', { date: date.date(r.on) })} {t('renewals.endsOnUndo')}
        </p>
      );
    case 'past_due':
      return (
        <div role="alert" className="mt-3 space-y-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="renewal">
          <p>{t('renewals.pastDue', { amount: formatMoney({ amount: r.amountDue, currency: r.currency }, locale), date: date.date(r.since), reason: r.reason ?? '' })}</p>
          <p>{r.nextAttemptAt ? t('renewals.pastDueNext', { date: date.date(r.nextAttemptAt), product: props.productName }) : t('renewals.pastDueLast')}</p>
          <Link className="inline-block rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700" href={`/billing/pay/${r.invoiceId}`}>{t('renewals.payNow')}</Link>
        </div>
      );
    case 'lapsed':
      return (
        <div role="alert" className="mt-3 space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="renewal">
          <p>{t('renewals.lapsed', { date: date.date(r.since), number: r.invoiceNumber, amount: formatMoney({ amount: r.amountDue, currency: r.currency }, locale) })}</p>
          {r.seatsKeptUntil && r.seatsKeptUntil.getTime() > Date.now() && <p>{t('renewals.lapsedSeats', { date: date.date(r.seatsKeptUntil) })}</p>}
          <p>{t('renewals.lapsedAction', { product: props.productName })}</p>
          <Link className="inline-block rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700" href={`/billing/pay/${r.invoiceId}`}>{t('renewals.payInvoice', { number: r.invoiceNumber })}</Link>
        </div>
      );
  }
}
