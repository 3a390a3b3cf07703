import { formatters } from '../../_components/format';
import { TRPCError } from '@trpc/server';
import { Link } from '../../_components/link';
import { redirect } from 'next/navigation';
import { formatMoney } from '../../../server/billing/money';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** BC-8: billing history — every invoice and receipt, and the credit notes that correct them, each as a PDF. */
export default async function InvoicesPage({ searchParams }: { searchParams: Promise<{ before?: string | string[]; after?: string | string[] }> }) {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
  let history;
  try {
    history = await caller.invoices.history(one(params.before) ? { before: one(params.before) } : one(params.after) ? { after: one(params.after) } : undefined);
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect('/signin?callbackUrl=/billing/invoices');
    if (err instanceof TRPCError && err.code === 'FORBIDDEN') redirect('/billing/subscriptions');
    // A cursor that is not ours (an edited link): start again at the newest documents.
    if (err instanceof TRPCError && err.code === 'BAD_REQUEST') redirect('/billing/invoices');
    throw err;
  }
  const date = formatters(locale);
  // One history, newest first: a credit note sits next to the invoices, its amount shown as a credit.
  const rows = history.rows.map((r) =>
    r.kind === 'invoice'
      ? { key: r.id, testId: `invoice-${r.number}`, number: r.number, issuedAt: r.issuedAt, pdf: `/billing/invoices/${r.id}/pdf`, kind: t('invoices.kind.invoice'), note: null as string | null, amount: formatMoney({ amount: r.total, currency: r.currency }, locale), status: t(`invoices.status.${r.status}` as MessageKey) }
      : { key: r.id, testId: `credit-note-${r.number}`, number: r.number, issuedAt: r.issuedAt, pdf: `/billing/credit-notes/${r.id}/pdf`, kind: t('invoices.kind.creditNote'), note: t('invoices.corrects', { number: r.corrects ?? '' }), amount: formatMoney({ amount: -r.total, currency: r.currency }, locale), status: t('invoices.status.credited') },
  );
  return (
    <div className="space-y-6">
      <PageTitle realm="billing">{t('invoices.title')}</PageTitle>
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
                <td className="px-3 py-2">{date.date(r.issuedAt)}</td>
                <td className="px-3 py-2 text-right">{r.amount}</td>
                <td className="px-3 py-2">{r.status}</td>
                <td className="px-3 py-2"><a className="text-brand-700 underline" href={r.pdf} aria-label={`${t('invoices.pdf')} ${r.number}`}>{t('invoices.pdf')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(history.newer || history.older) && (
        <nav aria-label={t('invoices.pages')} className="flex justify-between text-sm">
          {history.newer ? <Link className="text-brand-700 underline" href={`/billing/invoices?after=${history.newer}`}>{t('invoices.newer')}</Link> : <span />}
          {history.older ? <Link className="text-brand-700 underline" href={`/billing/invoices?before=${history.older}`}>{t('invoices.older')}</Link> : <span />}
        </nav>
      )}
    </div>
  );
}
