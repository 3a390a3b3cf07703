import type { Currency } from '../../db/schema';
import { formatMoney } from '../billing/money';
import { REVERSE_CHARGE_NOTE } from '../billing/tax';
import type { Locale } from '../i18n/messages';

/** The billing documents the one PDF renderer prints (SPEC §8: invoices, corrected by credit notes; CP-4 quotes). */
export type DocumentKind = 'invoice' | 'creditNote' | 'quote';

export interface DocumentLabels {
  /** Heading and PDF title. */
  title: Record<DocumentKind, string>;
  number: Record<DocumentKind, string>;
  date: string;
  status: Record<'open' | 'paid' | 'void', string>;
  seller: string;
  buyer: string;
  /** Printed before a party's VAT number. */
  vatNumber: string;
  purchaseOrder: string;
  description: string;
  seats: string;
  unitPrice: string;
  amount: string;
  /** {start}, {end} */
  period: string;
  subtotal: string;
  /** {rate} */
  vat: string;
  vatReverseCharge: string;
  total: Record<DocumentKind, string>;
  paid: string;
  reverseChargeNote: string;
  /** Credit notes: {number}, {date} of the invoice corrected. */
  corrects: string;
  creditedToBalance: string;
  /** Quotes: {date} */
  validUntil: string;
  /** Quotes: a discounted line, {list} {discount} */
  discounted: string;
  /** Quotes: {url} of the portal page where it is accepted or rejected */
  acceptInPortal: string;
}

/**
 * BC-8: every word the invoice / credit note PDF prints, per locale. The Italian follows the seeds'
 * vocabulary (fattura, postazioni, partita IVA, saldo a credito) and Italian invoicing usage
 * (imponibile, inversione contabile).
 */
export const DOCUMENT_LABELS: Readonly<Record<Locale, DocumentLabels>> = {
  en: {
    title: { invoice: 'Invoice', creditNote: 'Credit note', quote: 'Quote' },
    number: { invoice: 'Invoice number', creditNote: 'Credit note number', quote: 'Quote number' },
    date: 'Date',
    status: { open: 'Open', paid: 'Paid', void: 'Void' },
    seller: 'Seller',
    buyer: 'Bill to',
    vatNumber: 'VAT',
    purchaseOrder: 'Purchase order',
    description: 'Description',
    seats: 'Seats',
    unitPrice: 'Unit price',
    amount: 'Amount',
    period: 'Period {start} to {end}',
    subtotal: 'Subtotal',
    vat: 'VAT {rate} %',
    vatReverseCharge: 'VAT (reverse charge) 0 %',
    total: { invoice: 'Total', creditNote: 'Total credited', quote: 'Total' },
    paid: 'Paid',
    reverseChargeNote: REVERSE_CHARGE_NOTE,
    corrects: 'Corrects invoice {number} of {date}',
    creditedToBalance: "The total is added to the account's credit balance and used before tax on the next charges.",
    validUntil: 'Valid until {date}',
    discounted: 'List price {list} per seat per year, discount {discount} %',
    acceptInPortal: 'Accept or reject this quote in the Corporate Billing Portal: {url}',
  },
  it: {
    title: { invoice: 'Fattura', creditNote: 'Nota di credito', quote: 'Preventivo' },
    number: { invoice: 'Numero fattura', creditNote: 'Numero nota di credito', quote: 'Numero preventivo' },
    date: 'Data',
    status: { open: 'Da pagare', paid: 'Pagata', void: 'Annullata' },
    seller: 'Venditore',
    buyer: 'Cliente',
    vatNumber: 'Partita IVA',
    purchaseOrder: 'Ordine di acquisto',
    description: 'Descrizione',
    seats: 'Postazioni',
    unitPrice: 'Prezzo unitario',
    amount: 'Importo',
    period: 'Periodo dal {start} al {end}',
    subtotal: 'Imponibile',
    vat: 'IVA {rate} %',
    vatReverseCharge: 'IVA (inversione contabile) 0 %',
    total: { invoice: 'Totale', creditNote: 'Totale accreditato', quote: 'Totale' },
    paid: 'Pagato',
    reverseChargeNote: "Inversione contabile (reverse charge): IVA dovuta dal destinatario (art. 196 Direttiva 2006/112/CE)",
    corrects: 'Rettifica la fattura {number} del {date}',
    creditedToBalance: "Il totale è aggiunto al saldo a credito dell'account e usato, prima dell'IVA, sui prossimi addebiti.",
    validUntil: 'Valido fino al {date}',
    discounted: 'Prezzo di listino {list} per postazione all’anno, sconto {discount} %',
    acceptInPortal: 'Accetta o rifiuta questo preventivo nel Portale di fatturazione Corporate: {url}',
  },
};

export function fillLabel(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}

/** Locale-aware display of a document's money (integer minor units in), dates (UTC, the invoice year's zone) and VAT rates. */
export function documentFormat(locale: Locale) {
  const tag = locale === 'it' ? 'it-IT' : 'en-US';
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
