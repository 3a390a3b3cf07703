import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound, redirect } from 'next/navigation';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { OrderForm } from './order-form';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-3 step 2–3: "Subscribe now" opens the product's order form with a default tier; "Edit" changes it. */
export default async function SubscribePage({ params }: { params: Promise<{ subscriptionId: string }> }) {
  const { subscriptionId } = await params;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  let form;
  try {
    form = await caller.checkout.orderForm({ subscriptionId });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect(`/signin?callbackUrl=/billing/subscribe/${encodeURIComponent(subscriptionId)}`);
    // A malformed or unknown subscription ID is a page that does not exist.
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    if (err instanceof TRPCError && ['CONFLICT', 'FORBIDDEN'].includes(err.code)) {
      return (
        <div className="space-y-4">
          <PageTitle realm="billing">{t('checkout.title')}</PageTitle>
          <h1 className="text-2xl font-semibold">{t('checkout.title')}</h1>
          <p role="alert" className="text-red-700">{err.message}</p>
          <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
        </div>
      );
    }
    throw err;
  }
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('order.title', { product: form.productName })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('order.title', { product: form.productName })}</h1>
      <p className="text-slate-700">{t('order.lead', { date: form.trialEndsAt ? date.format(form.trialEndsAt) : '' })}</p>
      <OrderForm
        locale={locale}
        subscriptionId={form.subscriptionId}
        currency={form.currency}
        selection={form.selection}
        tiers={form.tiers.map((x) => ({ id: x.id, name: x.name, monthly: x.unitAmount.monthly?.toString() ?? null, annual: x.unitAmount.annual?.toString() ?? null }))}
        otherItemsInCart={form.otherItemsInCart}
        labels={{
          edit: t('order.edit'), plan: t('order.plan'), seats: t('order.seats'), frequency: t('order.frequency'),
          monthly: t('subs.frequency.monthly'), annual: t('subs.frequency.annual'), perSeat: t('order.perSeat', { price: '{price}' }), price: t('order.price'),
          complete: t('order.completeTransaction'), addToCart: t('order.addToCart'), cartHasItems: t('order.cartHasItems', { n: form.otherItemsInCart }),
          failed: t('error.generic'),
        }}
      />
    </div>
  );
}
