import { TRPCError } from '@trpc/server';
import { Link } from '../../../../_components/link';
import { notFound } from 'next/navigation';
import { amountText } from '../../../../../server/billing/invoice-payment';
import { env } from '../../../../../server/env';
import { getT } from '../../../../../server/i18n/server';
import { serverCaller } from '../../../../../server/trpc/server-caller';
import { orSignIn } from '../../../../_components/guard';
import { linkClass, portalFormat } from '../../../_components/format';
import { PayInvoiceForm } from './pay-invoice-form';
import { PageTitle } from '../../../../_components/page-title';

export const dynamic = 'force-dynamic';

/**
 * CP-6 (004 "effettuare un pagamento completo o parziale immediato per una fattura esistente
 * utilizzando una carta di credito o di debito"): the invoice's figures, the whole balance or a part of
 * it, the saved card or a new one, Pay — processed by WF-5, with 3-D Secure in the page when asked.
 */
export default async function PayInvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  const { locale, t } = await getT();
  let view;
  try {
    view = await orSignIn((await serverCaller()).portal.invoices.payment.get({ invoiceId }), '/portal/signin', `/portal/invoices/${invoiceId}/pay`);
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  }
  const f = portalFormat(locale);
  const money = (a: bigint) => f.money(a, view.currency);
  const { range } = view;
  const e = env();
  return (
    <div className="max-w-2xl space-y-4">
      <Link className={linkClass} href="/portal/invoices">{t('portal.pay.back')}</Link>
      <PageTitle realm="portal">{t('portal.pay.title', { number: view.number })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.pay.title', { number: view.number })}</h1>
      <p className="text-slate-700">{t('portal.pay.lead')}</p>
      <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm" data-testid="pay-figures">
        <dt>{t('portal.pay.total')}</dt><dd className="text-right">{money(view.total)}</dd>
        <dt>{t('portal.pay.paid')}</dt><dd className="text-right">{money(view.amountPaid)}</dd>
        {range.inProgress > 0n && (<><dt>{t('portal.pay.inProgress')}</dt><dd className="text-right">{money(range.inProgress)}</dd></>)}
        <dt className="font-semibold">{t('portal.pay.balance')}</dt><dd className="text-right font-semibold" data-testid="pay-balance">{money(range.balance)}</dd>
      </dl>
      {!view.payable ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-4" role="status">
          {view.state === 'void' ? t('errors.invoicePayment.notPayable', { number: view.number }) : range.balance === 0n ? t('portal.pay.nothingDue') : range.inProgress > 0n ? t('portal.pay.busy') : t('portal.pay.belowCardMinimum')}
        </p>
      ) : (
        <PayInvoiceForm
          invoiceId={view.invoiceId}
          currency={view.currency}
          locale={locale}
          payable={range.payable.toString()}
          defaultPartial={amountText(range.payable, locale)}
          savedCard={view.savedCard}
          stripe={{ url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY }}
          labels={{
            full: t('portal.pay.full', { amount: money(range.payable) }),
            partial: t('portal.pay.partial'),
            amount: t('portal.pay.amount', { currency: view.currency }),
            amountHint: t('portal.pay.amountHint', { min: money(range.minimum), max: money(range.payable) }),
            amountInvalid: t('errors.invoicePayment.amount'),
            card: t('portal.pay.card'),
            savedCard: view.savedCard ? t('portal.pay.savedCard', { card: view.savedCard }) : '',
            newCard: t('portal.pay.newCard'),
            newCardDetails: t('portal.pay.newCardDetails'),
            submit: t('portal.pay.submit', { amount: '{amount}' }),
            processing: t('portal.pay.processing'),
            authenticate: t('portal.pay.authenticate'),
            succeeded: t('portal.pay.succeeded', { amount: '{amount}' }),
            balanceLeft: t('portal.pay.balanceLeft', { balance: '{balance}' }),
            paidInFull: t('portal.pay.paidInFull'),
            failed: t('portal.pay.failed', { reason: '{reason}' }),
            payRest: t('portal.pay.payRest'),
            stripeFailed: t('portal.pm.stripeFailed'),
            generic: t('error.generic'),
          }}
        />
      )}
    </div>
  );
}
