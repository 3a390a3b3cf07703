import { Link } from '../../_components/link';
import type { RequestCategory } from '../../../db/schema';
import { REQUEST_CATEGORIES } from '../../../server/requests/forms';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';
import { DataTable } from '../../_components/data-table';
import { formatAge, formatters } from '../../_components/format';
import { orSignIn } from '../../_components/guard';
import { RequestStatusBadge, requestCategoryText } from '../../_components/request-labels';
import { NotAllowed } from '../_components/not-allowed';
import { Pager } from '../_components/pager';
import { one, staffCall } from '../_components/staff-call';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

const STATUSES = ['unresolved', 'open', 'waiting_for_customer', 'resolved'] as const;
const ASSIGNEES = ['any', 'me', 'unassigned'] as const;
const pick = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined => (allowed as readonly string[]).includes(v ?? '') ? (v as T) : undefined;

/** BO-1 request queue (CP-13…CP-15): the requests of the accounts this staff member sees, oldest first, with age. */
export default async function RequestQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { locale, t } = await getT();
  const sp = await searchParams;
  const status = pick(one(sp.status), STATUSES) ?? 'unresolved';
  const assignee = pick(one(sp.assignee), ASSIGNEES) ?? 'any';
  const category = pick(one(sp.category), REQUEST_CATEGORIES) as RequestCategory | undefined;
  const cursor = one(sp.cursor) ?? null;
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', '/backoffice/requests');
  if (!me.can.requests) return <NotAllowed t={t} />;
  const list = await staffCall(caller.backoffice.requests.list({ status, assignee, category, cursor }), '/backoffice/requests');
  const f = formatters(locale);
  const filters = { status, assignee, ...(category ? { category } : {}) };
  const select = 'mt-1 block rounded-md border border-slate-400 bg-white px-3 py-2 text-sm';
  return (
    <div className="space-y-6">
      <PageTitle realm="backoffice">{t('bo.requests.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('bo.requests.title')}</h1>
      <p className="text-sm text-slate-700">{me.role === 'sales_rep' ? t('bo.requests.leadRep') : t('bo.requests.leadAll')}</p>
      <form method="get" action="/backoffice/requests" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="f-status" className="text-sm font-medium">{t('bo.status')}</label>
          <select id="f-status" name="status" defaultValue={status} className={select}>
            {STATUSES.map((s) => <option key={s} value={s}>{s === 'unresolved' ? t('bo.requests.unresolved') : t(`bo.requestStatus.${s}` as MessageKey)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-assignee" className="text-sm font-medium">{t('bo.requests.assignee')}</label>
          <select id="f-assignee" name="assignee" defaultValue={assignee} className={select}>
            {ASSIGNEES.map((s) => <option key={s} value={s}>{t(`bo.requests.assignee.${s}` as MessageKey)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-category" className="text-sm font-medium">{t('requests.form.category')}</label>
          <select id="f-category" name="category" defaultValue={category ?? ''} className={select}>
            <option value="">{t('bo.all')}</option>
            {REQUEST_CATEGORIES.map((c) => <option key={c} value={c}>{t(`requests.category.${c}` as MessageKey)}</option>)}
          </select>
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('bo.apply')}</button>
      </form>
      {list.rows.length === 0 ? (
        <p className="text-slate-700">{t('bo.requests.none')}</p>
      ) : (
        <DataTable
          caption={t('bo.requests.caption')}
          rows={list.rows}
          rowKey={(r) => r.id}
          rowTestId={(r) => `request-${r.caseNumber}`}
          columns={[
            { header: t('requests.caseNumber'), className: 'whitespace-nowrap', cell: (r) => <Link className="text-brand-700 underline" href={`/backoffice/requests/${r.id}`}>{r.caseNumber}</Link> },
            { header: t('bo.account'), cell: (r) => r.account.name },
            { header: t('requests.form.category'), cell: (r) => <>{requestCategoryText(t, r.category, r.subcategory)}{r.product && <span className="text-slate-600"> · {r.product}</span>}</> },
            { header: t('bo.status'), cell: (r) => <RequestStatusBadge staff status={r.status} t={t} /> },
            { header: t('bo.requests.assignee'), cell: (r) => (r.assignee ? (r.assignedToMe ? t('bo.requests.you') : r.assignee) : <span className="text-slate-600">{t('bo.requests.assignee.unassigned')}</span>) },
            { header: t('bo.age'), numeric: true, className: 'whitespace-nowrap', cell: (r) => formatAge(r.ageSeconds, locale) },
            { header: t('requests.lastActivity'), className: 'whitespace-nowrap', cell: (r) => f.dateTime(r.lastMessageAt) },
          ]}
        />
      )}
      <Pager first={cursor ? `/backoffice/requests?${new URLSearchParams(filters)}` : null} next={list.nextCursor ? `/backoffice/requests?${new URLSearchParams({ ...filters, cursor: list.nextCursor })}` : null} t={t} />
    </div>
  );
}
