import { Link } from '../../_components/link';
import type { MessageKey } from '../../../server/i18n/messages';
import type { CorporateRenewalState } from '../../../server/services/renewals';
import { linkClass, type portalFormat } from './format';

/**
 * WF-4 on a Sottoscrizioni row: what happens at the term's end — the next term's invoice (date, amount,
 * net terms), the end without renewal (CP-15), or the open renewal invoice with its due date, links to
 * it and to its payment (CP-6) and, once overdue, when the subscription expires.
 */
export function RenewalNote(props: { renewal: CorporateRenewalState; t: (key: MessageKey, vars?: Record<string, string | number>) => string; f: ReturnType<typeof portalFormat> }) {
  const { renewal: r, t, f } = props;
  if (r.state === 'renews') {
    return <span className="mt-1 block text-xs text-slate-600">{t('portalRenewals.renews', { date: f.date(r.on), amount: f.money(r.amount, r.currency), days: r.netTermsDays })}</span>;
  }
  if (r.state === 'ends') return <span className="mt-1 block text-xs text-amber-900">{t('portalRenewals.ends', { date: f.date(r.on) })}</span>;
  const vars = { number: r.invoiceNumber, amount: f.money(r.amountDue, r.currency), date: f.date(r.dueAt), expires: f.date(r.expiresAt) };
  return (
    <span className={`mt-1 block text-xs ${r.overdue ? 'text-red-800' : 'text-slate-700'}`}>
      {t(r.overdue ? 'portalRenewals.overdue' : 'portalRenewals.invoiced', vars)}{' '}
      <Link className={linkClass} href={`/portal/invoices/${r.invoiceId}`}>{t('portalRenewals.view', { number: r.invoiceNumber })}</Link>{' · '}
      <Link className={linkClass} href={`/portal/invoices/${r.invoiceId}/pay`}>{t('portal.pay.link')}</Link>
    </span>
  );
}
