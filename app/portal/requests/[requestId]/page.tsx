import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound } from 'next/navigation';
import type { MessageKey } from '../../../../server/i18n/messages';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { formatters } from '../../../_components/format';
import { orSignIn } from '../../../_components/guard';
import { Conversation } from '../../../_components/request-conversation';
import { RequestStatusBadge, requestCategoryText } from '../../../_components/request-labels';
import { PortalReplyForm } from './reply-form';
import { portalMe } from '../../_components/portal-me';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-13: one request — its case number, status and the conversation with Corporate Account Services. */
export default async function PortalRequestPage({ params, searchParams }: { params: Promise<{ requestId: string }>; searchParams: Promise<{ created?: string }> }) {
  const { requestId } = await params;
  const { created } = await searchParams;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const me = await orSignIn(portalMe(), '/portal/signin', `/portal/requests/${encodeURIComponent(requestId)}`);
  let r;
  try {
    r = await caller.portal.requests.get({ requestId });
  } catch (err) {
    // Another account's request, or none: the same 404.
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  }
  const f = formatters(locale);
  return (
    <div className="space-y-6">
      <p><Link className="text-brand-700 underline" href="/portal/requests">{t('requests.back')}</Link></p>
      {created === '1' && (
        <p role="status" className="rounded-lg border border-green-200 bg-green-50 p-4 text-green-900" data-testid="request-created">
          {t('requests.created', { caseNumber: r.caseNumber })}
        </p>
      )}
      <div>
        <PageTitle realm="portal">{t('requests.titleCase', { caseNumber: r.caseNumber })}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('requests.titleCase', { caseNumber: r.caseNumber })}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span>{requestCategoryText(t, r.category, r.subcategory)}</span>
          <RequestStatusBadge status={r.status} t={t} />
          <span>{t('requests.openedOn', { date: f.dateTime(r.createdAt) })}</span>
        </p>
      </div>
      {r.subscription && (
        <section aria-labelledby="subscription" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="subscription" className="text-lg font-semibold">{t('requests.subscription')}</h2>
          <p className="mt-1 text-sm">{r.subscription.product} — {t(`subs.status.${r.subscription.status ?? 'active'}` as MessageKey)}{r.subscription.termEnd && ` · ${t('requests.termEnds', { date: f.date(r.subscription.termEnd) })}`}</p>
          {r.subscription.cancelAtPeriodEnd && <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="cancellation-recorded">{t('requests.cancellationRecorded', { date: f.date(r.subscription.termEnd) })}</p>}
        </section>
      )}
      {r.quote && (
        <p className="rounded-lg border border-brand-600/30 bg-brand-50 p-4">
          {t('requests.answeredWithQuote')} <Link className="font-medium text-brand-700 underline" href={`/portal/quotes/${r.quote.id}`}>{t('requests.quoteLink', { number: r.quote.number })}</Link>
        </p>
      )}
      <section aria-labelledby="conversation" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="conversation" className="text-lg font-semibold">{t('requests.conversation')}</h2>
        <Conversation t={t} locale={locale} opening={{ author: me.name, body: r.details, createdAt: r.createdAt }} messages={r.messages} quoteHref={(id) => `/portal/quotes/${id}`} />
      </section>
      <section aria-labelledby="answer" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="answer" className="text-lg font-semibold">{r.status === 'resolved' ? t('requests.reopenTitle') : t('requests.replyTitle')}</h2>
        {r.status === 'resolved' && <p className="text-sm text-slate-700">{t('requests.reopenLead')}</p>}
        <PortalReplyForm requestId={r.id} labels={{ body: t('requests.replyBody'), send: t('requests.replySend'), sending: t('requests.form.sending'), sent: t('requests.replySent'), empty: t('requests.replyRequired'), failed: t('error.generic') }} />
      </section>
    </div>
  );
}
