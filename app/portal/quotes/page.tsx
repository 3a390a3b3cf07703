import { Link } from '../../_components/link';
import { formatMoney } from '../../../server/billing';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-4 Preventivi (004): pending quotes with totals and expiry, open first; earlier ones below. */
export default async function PortalQuotesPage() {
  const { locale, t } = await getT();
  const { open, decided } = await orSignIn((await serverCaller()).portal.quotes.list(), '/portal/signin', '/portal/quotes');
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  const table = (rows: typeof open, caption: string) => (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-50 text-left">
        <tr>
          <th scope="col" className="px-4 py-2">{t('quotes.number')}</th>
          <th scope="col" className="px-4 py-2">{t('quotes.from')}</th>
          <th scope="col" className="px-4 py-2">{t('quotes.status')}</th>
          <th scope="col" className="px-4 py-2">{t('quotes.expires')}</th>
          <th scope="col" className="px-4 py-2 text-right">{t('quotes.total')}</th>
          <th scope="col" className="px-4 py-2">{t('quotes.serviceOrder')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((q) => (
          <tr key={q.id} className="border-t border-slate-200" data-testid={`quote-row-${q.number}`}>
            <th scope="row" className="px-4 py-2 text-left font-medium">
              <Link href={`/portal/quotes/${q.id}`} className="text-brand-700 underline" aria-label={t('quotes.view', { number: q.number })}>{q.number}</Link>
            </th>
            <td className="px-4 py-2">{t(`quotes.source.${q.source}` as MessageKey)}</td>
            <td className="px-4 py-2">{t(`quotes.status.${q.status}` as MessageKey)}</td>
            <td className="px-4 py-2">{date.format(q.expiresAt)}</td>
            <td className="px-4 py-2 text-right">{formatMoney({ amount: q.total, currency: q.currency }, locale)}</td>
            {/* WF-3: each service order with its status; its page follows the steps. */}
            <td className="px-4 py-2">
              {q.serviceOrder ? (
                <Link href={`/portal/service-orders/${q.serviceOrder.id}`} className="text-brand-700 underline" aria-label={t('quotes.viewServiceOrder', { number: q.number, status: t(`so.status.${q.serviceOrder.status}` as MessageKey) })}>
                  {t(`so.status.${q.serviceOrder.status}` as MessageKey)}
                </Link>
              ) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="space-y-6">
      <PageTitle realm="portal">{t('quotes.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('quotes.title')}</h1>
      <p className="text-slate-700">{t('quotes.lead')}</p>
      <section aria-labelledby="open-quotes" className="space-y-2">
        <h2 id="open-quotes" className="text-lg font-semibold">{t('quotes.open')}</h2>
        {open.length === 0 ? <p className="text-slate-700">{t('quotes.noneOpen')}</p> : <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">{table(open, t('quotes.open'))}</div>}
      </section>
      {decided.length > 0 && (
        <section aria-labelledby="earlier-quotes" className="space-y-2">
          <h2 id="earlier-quotes" className="text-lg font-semibold">{t('quotes.history')}</h2>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">{table(decided, t('quotes.history'))}</div>
        </section>
      )}
    </div>
  );
}
