import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound, redirect } from 'next/navigation';
import { env } from '../../../../server/env';
import { getT } from '../../../../server/i18n/server';
import { intlTag } from '../../../../server/i18n/locale';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { ModifyForm } from './modify-form';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-4 (seed 002): options → Modify subscription → Edit → order summary → Complete the transaction → Place order. */
export default async function ModifyPage({ params }: { params: Promise<{ subscriptionId: string }> }) {
  const { subscriptionId } = await params;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  let form;
  try {
    form = await caller.subscriptionChange.form({ subscriptionId });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect(`/signin?callbackUrl=/billing/modify/${encodeURIComponent(subscriptionId)}`);
    // A malformed or unknown subscription ID is a page that does not exist.
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    if (err instanceof TRPCError && ['CONFLICT', 'FORBIDDEN'].includes(err.code)) {
      return (
        <div className="space-y-4">
          <PageTitle realm="billing">{t('subs.optionModify')}</PageTitle>
          <h1 className="text-2xl font-semibold">{t('subs.optionModify')}</h1>
          <p role="alert" className="text-red-700">{err.message}</p>
          <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
        </div>
      );
    }
    throw err;
  }
  const e = env();
  const keys = [
    'modify.summary', 'modify.period', 'modify.seats', 'modify.planCost', 'modify.unusedCredit', 'modify.creditApplied', 'modify.totalDue', 'modify.creditAdded',
    'modify.noPayment', 'modify.pricing', 'modify.complete', 'modify.review', 'modify.inProgress', 'modify.viewOrder', 'modify.confirmAgain', 'modify.lowerTier', 'modify.current', 'modify.selection',
    'order.edit', 'order.plan', 'order.seats', 'order.frequency', 'order.completeTransaction', 'order.addToCart', 'checkout.editOrder', 'checkout.payment', 'checkout.card', 'checkout.vat',
    'checkout.vatHint', 'checkout.vatApply', 'checkout.reverseCharge', 'doc.reverseChargeNote', 'checkout.placeOrder', 'checkout.placing', 'checkout.savingCard', 'subs.frequency.monthly', 'subs.frequency.annual', 'error.generic',
  ] as const;
  const labels = Object.fromEntries(keys.map((k) => [k, t(k, { start: '{start}', end: '{end}', rate: '{rate}', price: '{price}' })])) as Record<(typeof keys)[number], string>;
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('modify.title', { product: form.productName })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('modify.title', { product: form.productName })}</h1>
      <p className="text-slate-700">{t('modify.lead')}</p>
      {form.assignedSeats > 0 && <p className="text-sm text-slate-700">{t('modify.assigned', { n: form.assignedSeats })}</p>}
      <ModifyForm
        locale={locale}
        subscriptionId={form.subscriptionId}
        currency={form.currency}
        current={{ tierId: form.current.tierId, seats: form.current.seats, frequency: form.current.frequency }}
        tiers={form.tiers.map((x) => ({ id: x.id, name: x.name, lower: x.lower, monthly: x.unitAmount.monthly?.toString() ?? null, annual: x.unitAmount.annual?.toString() ?? null }))}
        changeInProgress={form.changeInProgress}
        cartItems={form.cartItems}
        stripe={{ url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY }}
        labels={{ ...labels, tax: t('modify.tax', { rate: '{rate}' }), perSeat: t('order.perSeat', { price: '{price}' }), nextBilling: form.current.periodEnd ? t('modify.nextBilling', { date: new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(form.current.periodEnd) }) : '' }}
      />
    </div>
  );
}
