import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { formatMoney } from '../../../server/billing/money';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';

export const dynamic = 'force-dynamic';

/** BC-8: billing history — every invoice and receipt, each as a PDF. */
export default async function InvoicesPage() {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  let invoices;
  try {
    invoices = await caller.invoices.list();
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect('/signin?callbackUrl=/billing/invoices');
    if (err instanceof TRPCError && err.code === 'FORBIDDEN') redirect('/billing/subscriptions');
    throw err;
  }
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('invoices.title')}</h1>
      <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
      {invoices.length === 0 ? (
        <p>{t('invoices.none')}</p>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">{t('invoices.number')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.date')}</th>
              <th scope="col" className="px-3 py-2 text-right">{t('invoices.total')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.status')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.pdf')}</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((inv) => (
              <tr key={inv.id} className="border-t border-slate-200" data-testid={`invoice-${inv.number}`}>
                <td className="px-3 py-2"><a className="text-brand-700 underline" href={`/billing/invoices/${inv.id}/pdf`}>{inv.number}</a></td>
                <td className="px-3 py-2">{date.format(inv.issuedAt)}</td>
                <td className="px-3 py-2 text-right">{formatMoney({ amount: inv.total, currency: inv.currency }, locale)}</td>
                <td className="px-3 py-2">{t(`invoices.status.${inv.status}` as MessageKey)}</td>
                <td className="px-3 py-2"><a className="text-brand-700 underline" href={`/billing/invoices/${inv.id}/pdf`} aria-label={`${t('invoices.pdf')} ${inv.number}`}>{t('invoices.pdf')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
