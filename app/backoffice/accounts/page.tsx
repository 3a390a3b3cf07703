import { Link } from '../../_components/link';
import { formatMoney } from '../../../server/billing/money';
import type { Currency } from '../../../db/schema';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { DataTable } from '../../_components/data-table';
import { formatters } from '../../_components/format';
import { orSignIn } from '../../_components/guard';
import { NotAllowed } from '../_components/not-allowed';
import { Pager } from '../_components/pager';
import { one, staffCall } from '../_components/staff-call';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BO-1: the corporate accounts this staff member sees, searchable by name, portal user ID and contact email. */
export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { locale, t } = await getT();
  const sp = await searchParams;
  const q = one(sp.q)?.slice(0, 200) ?? '';
  const cursor = one(sp.cursor) ?? null;
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', '/backoffice/accounts');
  if (!me.can.accounts) return <NotAllowed t={t} />;
  const list = await staffCall(caller.backoffice.accounts.list({ q: q || undefined, cursor }), '/backoffice/accounts');
  const f = formatters(locale);
  const next = list.nextCursor ? `/backoffice/accounts?${new URLSearchParams({ ...(q ? { q } : {}), cursor: list.nextCursor })}` : null;
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{me.role === 'sales_rep' ? t('staff.accounts') : t('bo.home.allAccounts')}</PageTitle>
      <h1 className="text-2xl font-semibold">{me.role === 'sales_rep' ? t('staff.accounts') : t('bo.home.allAccounts')}</h1>
      <form method="get" action="/backoffice/accounts" role="search" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="account-search" className="block text-sm font-medium">{t('bo.accounts.search')}</label>
          <input id="account-search" name="q" type="search" defaultValue={q} maxLength={200} className="w-72 rounded-md border border-slate-400 px-3 py-2" aria-describedby="account-search-hint" />
          <p id="account-search-hint" className="text-xs text-slate-600">{t('bo.accounts.searchHint')}</p>
        </div>
        <button type="submit" className="mb-5 rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('bo.accounts.searchButton')}</button>
      </form>
      {list.rows.length === 0 ? (
        <p className="text-slate-700">{q ? t('bo.accounts.noMatch', { q }) : t('staff.noAccounts')}</p>
      ) : (
        <DataTable
          caption={t('bo.accounts.caption')}
          rows={list.rows}
          rowKey={(a) => a.id}
          rowTestId={(a) => `account-${a.id}`}
          columns={[
            { header: t('bo.accounts.name'), cell: (a) => <Link className="text-brand-700 underline" href={`/backoffice/accounts/${a.id}`}>{a.name}</Link> },
            { header: t('portal.userId'), cell: (a) => a.portalUserId ?? '—' },
            { header: t('portal.contact'), cell: (a) => (a.contact ? <>{a.contact.name}<br /><span className="text-slate-600">{a.contact.email}</span></> : '—') },
            { header: t('bo.accounts.rep'), cell: (a) => a.salesRep ?? '—' },
            { header: t('bo.accounts.openRequests'), numeric: true, cell: (a) => a.openRequests },
            {
              header: t('bo.accounts.openBalance'),
              numeric: true,
              cell: (a) => (
                <>
                  {formatMoney({ amount: a.openBalance, currency: a.currency as Currency }, locale)}
                  {a.overdueInvoices > 0 && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">{t('bo.accounts.overdue', { n: a.overdueInvoices })}</span>}
                </>
              ),
            },
            { header: t('bo.accounts.selfService'), cell: (a) => (a.selfServiceEligible ? t('bo.yes') : t('bo.no')) },
            { header: t('bo.accounts.termEnd'), cell: (a) => f.date(a.contractEnd) },
          ]}
        />
      )}
      <Pager first={cursor ? `/backoffice/accounts${q ? `?q=${encodeURIComponent(q)}` : ''}` : null} next={next} t={t} />
    </div>
  );
}
