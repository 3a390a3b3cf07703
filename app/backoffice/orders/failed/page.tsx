import { Link } from '../../../_components/link';
import type { Currency } from '../../../../db/schema';
import { formatMoney } from '../../../../server/billing/money';
import type { MessageKey } from '../../../../server/i18n/messages';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { DataTable } from '../../../_components/data-table';
import { formatters } from '../../../_components/format';
import { orSignIn } from '../../../_components/guard';
import { NotAllowed } from '../../_components/not-allowed';
import { one, staffCall } from '../../_components/staff-call';
import { OrderStatusBadge } from '../order-labels';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const WINDOWS = [1, 7, 30] as const;

/** BO-2: the failed and compensated (refunded) orders of the last days, newest first. */
export default async function FailedOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { locale, t } = await getT();
  const wanted = Number(one((await searchParams).days));
  const days = (WINDOWS as readonly number[]).includes(wanted) ? wanted : 7;
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', '/backoffice/orders/failed');
  if (!me.can.orders) return <NotAllowed t={t} />;
  const list = await staffCall(caller.ops.orders.failures({ days }), '/backoffice/orders/failed');
  const f = formatters(locale);
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{t('ops.failures.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('ops.failures.title')}</h1>
      <nav aria-label={t('ops.failures.window')} className="flex gap-2 text-sm">
        {WINDOWS.map((d) => (
          <Link key={d} href={`/backoffice/orders/failed?days=${d}`} aria-current={d === days ? 'page' : undefined} className={`rounded-md px-3 py-1.5 ${d === days ? 'bg-brand-600 text-white' : 'border border-slate-300 hover:bg-slate-50'}`}>
            {t('ops.failures.days', { n: d })}
          </Link>
        ))}
      </nav>
      <p className="text-sm text-slate-700">{t('ops.failures.lead', { date: f.dateTime(list.since) })}</p>
      {list.rows.length === 0 ? (
        <p className="text-slate-700">{t('ops.failures.none')}</p>
      ) : (
        <DataTable
          caption={t('ops.failures.title')}
          rows={list.rows}
          rowKey={(o) => o.id}
          rowTestId={(o) => `failed-${o.id}`}
          columns={[
            { header: t('ops.order'), className: 'font-mono text-xs', cell: (o) => <Link className="text-brand-700 underline" href={`/backoffice/orders/${o.id}`}>{o.id}</Link> },
            { header: t('ops.kind'), cell: (o) => t(`ops.kind.${o.kind}` as MessageKey) },
            {
              header: t('bo.status'),
              cell: (o) => (
                <>
                  <OrderStatusBadge status={o.status} stuck={false} t={t} />
                  {o.compensated && <span className="ml-1 rounded-full bg-violet-100 px-2 py-0.5 text-xs font-medium text-violet-900">{t('ops.compensated')}</span>}
                </>
              ),
            },
            { header: t('bo.account'), cell: (o) => o.account.name },
            { header: t('invoices.total'), numeric: true, cell: (o) => formatMoney({ amount: o.total, currency: o.currency as Currency }, locale) },
            { header: t('ops.refunded'), numeric: true, cell: (o) => (o.refunded > 0n ? formatMoney({ amount: o.refunded, currency: o.currency as Currency }, locale) : '—') },
            { header: t('ops.reason'), cell: (o) => o.failureReason ?? '—' },
            { header: t('ops.updated'), className: 'whitespace-nowrap', cell: (o) => f.dateTime(o.updatedAt) },
          ]}
        />
      )}
    </div>
  );
}
