import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound, redirect } from 'next/navigation';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { orSignIn } from '../../../_components/guard';
import { QuoteDetails } from '../../../_components/quote-details';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-10 after Salva carrello e rivedi: the order's quote to check for accuracy, then Completa il pagamento. */
export default async function AddSeatsReviewPage({ params }: { params: Promise<{ quoteId: string }> }) {
  const { quoteId } = await params;
  const { locale, t } = await getT();
  const q = await orSignIn((await serverCaller()).portal.quotes.get({ quoteId }), '/portal/signin', `/portal/add-seats/${quoteId}`).catch((err) => {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  });
  if (q.status !== 'pending') redirect(`/portal/quotes/${q.id}`);
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <div className="space-y-6">
      <PageTitle realm="portal">{t('addSeats.reviewTitle', { number: q.number })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('addSeats.reviewTitle', { number: q.number })}</h1>
      <p className="text-slate-700">{t('addSeats.reviewLead')}</p>
      <p className="text-sm text-slate-700">{t('quote.validUntil', { date: date.format(q.expiresAt) })}{q.purchaseOrderNumber ? ` · ${t('quote.po', { number: q.purchaseOrderNumber })}` : ''}</p>
      <QuoteDetails quote={q} t={t} locale={locale} />
      <p className="flex flex-wrap items-center gap-4">
        <Link href={`/portal/add-seats/${q.id}/checkout`} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('quote.completePayment')}</Link>
        <a href={`/portal/quotes/${q.id}/pdf`} className="text-brand-700 underline">{t('quote.pdf')}</a>
      </p>
    </div>
  );
}
