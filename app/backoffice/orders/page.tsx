import { Link } from '../../_components/link';
import { ORDER_KINDS, ORDER_STATUSES, type Currency, type OrderKind, type OrderStatus } from '../../../db/schema';
import { formatMoney } from '../../../server/billing/money';
import type { MessageKey } from '../../../server/i18n/messages';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { DataTable } from '../../_components/data-table';
import { formatAge, formatters } from '../../_components/format';
import { orSignIn } from '../../_components/guard';
import { NotAllowed } from '../_components/not-allowed';
import { Pager } from '../_components/pager';
import { one, staffCall } from '../_components/staff-call';
import { OrderStatusBadge } from './order-labels';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

const pick = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined => ((allowed as readonly string[]).includes(v ?? '') ? (v as T) : undefined);

/** BO-2: every order of every kind, newest first, a page at a time; filters kind, status, account, age, stuck. */
export default async function OpsOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { locale, t } = await getT();
  const sp = await searchParams;
  const kind = pick(one(sp.kind), ORDER_KINDS) as OrderKind | undefined;
  const status = pick(one(sp.status), ORDER_STATUSES) as OrderStatus | undefined;
  const account = one(sp.account)?.trim().slice(0, 200) || undefined;
  const age = Number(one(sp.minAge) ?? '');
  const minAgeMinutes = Number.isInteger(age) && age >= 1 && age <= 525_600 ? age : undefined;
  const stuck = one(sp.stuck) === '1';
  const cursor = one(sp.cursor) ?? null;
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', '/backoffice/orders');
  if (!me.can.orders) return <NotAllowed t={t} />;
  const list = await staffCall(caller.ops.orders.list({ kind, status, account, minAgeMinutes, stuck: stuck || undefined, cursor }), '/backoffice/orders');
  const f = formatters(locale);
  const filters: Record<string, string> = {
    ...(kind ? { kind } : {}), ...(status ? { status } : {}), ...(account ? { account } : {}), ...(minAgeMinutes ? { minAge: String(minAgeMinutes) } : {}), ...(stuck ? { stuck: '1' } : {}),
  };
  const field = 'mt-1 block rounded-md border border-slate-400 bg-white px-3 py-2 text-sm';
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{t('ops.orders.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('ops.orders.title')}</h1>
      <p className="text-sm text-slate-700">{t('ops.orders.lead', { minutes: list.stuckAfterMinutes })}</p>
      <form method="get" action="/backoffice/orders" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="f-kind" className="text-sm font-medium">{t('ops.kind')}</label>
          <select id="f-kind" name="kind" defaultValue={kind ?? ''} className={field}>
            <option value="">{t('bo.all')}</option>
            {ORDER_KINDS.map((k) => <option key={k} value={k}>{t(`ops.kind.${k}` as MessageKey)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-status" className="text-sm font-medium">{t('bo.status')}</label>
          <select id="f-status" name="status" defaultValue={status ?? ''} className={field}>
            <option value="">{t('bo.all')}</option>
            {ORDER_STATUSES.map((s) => <option key={s} value={s}>{t(`ops.status.${s}` as MessageKey)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-account" className="text-sm font-medium">{t('ops.account')}</label>
          <input id="f-account" name="account" type="search" defaultValue={account ?? ''} maxLength={200} className={`${field} w-56`} />
        </div>
        <div>
          <label htmlFor="f-age" className="text-sm font-medium">{t('ops.minAge')}</label>
          <input id="f-age" name="minAge" type="number" min={1} max={525600} inputMode="numeric" defaultValue={minAgeMinutes ?? ''} className={`${field} w-32`} />
        </div>
        <label className="mb-2 inline-flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="stuck" value="1" defaultChecked={stuck} className="h-4 w-4" /> {t('ops.stuckOnly', { minutes: list.stuckAfterMinutes })}
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('bo.apply')}</button>
      </form>
      {list.rows.length === 0 ? (
        <p className="text-slate-700">{t('ops.orders.none')}</p>
      ) : (
        <DataTable
          caption={t('ops.orders.caption')}
          rows={list.rows}
          rowKey={(o) => o.id}
          rowTestId={(o) => `order-${o.id}`}
          columns={[
            { header: t('ops.order'), className: 'font-mono text-xs', cell: (o) => <Link className="text-brand-700 underline" href={`/backoffice/orders/${o.id}`}>{o.id}</Link> },
            { header: t('ops.kind'), cell: (o) => t(`ops.kind.${o.kind}` as MessageKey) },
            { header: t('bo.status'), cell: (o) => <OrderStatusBadge status={o.status} stuck={o.stuck} t={t} /> },
            { header: t('bo.account'), cell: (o) => o.account.name },
            { header: t('invoices.total'), numeric: true, cell: (o) => formatMoney({ amount: o.total, currency: o.currency as Currency }, locale) },
            { header: t('ops.placed'), className: 'whitespace-nowrap', cell: (o) => f.dateTime(o.createdAt) },
            { header: t('bo.age'), numeric: true, className: 'whitespace-nowrap', cell: (o) => formatAge(o.ageSeconds, locale) },
            { header: t('ops.workflowId'), className: 'font-mono text-xs break-all', cell: (o) => o.workflowId ?? '—' },
          ]}
        />
      )}
      <Pager first={cursor ? `/backoffice/orders?${new URLSearchParams(filters)}` : null} next={list.nextCursor ? `/backoffice/orders?${new URLSearchParams({ ...filters, cursor: list.nextCursor })}` : null} t={t} />
    </div>
  );
}
