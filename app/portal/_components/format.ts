import type { Currency } from '../../../db/schema';
import { formatMoney } from '../../../server/billing/money';
import type { Locale } from '../../../server/i18n/messages';
import { formatters } from '../../_components/format';

/** Dates (UTC calendar days, as invoices print them) and money (integer minor units) for portal pages, in the viewer's language. */
export function portalFormat(locale: Locale) {
  const { date } = formatters(locale);
  return {
    date: (d: Date | string) => date(typeof d === 'string' ? new Date(`${d}T00:00:00Z`) : d),
    money: (amount: bigint, currency: Currency) => formatMoney({ amount, currency }, locale),
  };
}

export const card = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';
export const linkClass = 'text-brand-700 underline';
export const buttonClass = 'rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60';
