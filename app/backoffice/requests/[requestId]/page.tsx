import { Link } from '../../../_components/link';
import type { Currency } from '../../../../db/schema';
import { formatMoney } from '../../../../server/billing/money';
import type { MessageKey } from '../../../../server/i18n/messages';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { formatAge, formatters } from '../../../_components/format';
import { orSignIn } from '../../../_components/guard';
import { Conversation } from '../../../_components/request-conversation';
import { RequestStatusBadge, requestCategoryText } from '../../../_components/request-labels';
import { reasonLabels } from '../../_components/labels';
import { NotAllowed } from '../../_components/not-allowed';
import { ReasonAction } from '../../_components/reason-action';
import { staffCall } from '../../_components/staff-call';
import { AnswerWithQuote, AssignToMe, ResolveRequest, StaffReply, StatusButton } from './request-actions';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const section = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';

/** BO-1: one request — the conversation with the contact and everything staff can do with it. */
export default async function StaffRequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  const back = `/backoffice/requests/${encodeURIComponent(requestId)}`;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', back);
  if (!me.can.requests) return <NotAllowed t={t} />;
  const r = await staffCall(caller.backoffice.requests.get({ requestId }), back);
  const f = formatters(locale);
  const failed = t('error.generic');
  const sub = r.subscription;
  const quoteOffer = r.category === 'reactivation' || r.category === 'seats_products';
  return (
    <div className="space-y-6">
      <p><Link className="text-brand-700 underline" href="/backoffice/requests">{t('bo.requests.back')}</Link></p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <PageTitle realm="backoffice">{t('requests.titleCase', { caseNumber: r.caseNumber })}</PageTitle>
          <h1 className="text-2xl font-semibold">{t('requests.titleCase', { caseNumber: r.caseNumber })}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span>{requestCategoryText(t, r.category, r.subcategory)}</span>
            <RequestStatusBadge staff status={r.status} t={t} />
            <span>{t('bo.requests.openedAgo', { date: f.dateTime(r.createdAt), age: formatAge(r.ageSeconds, locale) })}</span>
          </p>
        </div>
        <div className="space-y-1 text-sm">
          <p>{t('bo.requests.assignee')}: <strong data-testid="assignee">{r.assignee ? (r.assignedToMe ? t('bo.requests.you') : r.assignee) : t('bo.requests.assignee.unassigned')}</strong></p>
          {!r.assignedToMe && <AssignToMe requestId={r.id} labels={{ assign: t('bo.requests.assignToMe'), done: t('bo.requests.assigned'), failed }} />}
        </div>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="account" className={section}>
          <h2 id="account" className="text-lg font-semibold">{t('bo.account')}</h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">{t('bo.accounts.name')}</dt>
            <dd><Link className="text-brand-700 underline" href={`/backoffice/accounts/${r.account.id}`}>{r.account.name}</Link></dd>
            <dt className="text-slate-600">{t('portal.contact')}</dt>
            <dd>{r.account.contactName ? `${r.account.contactName} (${r.account.contactEmail})` : '—'}</dd>
            <dt className="text-slate-600">{t('portal.userId')}</dt>
            <dd>{r.account.portalUserId ?? '—'}</dd>
            <dt className="text-slate-600">{t('bo.accounts.rep')}</dt>
            <dd>{r.account.salesRep ?? '—'}</dd>
            <dt className="text-slate-600">{t('bo.accounts.selfService')}</dt>
            <dd>{r.account.selfServiceEligible ? t('bo.yes') : t('bo.no')}</dd>
          </dl>
        </section>
        {sub && (
          <section aria-labelledby="subscription" className={section}>
            <h2 id="subscription" className="text-lg font-semibold">{t('requests.subscription')}</h2>
            <p className="mt-2 text-sm">
              {sub.product} {sub.tier} · {t('bo.seatsN', { n: sub.seats })} · {t(`subs.status.${sub.status}` as MessageKey)} · {t('bo.account.termEnds', { date: f.date(sub.termEnd) })}
            </p>
            {sub.cancelAtPeriodEnd && <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="cancellation-recorded">{t('bo.account.cancelsOn', { date: f.date(sub.termEnd) })}</p>}
            {me.can.manageAccounts && r.category === 'cancellation' && sub.status === 'active' && !sub.cancelAtPeriodEnd && (
              <div className="mt-3">
                <ReasonAction tone="danger" reasonOptional action={{ kind: 'recordCancellation', subscriptionId: sub.id, requestId: r.id }} labels={{ ...reasonLabels(t), reason: t('bo.reasonOptional'), open: t('bo.account.recordCancellation'), done: t('bo.account.cancellationSaved') }} />
              </div>
            )}
          </section>
        )}
      </div>

      <section aria-labelledby="conversation" className={section}>
        <h2 id="conversation" className="text-lg font-semibold">{t('requests.conversation')}</h2>
        <Conversation
          t={t}
          locale={locale}
          opening={{ author: r.account.contactName ?? r.account.name, body: r.details, createdAt: r.createdAt }}
          messages={r.messages}
          quoteHref={(id) => `/backoffice/quotes/${id}`}
        />
      </section>

      {quoteOffer && (
        <section aria-labelledby="quote-answer" className={section}>
          <h2 id="quote-answer" className="text-lg font-semibold">{t('bo.requests.answerWithQuote')}</h2>
          <p className="text-sm text-slate-700">{t('bo.requests.answerWithQuoteLead')}</p>
          <p className="mt-2"><Link className="text-brand-700 underline" href={`/backoffice/accounts/${r.account.id}/quotes/new?requestId=${r.id}`}>{t('bo.account.newQuote')}</Link></p>
          {r.pendingQuotes.length > 0 ? (
            <div className="mt-3">
              <AnswerWithQuote
                requestId={r.id}
                quotes={r.pendingQuotes.map((q) => ({ id: q.id, label: `${q.number} — ${formatMoney({ amount: q.total, currency: q.currency as Currency }, locale)} · ${t('bo.account.quoteExpires', { date: f.date(q.expiresAt) })}` }))}
                labels={{ quote: t('bo.requests.quote'), body: t('bo.requests.message'), send: t('bo.requests.sendQuote'), sending: t('bo.saving'), sent: t('bo.requests.quoteSent'), empty: t('bo.requests.messageRequired'), failed }}
              />
            </div>
          ) : (
            <p className="mt-2 text-sm text-slate-700">{t('bo.requests.noPendingQuotes')}</p>
          )}
        </section>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="reply" className={section}>
          <h2 id="reply" className="text-lg font-semibold">{t('bo.requests.reply')}</h2>
          <StaffReply
            requestId={r.id}
            labels={{ body: t('bo.requests.message'), send: t('bo.requests.sendReply'), sending: t('bo.saving'), sent: t('bo.requests.replySent'), empty: t('bo.requests.messageRequired'), failed, waiting: t('bo.requestStatus.waiting_for_customer'), keepOpen: t('bo.requests.keepOpen'), after: t('bo.requests.afterReply') }}
          />
        </section>
        <section aria-labelledby="resolve" className={section}>
          <h2 id="resolve" className="text-lg font-semibold">{r.status === 'resolved' ? t('bo.requests.resolvedBy', { name: r.resolvedBy ?? '—', date: f.dateTime(r.resolvedAt) }) : t('bo.requests.resolve')}</h2>
          {r.status === 'resolved' ? (
            <div className="space-y-3">
              <p className="whitespace-pre-wrap text-sm">{r.resolutionNote}</p>
              <StatusButton requestId={r.id} status="open" labels={{ button: t('bo.requests.reopen'), done: t('bo.requests.statusSaved'), failed }} />
            </div>
          ) : (
            <div className="space-y-3">
              <ResolveRequest requestId={r.id} labels={{ note: t('bo.requests.resolutionNote'), resolve: t('bo.requests.resolveButton'), resolving: t('bo.saving'), resolved: t('bo.requests.resolvedDone'), empty: t('bo.requests.noteRequired'), failed }} />
              <div className="border-t border-slate-200 pt-3">
                {r.status === 'open' ? (
                  <StatusButton requestId={r.id} status="waiting_for_customer" labels={{ button: t('bo.requests.markWaiting'), done: t('bo.requests.statusSaved'), failed }} />
                ) : (
                  <StatusButton requestId={r.id} status="open" labels={{ button: t('bo.requests.markOpen'), done: t('bo.requests.statusSaved'), failed }} />
                )}
              </div>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
