import { Link } from '../../_components/link';
import { getT } from '../../../server/i18n/server';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { linkClass, portalFormat } from '../_components/format';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

const STATE_STYLE: Record<string, string> = {
  paid: 'bg-green-100 text-green-900',
  overdue: 'bg-red-100 text-red-900',
  partially_paid: 'bg-amber-100 text-amber-900',
  open: 'bg-slate-100 text-slate-800',
  void: 'bg-slate-100 text-slate-600',
};

/** CP-5 Cronologia fatture (004): the last 20 invoices; Numero fattura opens the printable invoice, PDF downloads it. */
export default async function PortalInvoicesPage() {
  const { locale, t } = await getT();
  const { limit, invoices } = await orSignIn((await serverCaller()).portal.invoices.list(), '/portal/signin', '/portal/invoices');
  const f = portalFormat(locale);
  return (
    <div className="space-y-4">
      <PageTitle realm="portal">{t('portal.invoices.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.invoices.title')}</h1>
      <p className="text-slate-700">{t('portal.invoices.lead', { n: limit })}</p>
      {invoices.length === 0 ? (
        <p>{t('portal.invoices.none')}</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">{t('portal.invoices.number')}</th>
                <th scope="col" className="px-3 py-2">{t('portal.invoices.issued')}</th>
                <th scope="col" className="px-3 py-2">{t('portal.invoices.due')}</th>
                <th scope="col" className="px-3 py-2">{t('portal.invoices.po')}</th>
                <th scope="col" className="px-3 py-2 text-right">{t('portal.invoices.total')}</th>
                <th scope="col" className="px-3 py-2 text-right">{t('portal.invoices.paid')}</th>
                <th scope="col" className="px-3 py-2 text-right">{t('portal.invoices.balance')}</th>
                <th scope="col" className="px-3 py-2">{t('portal.invoices.status')}</th>
                <th scope="col" className="px-3 py-2">{t('portal.invoices.pdf')}</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">{t('portal.pay.link')}</span></th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((inv) => (
                <tr key={inv.id} className="border-t border-slate-200" data-testid={`invoice-${inv.number}`}>
                  <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap"><Link className={linkClass} href={`/portal/invoices/${inv.id}`}>{inv.number}</Link></th>
                  <td className="px-3 py-2 whitespace-nowrap">{f.date(inv.issuedAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{inv.dueAt ? f.date(inv.dueAt) : '—'}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{inv.purchaseOrderNumber ?? '—'}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">{f.money(inv.total, inv.currency)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">{f.money(inv.amountPaid, inv.currency)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">{f.money(inv.balance, inv.currency)}</td>
                  <td className="px-3 py-2"><span className={`inline-block rounded px-2 py-0.5 text-xs font-medium whitespace-nowrap ${STATE_STYLE[inv.state]}`}>{t(`portal.invoices.status.${inv.state}` as MessageKey)}</span></td>
                  <td className="px-3 py-2"><a className={linkClass} href={`/portal/invoices/${inv.id}/pdf`} aria-label={t('portal.invoices.pdfOf', { number: inv.number })}>{t('portal.invoices.pdf')}</a></td>
                  {/* CP-6: an invoice with a balance can be paid online, in full or in part. */}
                  <td className="px-3 py-2">{inv.balance > 0n && inv.state !== 'void' && <Link className={linkClass} href={`/portal/invoices/${inv.id}/pay`} aria-label={t('portal.pay.linkOf', { number: inv.number })}>{t('portal.pay.link')}</Link>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-sm text-slate-600">{t('portal.invoices.emailed')}</p>
    </div>
  );
}
