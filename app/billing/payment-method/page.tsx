import { Link } from '../../_components/link';
import { redirect } from 'next/navigation';
import { getT } from '../../../server/i18n/server';
import { cardLabel } from '../../../server/payments/card-label';
import { serverCaller } from '../../../server/trpc/server-caller';
import { stripeJsConfig } from '../_components/stripe-config';
import { ReplaceCardForm } from './replace-card-form';
import { isForbidden, orSignIn } from '../../_components/guard';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-9: the saved card, and replacing it outside any checkout (SetupIntent); renewals and dunning retries use it. */
export default async function PaymentMethodPage() {
  const { t } = await getT();
  const caller = await serverCaller();
  let card;
  let states;
  try {
    [card, states] = await orSignIn(Promise.all([caller.paymentMethod.get(), caller.renewals.states()]), '/signin', '/billing/payment-method');
  } catch (err) {
    if (isForbidden(err)) redirect('/billing/subscriptions');
    throw err;
  }
  const overdue = Object.values(states).find((s) => s.state === 'past_due' || s.state === 'lapsed');
  const label = card ? cardLabel(card.brand, card.last4) : null;
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('paymentMethod.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('paymentMethod.title')}</h1>
      <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
      <section aria-labelledby="saved-card" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="saved-card" className="text-lg font-semibold">{t('paymentMethod.saved')}</h2>
        <p className="text-sm text-slate-700">{t('paymentMethod.lead')}</p>
        {card && label ? (
          <p className="font-medium" data-testid="saved-card">
            {t('paymentMethod.card', { card: label, month: String(card.expMonth ?? '').padStart(2, '0'), year: String(card.expYear ?? '') })}
          </p>
        ) : (
          <p data-testid="saved-card">{t('paymentMethod.none')}</p>
        )}
        {overdue && 'invoiceId' in overdue && (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t('paymentMethod.pastDue')}{' '}
            <Link className="font-medium underline" href={`/billing/pay/${overdue.invoiceId}`}>{t('renewals.payInvoice', { number: overdue.invoiceNumber })}</Link>
          </p>
        )}
      </section>
      <ReplaceCardForm
        hasCard={card !== null}
        stripe={stripeJsConfig()}
        labels={{ replace: t('paymentMethod.replace'), add: t('paymentMethod.add'), card: t('paymentMethod.newCard'), save: t('paymentMethod.save'), saving: t('paymentMethod.saving'), done: t('paymentMethod.done'), cancel: t('paymentMethod.cancel'), failed: t('error.generic') }}
      />
    </div>
  );
}
