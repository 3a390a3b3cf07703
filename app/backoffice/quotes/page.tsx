import { Link } from '../../_components/link';
import { formatMoney } from '../../../server/billing';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BO-1: the quotes of the accounts the staff member sees (a rep: theirs), newest first, with where each stands. */
export default async function BackofficeQuotesPage() {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const quotes = await orSignIn(caller.backoffice.quotes.list(), '/backoffice/signin', '/backoffice/quotes');
  const me = await caller.staff.me();
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{t('bo.quotes.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('bo.quotes.title')}</h1>
      <p className="text-slate-700">{t('bo.quotes.lead')}</p>
      {/* A rep starts a quote for one of their accounts here; Corporate Account Services from an account's page. */}
      {me.can.manageAccounts && me.accounts.length > 0 && (
        <ul className="flex flex-wrap gap-3">
          {me.accounts.map((a) => (
            <li key={a.id}><Link href={`/backoffice/accounts/${a.id}/quotes/new`} className="inline-block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">{t('bo.quotes.new', { account: a.name })}</Link></li>
          ))}
        </ul>
      )}
      {quotes.length === 0 ? (
        <p className="text-slate-700">{t('bo.quotes.none')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">{t('bo.quotes.title')}</caption>
            <thead className="bg-slate-50 text-left">
              <tr>
                <th scope="col" className="px-4 py-2">{t('quotes.number')}</th>
                <th scope="col" className="px-4 py-2">{t('bo.quotes.account')}</th>
                <th scope="col" className="px-4 py-2">{t('quotes.status')}</th>
                <th scope="col" className="px-4 py-2">{t('bo.quotes.sent')}</th>
                <th scope="col" className="px-4 py-2">{t('bo.quotes.viewed')}</th>
                <th scope="col" className="px-4 py-2">{t('quotes.expires')}</th>
                <th scope="col" className="px-4 py-2 text-right">{t('quotes.total')}</th>
              </tr>
            </thead>
            <tbody>
              {quotes.map((q) => (
                <tr key={q.id} className="border-t border-slate-200">
                  <th scope="row" className="px-4 py-2 text-left font-medium"><Link href={`/backoffice/quotes/${q.id}`} className="text-brand-700 underline">{q.number}</Link></th>
                  <td className="px-4 py-2">{q.accountName}</td>
                  <td className="px-4 py-2" data-testid={`status-${q.number}`}>{t(`quotes.status.${q.status}` as MessageKey)}</td>
                  <td className="px-4 py-2">{q.sentAt ? date.format(q.sentAt) : '—'}</td>
                  <td className="px-4 py-2">{q.viewedAt ? date.format(q.viewedAt) : '—'}</td>
                  <td className="px-4 py-2">{date.format(q.expiresAt)}</td>
                  <td className="px-4 py-2 text-right">{formatMoney({ amount: q.total, currency: q.currency }, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
