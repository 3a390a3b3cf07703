import { TRPCError } from '@trpc/server';
import { Link } from '../../_components/link';
import { redirect } from 'next/navigation';
import { env } from '../../../server/env';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { CheckoutForm } from './checkout-form';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-3 step 4–5 / BC-5: review the cart (Edit order), then card + optional VAT number → Place order. */
export default async function CheckoutPage() {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  let cart;
  try {
    cart = await caller.cart.get();
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect('/signin?callbackUrl=/billing/checkout');
    if (err instanceof TRPCError && err.code === 'FORBIDDEN') redirect('/billing/subscriptions');
    throw err;
  }
  if (!cart.cartId || cart.items.length === 0) {
    return (
      <div className="space-y-4">
        <PageTitle realm="billing">{t('checkout.title')}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('checkout.title')}</h1>
        <p>{t('checkout.empty')}</p>
        <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
      </div>
    );
  }
  const e = env();
  const q = cart.quote;
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('checkout.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('checkout.title')}</h1>
      <CheckoutForm
        locale={locale}
        cartId={cart.cartId}
        problem={cart.problem}
        items={cart.items.map((i) => ({ kind: i.kind, subscriptionId: i.subscriptionId }))}
        initialQuote={q ? serializeQuote(q) : null}
        stripe={{ url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY }}
        labels={{
          review: t('checkout.review'), editOrder: t('checkout.editOrder'), remove: t('checkout.remove'), period: t('checkout.period', { start: '{start}', end: '{end}' }),
          subtotal: t('checkout.subtotal'), credit: t('checkout.credit'), tax: t('checkout.tax', { rate: '{rate}' }), reverseCharge: t('checkout.reverseCharge'), reverseChargeNote: t('doc.reverseChargeNote'), total: t('checkout.total'),
          complete: t('order.completeTransaction'), payment: t('checkout.payment'), card: t('checkout.card'), vat: t('checkout.vat'), vatHint: t('checkout.vatHint'), vatApply: t('checkout.vatApply'),
          placeOrder: t('checkout.placeOrder'), placing: t('checkout.placing'), savingCard: t('checkout.savingCard'), problem: t('checkout.problem'), failed: t('error.generic'),
          unusedCredit: t('modify.unusedCredit'), creditAdded: t('modify.creditAdded'), seats: t('subs.seats'), monthly: t('subs.frequency.monthly'), annual: t('subs.frequency.annual'),
        }}
      />
    </div>
  );
}

export interface SerializedQuote {
  currency: string;
  lines: Array<{ kind: 'conversion' | 'change'; subscriptionId: string; productName: string; tierName: string; seats: number; frequency: 'monthly' | 'annual'; planAmount: string; creditAmount: string; periodStart: string; periodEnd: string }>;
  subtotal: string;
  creditApplied: string;
  tax: string;
  total: string;
  creditAdded: string;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  taxNote: string | null;
}

export function serializeQuote(q: NonNullable<Awaited<ReturnType<Awaited<ReturnType<typeof serverCaller>>['cart']['get']>>['quote']>): SerializedQuote {
  return {
    currency: q.currency,
    lines: q.lines.map((l) => ({ kind: l.kind, creditAmount: l.creditAmount.toString(), subscriptionId: l.subscriptionId, productName: l.productName, tierName: l.tierName, seats: l.seats, frequency: l.frequency, planAmount: l.planAmount.toString(), periodStart: l.periodStart.toISOString(), periodEnd: l.periodEnd.toISOString() })),
    subtotal: q.subtotal.toString(),
    creditApplied: q.creditApplied.toString(),
    tax: q.tax.toString(),
    total: q.total.toString(),
    creditAdded: q.creditAdded.toString(),
    taxRateBasisPoints: q.taxRateBasisPoints,
    reverseCharge: q.reverseCharge,
    taxNote: q.taxNote,
  };
}
