import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';
import { env } from '../../../../server/env';
import { getT } from '../../../../server/i18n/server';
import type { MessageKey } from '../../../../server/i18n/messages';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { orSignIn } from '../../../_components/guard';
import { QuoteDetails } from '../../../_components/quote-details';
import { ServiceOrderProgress } from './service-order-progress';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const STATUSES = ['draft', 'placed', 'awaiting_payment', 'provisioning', 'completed', 'failed', 'compensated'] as const;
const KEYS = ['place', 'placing', 'editReview', 'note24h', 'result', 'progressTitle', 'completed', 'slaBreached', 'failed', 'admin'] as const;

/** CP-10 Dettagli ordine di servizio → Effettua ordine di servizio, then the order's steps followed live (WF-3 writes them). */
export default async function ServiceOrderPage({ params }: { params: Promise<{ serviceOrderId: string }> }) {
  const { serviceOrderId } = await params;
  const { locale, t } = await getT();
  const so = await orSignIn((await serverCaller()).portal.addSeats.serviceOrder({ serviceOrderId }), '/portal/signin', `/portal/service-orders/${serviceOrderId}`).catch((err) => {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  });
  const e = env();
  const address = so.billingAddress as { street?: string; city?: string; postcode?: string; region?: string | null } | null;
  return (
    <div className="space-y-6">
      <PageTitle realm="portal">{t('so.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('so.title')}</h1>
      {so.status === 'draft' && <p className="text-slate-700">{t('so.lead')}</p>}
      <QuoteDetails quote={so.quote} t={t} locale={locale} />
      <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-6 text-sm shadow-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">{t('so.admin')}</dt>
        <dd>{so.admin ? t(so.admin.action === 'create' ? 'so.adminCreate' : 'so.adminUpdate', { name: so.admin.name, email: so.admin.email }) : '—'}</dd>
        <dt className="font-medium">{t('checkout.so.paymentMethod')}</dt>
        <dd data-testid="so-card">{so.payment?.card ?? (so.card ? `${(so.card.brand ?? '').toUpperCase()} •••• ${so.card.last4 ?? ''}` : '—')}</dd>
        <dt className="font-medium">{t('checkout.so.billingAddress')}</dt>
        <dd>{address ? [address.street, [address.postcode, address.city].filter(Boolean).join(' '), address.region].filter(Boolean).join(', ') : '—'}</dd>
        {so.quote.purchaseOrderNumber && (
          <>
            <dt className="font-medium">{t('quote.po', { number: '' }).replace(/:\s*$/, '')}</dt>
            <dd>{so.quote.purchaseOrderNumber}</dd>
          </>
        )}
      </dl>
      <ServiceOrderProgress
        serviceOrderId={so.id}
        quoteId={so.quote.id}
        locale={locale}
        stripe={{ url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY }}
        labels={{
          ...Object.fromEntries(KEYS.map((k) => [k, t(`so.${k}` as MessageKey)])),
          statusLine: t('so.statusLine', { status: '{status}' }), payBy: t('so.payBy', { date: '{date}' }), invoice: t('so.invoice', { number: '{number}' }),
          stepPlaced: t('so.step.placed'), stepPayment: t('so.step.payment'), stepProvision: t('so.step.provision', { product: '{product}', seats: '{seats}' }),
          stepAdmin: t('so.step.admin', { name: '{name}' }), stepInvoice: t('so.step.invoice'), stepReceipt: t('so.step.receipt'),
          done: t('so.state.done'), waiting: t('so.state.waiting'), pending: t('so.state.pending'), stepFailed: t('so.state.failed'), rolledBack: t('so.state.rolledBack'),
          retry: t('so.retry'), paymentMethodTab: t('addSeats.paymentMethodTab'), authenticate: t('orderPage.authenticate'), failedGeneric: t('error.generic'),
        }}
        statuses={Object.fromEntries(STATUSES.map((s) => [s, t(`so.status.${s}` as MessageKey)]))}
      />
    </div>
  );
}
