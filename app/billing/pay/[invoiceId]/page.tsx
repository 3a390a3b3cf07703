import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound, redirect } from 'next/navigation';
import { formatMoney } from '../../../../server/billing/money';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { ReplaceCardForm } from '../../payment-method/replace-card-form';
import { stripeJsConfig } from '../../_components/stripe-config';
import { PayNowButton } from './pay-now-button';
import { isForbidden, orSignIn } from '../../../_components/guard';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/**
 * BC-9 dunning page, linked from every payment-failure email: the open renewal invoice, why the card
 * failed and when we try again; the billing admin replaces the card and pays now.
 */
export default async function PayInvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  const { locale, t } = await getT();
  const back = `/billing/pay/${invoiceId}`;
  if (!/^inv_[0-9A-Za-z_]+$/.test(invoiceId)) notFound();
  const caller = await serverCaller();
  let view;
  try {
    view = await orSignIn(caller.renewals.payPage({ invoiceId }), '/signin', back);
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    if (isForbidden(err)) redirect('/billing/subscriptions');
    throw err;
  }
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
  const amount = formatMoney({ amount: view.amountDue, currency: view.currency }, locale);
  const paid = view.invoiceStatus === 'paid';
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('pay.title', { number: view.invoiceNumber })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('pay.title', { number: view.invoiceNumber })}</h1>
      <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('pay.backToSubscriptions')}</Link></p>
      <section aria-labelledby="invoice-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="invoice-heading" className="text-lg font-semibold">{view.productName} {view.tierName}</h2>
        {paid ? (
          <p role="status" className="text-green-800" data-testid="invoice-paid">{t('pay.alreadyPaid', { number: view.invoiceNumber })}</p>
        ) : (
          <p>{t('pay.lead', { product: view.productName, start: date.format(view.periodStart), end: date.format(view.periodEnd) })}</p>
        )}
        <dl className="grid max-w-lg grid-cols-2 gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t('pay.invoice')}</dt>
          <dd><a className="text-brand-700 underline" href={`/billing/invoices/${view.invoiceId}/pdf`}>{t('pay.downloadInvoice', { number: view.invoiceNumber })}</a></dd>
          <dt className="text-slate-600">{t('pay.period')}</dt>
          <dd>{date.format(view.periodStart)} – {date.format(view.periodEnd)}</dd>
          {!paid && (
            <>
              <dt className="text-slate-600">{t('pay.amountDue')}</dt>
              <dd className="font-semibold" data-testid="amount-due">{amount}</dd>
            </>
          )}
          {!paid && view.reason && (
            <>
              <dt className="text-slate-600">{t('pay.reason')}</dt>
              <dd data-testid="failure-reason">{view.reason}</dd>
            </>
          )}
        </dl>
        {!paid && view.nextAttemptAt && <p className="text-sm text-slate-700">{t('pay.nextAttempt', { date: date.format(view.nextAttemptAt) })}</p>}
        {!paid && view.lapsedAt && <p className="text-sm text-amber-900">{t('pay.lapsed', { product: view.productName, date: date.format(view.lapsedAt) })}</p>}
      </section>
      {!paid && (
        <section aria-labelledby="pay-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="pay-heading" className="text-lg font-semibold">{t('pay.card')}</h2>
          <p data-testid="pay-card">{view.card?.label ?? t('pay.noCard')}</p>
          <ReplaceCardForm
            hasCard={view.card !== null}
            stripe={stripeJsConfig()}
            labels={{ replace: t('pay.changeCard'), add: t('paymentMethod.add'), card: t('paymentMethod.newCard'), save: t('paymentMethod.save'), saving: t('paymentMethod.saving'), done: t('paymentMethod.done'), cancel: t('paymentMethod.cancel'), failed: t('error.generic') }}
          />
          {view.card && (
            <PayNowButton
              invoiceId={view.invoiceId}
              stripe={stripeJsConfig()}
              labels={{ submit: t('pay.submit', { amount }), paying: t('pay.paying'), authenticate: t('pay.authenticate'), paid: t('pay.paid', { number: view.invoiceNumber, product: view.productName }), failed: t('error.generic') }}
            />
          )}
        </section>
      )}
    </div>
  );
}
