import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { Currency, PartySnapshot } from '../../db/schema';
import { intlTag, type Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { documentFormat } from './labels';

/** CP-6 / WF-5: what a payment receipt prints — one payment of (part of) an invoice. */
export interface PaymentReceipt {
  /** The payment's ID: the receipt's reference. */
  paymentId: string;
  paidAt: Date;
  invoiceNumber: string;
  invoiceIssuedAt: Date;
  currency: Currency;
  amount: bigint;
  invoiceTotal: bigint;
  /** Paid to date, this payment included, and what is left. */
  paidToDate: bigint;
  balance: bigint;
  /** "Visa •••• 4242", or null. */
  card: string | null;
  seller: PartySnapshot;
  buyer: PartySnapshot;
}

// The standard PDF fonts speak WinAnsi only.
const winAnsi = (s: string) => s.replace(/[\u202f\u2009]/g, ' ').replace(/\u2212/g, '-').replace(/[^\x20-\x7e\xa0-\xff€—–•’‘“”…]/g, '?');

/** The receipt emailed after an invoice payment (CP-6), in the contact's language. */
export async function renderReceiptPdf(r: PaymentReceipt, locale: Locale = 'en'): Promise<Uint8Array> {
  const L = (key: `doc.receipt.${string}` & MessageKey, params?: MessageParams) => translate(locale, key, params);
  const f = documentFormat(locale);
  const money = (a: bigint) => f.money(a, r.currency);
  const doc = await PDFDocument.create();
  doc.setTitle(`${L('doc.receipt.title')} ${r.invoiceNumber}`);
  doc.setLanguage(intlTag(locale));
  doc.setAuthor(r.seller.name ?? 'Seatplan');
  doc.setCreationDate(r.paidAt);
  const page = doc.addPage([595.28, 841.89]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 800;
  const text = (s: string, x: number, size = 10, font: PDFFont = regular) => page.drawText(winAnsi(s), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  const row = (label: string, value: string, font: PDFFont = regular) => {
    text(label, 50, 10, font);
    const w = font.widthOfTextAtSize(winAnsi(value), 10);
    page.drawText(winAnsi(value), { x: 545 - w, y, size: 10, font });
    y -= 16;
  };
  text(L('doc.receipt.title').toUpperCase(), 50, 20, bold);
  y -= 30;
  const party = (title: string, p: PartySnapshot, x: number, top: number) => {
    y = top;
    text(title.toUpperCase(), x, 9, bold);
    y -= 14;
    const contact = p.contact_name ? (p.portal_user_id ? translate(locale, 'doc.contactWithUserId', { name: p.contact_name, userId: p.portal_user_id }) : p.contact_name) : null;
    for (const line of [p.name, p.street, [p.postcode, p.city, p.region].filter(Boolean).join(' '), p.country, contact]) {
      if (!line) continue;
      text(line, x);
      y -= 13;
    }
    return y;
  };
  const top = y;
  y = Math.min(party(L('doc.receipt.seller'), r.seller, 50, top), party(L('doc.receipt.buyer'), r.buyer, 320, top)) - 16;
  row(L('doc.receipt.reference'), r.paymentId);
  row(L('doc.receipt.paidOn'), f.date(r.paidAt));
  row(L('doc.receipt.invoice'), L('doc.receipt.invoiceOf', { number: r.invoiceNumber, date: f.date(r.invoiceIssuedAt) }));
  if (r.card) row(L('doc.receipt.card'), r.card);
  y -= 6;
  row(L('doc.receipt.amount'), money(r.amount), bold);
  row(L('doc.receipt.invoiceTotal'), money(r.invoiceTotal));
  row(L('doc.receipt.paidToDate'), money(r.paidToDate));
  row(L('doc.receipt.balance'), money(r.balance), bold);
  return doc.save();
}
