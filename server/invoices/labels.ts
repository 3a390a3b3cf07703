import type { Currency, DocumentLineKind, Frequency } from '../../db/schema';
import { formatMoney } from '../billing/money';
import { intlTag, type Locale } from '../i18n/locale';
import { translate } from '../i18n/messages';

/**
 * BC-8: what the invoice / credit note PDF needs besides its words (which are `doc.*` messages of
 * server/i18n): formats per locale, and each line's description by what the line is.
 */

/** The billing documents the one PDF renderer prints (SPEC §8: invoices, corrected by credit notes; CP-4 quotes). */
export type DocumentKind = 'invoice' | 'creditNote' | 'quote';

/** What a stored line is (invoice_lines / credit_note_lines, 0015); lines issued before print their stored text. */
export interface DocumentLineWhat {
  description: string;
  kind?: DocumentLineKind | null;
  productName?: string | null;
  tierName?: string | null;
  frequency?: Frequency | null;
}

/** BC-8: a line's description in the viewer's language, from what the line is (its figures never change). */
export function documentLineDescription(locale: Locale, l: DocumentLineWhat): string {
  if (l.kind === 'credit_applied') return translate(locale, 'doc.line.creditApplied');
  if (l.kind === 'unused_credit' && l.productName) return translate(locale, 'doc.line.unusedCredit', { product: l.productName });
  if (l.kind === 'plan' && l.productName && l.tierName && l.frequency) return translate(locale, 'doc.line.plan', { product: l.productName, tier: l.tierName, frequency: l.frequency });
  return l.description;
}

/** Locale-aware display of a document's money (integer minor units in), dates (UTC, the invoice year's zone) and VAT rates. */
export function documentFormat(locale: Locale) {
  const tag = intlTag(locale);
  const date = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const rate = new Intl.NumberFormat(tag, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return {
    money: (amount: bigint, currency: Currency) => formatMoney({ amount, currency }, locale),
    date: (d: Date) => date.format(d),
    /** Basis points as a percentage number, from a decimal string (2150 → "21.5" / "21,5"). */
    rate: (basisPoints: number) => {
      if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) throw new RangeError(`not a tax rate in basis points: ${basisPoints}`);
      return rate.format(`${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}` as Intl.StringNumericLiteral);
    },
  };
}
