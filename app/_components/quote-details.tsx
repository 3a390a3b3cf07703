import { formatMoney } from '../../server/billing';
import type { MessageKey } from '../../server/i18n/messages';
import type { QuoteView } from '../../server/services/quotes/view';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** CP-4 / BO-1: a quote's lines and totals, as the portal and the back office both show them (the PDF prints the same). */
export function QuoteDetails({ quote: q, t, locale }: { quote: Pick<QuoteView, 'lines' | 'currency' | 'subtotal' | 'tax' | 'total' | 'taxRateBasisPoints' | 'reverseCharge'>; t: T; locale: 'en' | 'it' }) {
  const money = (amount: bigint) => formatMoney({ amount, currency: q.currency }, locale);
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  const rate = `${(q.taxRateBasisPoints / 100).toLocaleString(locale === 'it' ? 'it-IT' : 'en-US')} %`;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm" data-testid="quote-lines">
        <thead className="bg-slate-50 text-left">
          <tr>
            <th scope="col" className="px-4 py-2">{t('quote.product')}</th>
            <th scope="col" className="px-4 py-2 text-right">{t('quote.seats')}</th>
            <th scope="col" className="px-4 py-2 text-right">{t('quote.unitPrice')}</th>
            <th scope="col" className="px-4 py-2">{t('quote.period')}</th>
            <th scope="col" className="px-4 py-2 text-right">{t('quote.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {q.lines.map((l) => (
            <tr key={l.id} className="border-t border-slate-200 align-top">
              <th scope="row" className="px-4 py-2 text-left font-medium">{l.productName} {l.tierName}</th>
              <td className="px-4 py-2 text-right">{l.seats}</td>
              <td className="px-4 py-2 text-right">
                {money(l.unitAmount)}
                {l.discountBasisPoints > 0 && (
                  <span className="block text-xs text-slate-600">{t('quote.discount', { rate: (l.discountBasisPoints / 100).toLocaleString(locale === 'it' ? 'it-IT' : 'en-US'), list: money(l.listUnitAmount) })}</span>
                )}
              </td>
              <td className="px-4 py-2">
                {t('quote.periodRange', { start: date.format(l.termStart), end: date.format(l.termEnd) })}
                <span className="block text-xs text-slate-600">{l.termKind === 'co_term' ? t('quote.coTerm') : t('quote.newTerm')}</span>
              </td>
              <td className="px-4 py-2 text-right">{money(l.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot data-testid="quote-totals">
          <tr className="border-t border-slate-200">
            <th scope="row" colSpan={4} className="px-4 py-1 text-right font-normal">{t('quote.subtotal')}</th>
            <td className="px-4 py-1 text-right">{money(q.subtotal)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4} className="px-4 py-1 text-right font-normal">{q.reverseCharge ? t('quote.reverseCharge') : t('quote.tax', { rate })}</th>
            <td className="px-4 py-1 text-right">{money(q.tax)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4} className="px-4 py-2 text-right">{t('quote.total')}</th>
            <td className="px-4 py-2 text-right font-semibold" data-testid="quote-total">{money(q.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
