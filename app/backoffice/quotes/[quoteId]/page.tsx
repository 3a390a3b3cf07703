import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound } from 'next/navigation';
import { getT } from '../../../../server/i18n/server';
import type { MessageKey } from '../../../../server/i18n/messages';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { orSignIn } from '../../../_components/guard';
import { QuoteDetails } from '../../../_components/quote-details';
import { editorLabels } from '../../_components/editor-labels';
import { QuoteEditor } from '../../_components/quote-editor';
import { QuoteLive } from './quote-live';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const EVENTS = ['created', 'edited', 'sent', 'resent', 'viewed', 'accepted', 'rejected', 'expired', 'superseded', 'withdrawn'] as const;
const STATUSES = ['draft', 'pending', 'accepted', 'rejected', 'expired', 'superseded', 'withdrawn'] as const;

/** BO-1: one quote — its figures, its status and history as they happen, and the rep's actions (send, resend, withdraw; edit a draft). */
export default async function BackofficeQuotePage({ params }: { params: Promise<{ quoteId: string }> }) {
  const { quoteId } = await params;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const q = await orSignIn(caller.backoffice.quotes.get({ quoteId }), '/backoffice/signin', `/backoffice/quotes/${quoteId}`).catch((err) => {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  });
  const me = await caller.staff.me();
  // Quoting is working the account: reps (their accounts) and Corporate Account Services; operations read.
  const canQuote = me.can.manageAccounts;
  const form = canQuote && q.status === 'draft' ? await caller.backoffice.quotes.form({ accountId: q.accountId }) : null;
  return (
    <div className="space-y-6">
      <p><Link href="/backoffice/quotes" className="text-sm text-brand-700 underline">{t('bo.quotes.title')}</Link></p>
      <PageTitle realm="backoffice">{`${t('quote.title', { number: q.number })} · ${q.accountName}`}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('quote.title', { number: q.number })} · {q.accountName}</h1>
      <QuoteLive
        quoteId={q.id}
        initial={{ status: q.status, timeline: q.timeline.map((e) => ({ at: e.at.toISOString(), action: e.action, reason: (e.data as { reason?: string } | null)?.reason ?? null })) }}
        canAct={canQuote}
        locale={locale}
        labels={{
          live: t('bo.quote.live'), timeline: t('bo.quote.timeline'), send: t('bo.quote.send'), resend: t('bo.quote.resend'), withdraw: t('bo.quote.withdraw'),
          deleteDraft: t('bo.quote.deleteDraft'), working: t('bo.quote.working'), done: t('bo.quote.done'), failed: t('error.generic'), status: t('quotes.status'),
          reason: t('bo.event.reason', { reason: '{reason}' }),
        }}
        statuses={Object.fromEntries(STATUSES.map((s) => [s, t(`quotes.status.${s}` as MessageKey)]))}
        events={Object.fromEntries(EVENTS.map((e) => [`quote.${e}`, t(`bo.event.quote.${e}` as MessageKey)]))}
      />
      <p className="text-sm text-slate-700">
        {t('quote.validUntil', { date: new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(q.expiresAt) })}
        {q.purchaseOrderNumber ? ` · ${t('quote.po', { number: q.purchaseOrderNumber })}` : ''}
        {q.supersededByNumber ? ` · ${t('quote.supersededBy', { number: q.supersededByNumber })}` : ''}
      </p>
      <QuoteDetails quote={q} t={t} locale={locale} />
      {q.notes && <p className="whitespace-pre-line rounded-md border border-slate-200 bg-white p-4 text-sm"><span className="font-semibold">{t('quote.notes')}: </span>{q.notes}</p>}
      <p><a href={`/backoffice/quotes/${q.id}/pdf`} className="text-brand-700 underline">{t('bo.quote.pdf')}</a></p>
      {form && (
        <section aria-labelledby="edit-draft" className="space-y-3">
          <h2 id="edit-draft" className="text-lg font-semibold">{t('bo.quotes.editTitle', { number: q.number })}</h2>
          <QuoteEditor
            form={form}
            locale={locale}
            quoteId={q.id}
            initial={{ expiresOn: q.expiresAt.toISOString().slice(0, 10), notes: q.notes ?? '', lines: q.lines.map((l) => ({ productId: l.productId, tierId: l.tierId, seats: l.seats, discountBasisPoints: l.discountBasisPoints, term: l.termKind })) }}
            labels={editorLabels(t)}
          />
        </section>
      )}
    </div>
  );
}
