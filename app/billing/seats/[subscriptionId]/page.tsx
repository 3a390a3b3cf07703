import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound, redirect } from 'next/navigation';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { SeatTable } from './seat-table';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-6: after buying seats, admins assign them to users (never more than purchased). */
export default async function SeatsPage({ params }: { params: Promise<{ subscriptionId: string }> }) {
  const { subscriptionId } = await params;
  const { t } = await getT();
  const caller = await serverCaller();
  let view;
  try {
    view = await caller.seats.list({ subscriptionId });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect(`/signin?callbackUrl=/billing/seats/${encodeURIComponent(subscriptionId)}`);
    if (err instanceof TRPCError && err.code === 'FORBIDDEN') redirect('/billing/subscriptions');
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  }
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('seats.title', { product: view.productName })}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('seats.title', { product: view.productName })}</h1>
      <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
      <SeatTable
        initial={view}
        labels={{
          summary: t('seats.summary', { assigned: '{assigned}', seats: '{seats}' }), user: t('seats.user'), seat: t('seats.seat'),
          assign: t('seats.assign', { name: '{name}' }), unassign: t('seats.unassign', { name: '{name}' }), assignShort: t('seats.assignShort'), unassignShort: t('seats.unassignShort'),
          has: t('seats.has'), none: t('seats.none'), failed: t('error.generic'),
        }}
      />
    </div>
  );
}
