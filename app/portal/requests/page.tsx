import { Link } from '../../_components/link';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { DataTable } from '../../_components/data-table';
import { formatters } from '../../_components/format';
import { orSignIn } from '../../_components/guard';
import { RequestStatusBadge, requestCategoryText } from '../../_components/request-labels';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-13: the contact's requests to Corporate Account Services, with their status and replies. */
export default async function PortalRequestsPage() {
  const { locale, t } = await getT();
  const requests = await orSignIn((await serverCaller()).portal.requests.list(), '/portal/signin', '/portal/requests');
  const f = formatters(locale);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <PageTitle realm="portal">{t('requests.title')}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('requests.title')}</h1>
        <Link href="/portal/requests/new" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('requests.new')}</Link>
      </div>
      <p className="text-slate-700">{t('requests.lead')}</p>
      {requests.length === 0 ? (
        <p className="text-slate-700">{t('requests.none')}</p>
      ) : (
        <DataTable
          caption={t('requests.title')}
          rows={requests}
          rowKey={(r) => r.id}
          rowTestId={(r) => `request-${r.caseNumber}`}
          columns={[
            { header: t('requests.caseNumber'), className: 'whitespace-nowrap', cell: (r) => <Link className="text-brand-700 underline" href={`/portal/requests/${r.id}`}>{r.caseNumber}</Link> },
            { header: t('requests.form.category'), cell: (r) => <>{requestCategoryText(t, r.category, r.subcategory)}{r.product && <span className="text-slate-600"> · {r.product}</span>}</> },
            { header: t('requests.status'), cell: (r) => <RequestStatusBadge status={r.status} t={t} /> },
            { header: t('requests.replies'), numeric: true, cell: (r) => r.staffReplies },
            { header: t('requests.opened'), className: 'whitespace-nowrap', cell: (r) => f.date(r.createdAt) },
            { header: t('requests.lastActivity'), className: 'whitespace-nowrap', cell: (r) => f.dateTime(r.lastMessageAt) },
          ]}
        />
      )}
    </div>
  );
}
