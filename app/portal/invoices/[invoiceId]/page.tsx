import { TRPCError } from '@trpc/server';
import { Link } from '../../../_components/link';
import { notFound } from 'next/navigation';
import { invoiceBalance, invoiceState } from '../../../../server/billing/invoice-state';
import { getT } from '../../../../server/i18n/server';
import type { MessageKey } from '../../../../server/i18n/messages';
import type { PartySnapshot } from '../../../../db/schema';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { orSignIn } from '../../../_components/guard';
import { linkClass, portalFormat } from '../../_components/format';
import { PrintButton } from './print-button';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-5 (004 "Fai clic su Numero fattura … per visualizzarla"): the invoice as a printable page, with its PDF. */
export default async function PortalInvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  const { locale, t } = await getT();
  let inv;
  try {
    inv = await orSignIn((await serverCaller()).portal.invoices.get({ invoiceId }), '/portal/signin', `/portal/invoices/${invoiceId}`);
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  }
  const f = portalFormat(locale);
  const money = (a: bigint) => f.money(a, inv.currency);
  const state = invoiceState({ status: inv.status as 'open' | 'paid' | 'void', total: inv.total, amountPaid: inv.amountPaid, dueAt: inv.dueAt ?? null }, new Date());
  const rate = new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-US', { maximumFractionDigits: 2 }).format(inv.taxRateBasisPoints / 100);
  const party = (p: PartySnapshot) => (
    <address className="not-italic text-sm leading-6">
      <strong>{p.name}</strong>
      {[p.street, [p.postcode, p.city, p.region].filter(Boolean).join(' '), p.country].filter(Boolean).map((l) => <span key={l} className="block">{l}</span>)}
      {p.vat_number && <span className="block">{t('portal.invoice.vat', { vat: p.vat_number })}</span>}
      {p.contact_name && <span className="block">{p.portal_user_id ? t('portal.invoice.contact', { name: p.contact_name, userId: p.portal_user_id }) : p.contact_name}</span>}
      {p.email && <span className="block">{p.email}</span>}
    </address>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link className={linkClass} href="/portal/invoices">{t('portal.invoice.back')}</Link>
        <div className="flex gap-2">
          {inv.status === 'open' && invoiceBalance(inv) > 0n && (
            <Link className="rounded-md border border-brand-600 px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50" href={`/portal/invoices/${inv.id}/pay`}>{t('portal.pay.link')}</Link>
          )}
          <PrintButton label={t('portal.invoice.print')} />
          <a className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700" href={`/portal/invoices/${inv.id}/pdf`}>{t('portal.invoice.download')}</a>
        </div>
      </div>
      <article className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm print:border-0 print:shadow-none" aria-labelledby="invoice-title">
        <header className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <PageTitle realm="portal">{t('portal.invoice.title', { number: inv.number })}</PageTitle>
            <h1 id="invoice-title" className="text-2xl font-semibold">{t('portal.invoice.title', { number: inv.number })}</h1>
            <p className="text-sm text-slate-700">{t('portal.invoice.issued', { date: f.date(inv.issuedAt) })}{inv.dueAt ? ` · ${t('portal.invoice.dueOn', { date: f.date(inv.dueAt) })}` : ''}</p>
            {inv.purchaseOrderNumber && <p className="text-sm text-slate-700">{t('portal.invoice.po', { number: inv.purchaseOrderNumber })}</p>}
          </div>
          <span className="rounded bg-slate-100 px-2 py-1 text-sm font-medium" data-testid="invoice-state">{t(`portal.invoices.status.${state}` as MessageKey)}</span>
        </header>
        <div className="grid gap-6 sm:grid-cols-2">
          <section aria-labelledby="inv-seller"><h2 id="inv-seller" className="mb-1 text-xs font-semibold uppercase text-slate-600">{t('portal.invoice.seller')}</h2>{party(inv.seller)}</section>
          <section aria-labelledby="inv-buyer"><h2 id="inv-buyer" className="mb-1 text-xs font-semibold uppercase text-slate-600">{t('portal.invoice.buyer')}</h2>{party(inv.buyer)}</section>
        </div>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-slate-300 text-left">
              <tr>
                <th scope="col" className="py-2 pr-3">{t('portal.invoice.description')}</th>
                <th scope="col" className="py-2 pr-3 text-right">{t('portal.invoice.quantity')}</th>
                <th scope="col" className="py-2 pr-3 text-right">{t('portal.invoice.unitPrice')}</th>
                <th scope="col" className="py-2 text-right">{t('portal.invoice.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {inv.lines.map((l, i) => (
                <tr key={i} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-3">{l.description}{l.periodStart && l.periodEnd && <span className="block text-xs text-slate-600">{t('portal.invoice.period', { start: f.date(l.periodStart), end: f.date(l.periodEnd) })}</span>}</td>
                  <td className="py-2 pr-3 text-right">{l.quantity}</td>
                  <td className="py-2 pr-3 text-right whitespace-nowrap">{money(l.unitAmount)}</td>
                  <td className="py-2 text-right whitespace-nowrap">{money(l.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="ml-auto grid max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1 text-sm">
          <dt>{t('portal.invoice.subtotal')}</dt><dd className="text-right">{money(inv.subtotal)}</dd>
          <dt>{inv.reverseCharge ? t('portal.invoice.reverseCharge') : t('portal.invoice.tax', { rate })}</dt><dd className="text-right">{money(inv.tax)}</dd>
          <dt className="font-semibold">{t('portal.invoice.total')}</dt><dd className="text-right font-semibold">{money(inv.total)}</dd>
          <dt>{t('portal.invoice.paid')}</dt><dd className="text-right">{money(inv.amountPaid)}</dd>
          <dt className="font-semibold">{t('portal.invoice.balance')}</dt><dd className="text-right font-semibold" data-testid="invoice-balance">{money(invoiceBalance(inv))}</dd>
        </dl>
      </article>
    </div>
  );
}
