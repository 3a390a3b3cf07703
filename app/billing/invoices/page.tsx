import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { formatMoney } from '../../../server/billing/money';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';

export const dynamic = 'force-dynamic';

/** BC-8: billing history — every invoice and receipt, and the credit notes that correct them, each as a PDF. */
export default async function InvoicesPage() {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  let invoices;
  let creditNotes;
  try {
    [invoices, creditNotes] = await Promise.all([caller.invoices.list(), caller.invoices.creditNotes()]);
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect('/signin?callbackUrl=/billing/invoices');
    if (err instanceof TRPCError && err.code === 'FORBIDDEN') redirect('/billing/subscriptions');
    throw err;
  }
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  // One history, newest first: a credit note sits next to the invoices, its amount shown as a credit.
  const rows = [
    ...invoices.map((inv) => ({ key: inv.id, testId: `invoice-${inv.number}`, number: inv.number, issuedAt: inv.issuedAt, pdf: `/billing/invoices/${inv.id}/pdf`, kind: t('invoices.kind.invoice'), note: null as string | null, amount: formatMoney({ amount: inv.total, currency: inv.currency }, locale), status: t(`invoices.status.${inv.status}` as MessageKey) })),
    ...creditNotes.map((cn) => ({ key: cn.id, testId: `credit-note-${cn.number}`, number: cn.number, issuedAt: cn.issuedAt, pdf: `/billing/credit-notes/${cn.id}/pdf`, kind: t('invoices.kind.creditNote'), note: t('invoices.corrects', { number: cn.invoiceNumber }), amount: formatMoney({ amount: -cn.total, currency: cn.currency }, locale), status: t('invoices.status.credited') })),
  ].sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime() || b.number.localeCompare(a.number));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('invoices.title')}</h1>
      <p><Link className="text-brand-700 underline" href="/billing/subscriptions">{t('checkout.backToSubscriptions')}</Link></p>
      {rows.length === 0 ? (
        <p>{t('invoices.none')}</p>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">{t('invoices.number')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.document')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.date')}</th>
              <th scope="col" className="px-3 py-2 text-right">{t('invoices.total')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.status')}</th>
              <th scope="col" className="px-3 py-2">{t('invoices.pdf')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-t border-slate-200" data-testid={r.testId}>
                <td className="px-3 py-2"><a className="text-brand-700 underline" href={r.pdf}>{r.number}</a></td>
                <td className="px-3 py-2">{r.kind}{r.note && <span className="text-slate-600"> ({r.note})</span>}</td>
                <td className="px-3 py-2">{date.format(r.issuedAt)}</td>
                <td className="px-3 py-2 text-right">{r.amount}</td>
                <td className="px-3 py-2">{r.status}</td>
                <td className="px-3 py-2"><a className="text-brand-700 underline" href={r.pdf} aria-label={`${t('invoices.pdf')} ${r.number}`}>{t('invoices.pdf')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
