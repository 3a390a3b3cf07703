import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound } from 'next/navigation';
import { getT } from '../../../../server/i18n/server';
import type { MessageKey } from '../../../../server/i18n/messages';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { orSignIn } from '../../../_components/guard';
import { QuoteDetails } from '../../../_components/quote-details';
import { RejectQuoteForm } from './reject-form';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-4: one quote — lines, totals, expiry, PO and PDF; Accetta continues to the service order, Rifiuta closes it (reason optional). */
export default async function PortalQuotePage({ params }: { params: Promise<{ quoteId: string }> }) {
  const { quoteId } = await params;
  const { locale, t } = await getT();
  const q = await orSignIn((await serverCaller()).portal.quotes.get({ quoteId }), '/portal/signin', `/portal/quotes/${quoteId}`).catch((err) => {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  });
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
  const open = q.status === 'pending';
  return (
    <div className="space-y-6">
      <p><Link href="/portal/quotes" className="text-sm text-brand-700 underline">{t('quote.backToQuotes')}</Link></p>
      <PageTitle realm="portal">{t('quote.title', { number: q.number })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('quote.title', { number: q.number })}</h1>
      <div className="space-y-1 text-slate-700">
        <p data-testid="quote-status">{t(`quotes.status.${q.status}` as MessageKey)} · {t(`quotes.source.${q.source}` as MessageKey)}{q.rep ? ` (${q.rep.name})` : ''}</p>
        <p className="font-medium">{t('quote.validUntil', { date: date.format(q.expiresAt) })}</p>
        {q.purchaseOrderNumber && <p>{t('quote.po', { number: q.purchaseOrderNumber })}</p>}
      </div>
      <QuoteDetails quote={q} t={t} locale={locale} />
      {q.notes && (
        <section aria-labelledby="quote-notes" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
          <h2 id="quote-notes" className="font-semibold">{t('quote.notes')}</h2>
          <p className="mt-1 whitespace-pre-line">{q.notes}</p>
        </section>
      )}
      <p><a href={`/portal/quotes/${q.id}/pdf`} className="text-brand-700 underline">{t('quote.pdf')}</a></p>
      {open ? (
        <div className="flex flex-wrap items-start gap-6">
          <div className="space-y-2">
            <Link href={`/portal/add-seats/${q.id}/checkout`} className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              {q.source === 'add_seats' ? t('quote.completePayment') : t('quote.accept')}
            </Link>
            <p className="text-sm text-slate-700">{t('quote.acceptLead')}</p>
          </div>
          <RejectQuoteForm quoteId={q.id} labels={{ reject: t('quote.reject'), reason: t('quote.rejectReason'), rejecting: t('quote.rejecting'), rejected: t('quote.rejected'), failed: t('error.generic') }} />
        </div>
      ) : (
        <div className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-4" data-testid="quote-decided">
          <p>{t('quote.decided', { status: t(`quotes.status.${q.status}` as MessageKey).toLowerCase() })}</p>
          {q.supersededByNumber && <p>{t('quote.supersededBy', { number: q.supersededByNumber })}</p>}
          {q.serviceOrderId && <p><Link href={`/portal/service-orders/${q.serviceOrderId}`} className="text-brand-700 underline">{t('quote.serviceOrder')}</Link></p>}
        </div>
      )}
    </div>
  );
}
