import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { env } from '../../../../server/env';
import { getT } from '../../../../server/i18n/server';
import type { MessageKey } from '../../../../server/i18n/messages';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { OrderProgress } from './order-progress';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-3: the order page follows the workflow's progress (payment → activation → invoice → email) until it is done. */
export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  try {
    await caller.orders.get({ orderId });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect(`/signin?callbackUrl=/billing/orders/${encodeURIComponent(orderId)}`);
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST' || err.code === 'FORBIDDEN')) notFound();
    throw err;
  }
  const e = env();
  const keys = ['placed', 'payment', 'activation', 'invoice', 'email', 'waiting', 'done', 'pending', 'failed', 'authenticate', 'completed', 'failedTitle', 'retry', 'assignSeats', 'downloadInvoice', 'downloadCreditNote', 'activationChange', 'creditNote', 'completedChange', 'failedTitleChange', 'backToSubscriptions',
    'lines', 'newSubscription', 'changeOf', 'renewalOf', 'activationMixed', 'completedMixed', 'failedTitleMixed', 'totalCharged', 'refunded', 'refundedNote'] as const;
  const labels = Object.fromEntries(keys.map((k) => [k, t(`orderPage.${k}` as MessageKey, { number: '{number}', amount: '{amount}', card: '{card}' })])) as Record<(typeof keys)[number], string>;
  // BC-5: every line of the order (conversions and changes with their credit for unused time) and the totals.
  const lineLabels = {
    seatsMonthly: t('orderPage.seatsMonthly', { seats: '{seats}' }), seatsAnnual: t('orderPage.seatsAnnual', { seats: '{seats}' }),
    planCost: t('modify.planCost'), unusedCredit: t('modify.unusedCredit'), subtotal: t('checkout.subtotal'), creditApplied: t('modify.creditApplied'),
    tax: t('modify.tax', { rate: '{rate}' }), creditAdded: t('modify.creditAdded'),
  };
  const statuses = Object.fromEntries(['pending', 'processing', 'awaiting_payment', 'completed', 'failed', 'cancelled'].map((s) => [s, t(`orderStatus.${s}` as MessageKey)]));
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('orderPage.title', { id: orderId })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('orderPage.title', { id: orderId })}</h1>
      <OrderProgress
        orderId={orderId}
        locale={locale}
        stripe={{ url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY }}
        labels={{ ...labels, ...lineLabels, statusLine: t('orderPage.status', { status: '{status}' }) }}
        statuses={statuses}
      />
    </div>
  );
}
