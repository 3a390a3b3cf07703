import { TRPCError } from '@trpc/server';
import { Link } from '../../../../_components/link';
import { notFound, redirect } from 'next/navigation';
import { getT } from '../../../../../server/i18n/server';
import { serverCaller } from '../../../../../server/trpc/server-caller';
import { orSignIn } from '../../../../_components/guard';
import { QuoteDetails } from '../../../../_components/quote-details';
import { ServiceOrderCheckoutForm } from './checkout-form';
import { PageTitle } from '../../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-10 / CP-4 Completa il pagamento: review and update the admin contact, payment method and billing address. */
export default async function ServiceOrderCheckoutPage({ params }: { params: Promise<{ quoteId: string }> }) {
  const { quoteId } = await params;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const data = await orSignIn(caller.portal.addSeats.checkout({ quoteId }), '/portal/signin', `/portal/add-seats/${quoteId}/checkout`).catch((err) => {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    // Not eligible / no card: the add-seats page explains and links where to go.
    if (err instanceof TRPCError && (err.code === 'FORBIDDEN' || err.code === 'CONFLICT')) redirect('/portal/add-seats');
    throw err;
  });
  if (data.quote.status !== 'pending' || (data.serviceOrder && data.serviceOrder.status !== 'draft')) redirect(`/portal/quotes/${quoteId}`);
  const card = data.card;
  return (
    <div className="space-y-6">
      <PageTitle realm="portal">{t('checkout.so.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('checkout.so.title')}</h1>
      <p className="text-slate-700">{t('checkout.so.lead')}</p>
      <QuoteDetails quote={data.quote} t={t} locale={locale} />
      <section aria-labelledby="payment-method" className="space-y-1 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="payment-method" className="text-lg font-semibold">{t('checkout.so.paymentMethod')}</h2>
        {card && <p data-testid="card">{t('checkout.so.card', { brand: (card.brand ?? 'card').toUpperCase(), last4: card.last4 ?? '????', month: String(card.expMonth ?? ''), year: String(card.expYear ?? '') })}</p>}
        <p><Link href="/portal/payment-method" className="text-sm text-brand-700 underline">{t('checkout.so.changeCard')}</Link></p>
      </section>
      <ServiceOrderCheckoutForm
        quoteId={quoteId}
        admins={data.admins.map((a) => ({ id: a.id, label: `${a.name} (${a.email})`, name: a.name, email: a.email }))}
        initial={{
          adminUserId: data.serviceOrder?.adminUserId ?? null,
          adminName: data.serviceOrder?.adminName ?? '',
          adminEmail: data.serviceOrder?.adminEmail ?? '',
          street: data.billingAddress.street ?? '',
          city: data.billingAddress.city ?? '',
          postcode: data.billingAddress.postcode ?? '',
          region: data.billingAddress.region ?? '',
        }}
        country={data.billingAddress.country}
        labels={{
          admin: t('checkout.so.admin'), adminLead: t('checkout.so.adminLead'), adminWho: t('checkout.so.adminWho'), adminNew: t('checkout.so.adminNew'),
          adminName: t('checkout.so.adminName'), adminEmail: t('checkout.so.adminEmail'), billingAddress: t('checkout.so.billingAddress'),
          street: t('checkout.so.street'), city: t('checkout.so.city'), postcode: t('checkout.so.postcode'), region: t('checkout.so.region'),
          country: t('checkout.so.country', { country: data.billingAddress.country }), save: t('checkout.so.save'), saving: t('addSeats.saving'), failed: t('error.generic'),
        }}
      />
    </div>
  );
}
