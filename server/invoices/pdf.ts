import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Currency, PartySnapshot } from '../../db/schema';
import { intlTag, type Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { documentFormat, documentLineDescription, type DocumentKind, type DocumentLineWhat } from './labels';

export interface InvoiceDocument {
  /** Invoice unless said otherwise; a credit note prints its own title, the invoice it corrects and its credited total. */
  kind?: DocumentKind;
  number: string;
  issuedAt: Date;
  /** Corporate invoices are paid by a due date (CP-5); printed when known. */
  dueAt?: Date | null;
  status: string;
  currency: Currency;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  amountPaid: bigint;
  taxRateBasisPoints: number;
  reverseCharge: boolean;
  seller: PartySnapshot;
  buyer: PartySnapshot;
  purchaseOrderNumber: string | null;
  /** Credit notes: the invoice they correct. */
  corrects?: { number: string; issuedAt: Date } | null;
  lines: Array<DocumentLineWhat & { quantity: number; unitAmount: bigint; amount: bigint; periodStart: Date | null; periodEnd: Date | null; listUnitAmount?: bigint; discountBasisPoints?: number }>;
  /** Quotes: the expiry date and the portal page where it is accepted. */
  validUntil?: Date;
  portalUrl?: string;
}

// The standard PDF fonts speak WinAnsi only: map the few typographic characters Intl and our text use.
const winAnsi = (s: string) => s.replace(/[\u202f\u2009]/g, ' ').replace(/\u2212/g, '-').replace(/[^\x20-\x7e\xa0-\xff€—–•’‘“”…]/g, '?');

/**
 * BC-8 / SPEC §8: an invoice or a credit note as a PDF — seller, buyer, VAT numbers, lines, tax (or
 * reverse charge) and totals — in the viewer's language (`doc.*` messages, formats from ./labels), each
 * line described by what it is.
 */
export async function renderInvoicePdf(inv: InvoiceDocument, locale: Locale = 'en'): Promise<Uint8Array> {
  const kind: DocumentKind = inv.kind ?? 'invoice';
  const L = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const f = documentFormat(locale);
  const doc = await PDFDocument.create();
  doc.setTitle(`${L(`doc.title.${kind}`)} ${inv.number}`);
  doc.setLanguage(intlTag(locale));
  doc.setAuthor(inv.seller.name ?? 'Seatplan');
  doc.setCreationDate(inv.issuedAt);
  const page = doc.addPage([595.28, 841.89]); // A4
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const money = (a: bigint) => f.money(a, inv.currency);
  let y = 800;
  const text = (p: PDFPage, s: string, x: number, size = 10, font: PDFFont = regular) => p.drawText(winAnsi(s), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  const right = (p: PDFPage, s: string, xRight: number, size = 10, font: PDFFont = regular) => {
    const w = font.widthOfTextAtSize(winAnsi(s), size);
    p.drawText(winAnsi(s), { x: xRight - w, y, size, font });
  };
  /** A paragraph wrapped at word boundaries to the text width. */
  const paragraph = (s: string, x: number, size: number, font: PDFFont, width = 545 - x) => {
    let line = '';
    for (const word of s.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(winAnsi(next), size) > width) {
        text(page, line, x, size, font);
        y -= size + 3;
        line = word;
      } else line = next;
    }
    if (line) {
      text(page, line, x, size, font);
      y -= size + 3;
    }
  };

  text(page, L(`doc.title.${kind}`).toUpperCase(), 50, 20, bold);
  right(page, inv.number, 545, 14, bold);
  y -= 20;
  right(page, `${L(`doc.number.${kind}`)}: ${inv.number}`, 545);
  y -= 14;
  right(page, `${L('doc.date')}: ${f.date(inv.issuedAt)}`, 545);
  y -= 14;
  if (inv.dueAt) {
    right(page, `${L('doc.dueDate')}: ${f.date(inv.dueAt)}`, 545);
    y -= 14;
  }
  if (kind === 'invoice') {
    right(page, ['open', 'paid', 'void'].includes(inv.status) ? L(`doc.status.${inv.status as 'open' | 'paid' | 'void'}`) : inv.status, 545);
    y -= 14;
  }
  if (kind === 'quote' && inv.validUntil) {
    right(page, L('doc.validUntil', { date: f.date(inv.validUntil) }), 545, 10, bold);
    y -= 14;
  }
  y -= 16;

  // §8: whether the buyer's VAT number was only format-checked or confirmed with VIES.
  const vatCheckLine = (p: PartySnapshot) => {
    if (!p.vat_number || !p.vat_number_check) return null;
    if (p.vat_number_check === 'vies' && p.vat_number_checked_at) return L('doc.vatNumberCheck.vies', { date: f.date(new Date(p.vat_number_checked_at)) });
    return L('doc.vatNumberCheck.format');
  };
  const party = (title: string, p: PartySnapshot, x: number, startY: number) => {
    y = startY;
    text(page, title.toUpperCase(), x, 9, bold);
    y -= 14;
    const check = vatCheckLine(p);
    // Seeds 000/004: a corporate invoice names the billing contact together with their portal user ID.
    const contact = p.contact_name ? (p.portal_user_id ? L('doc.contactWithUserId', { name: p.contact_name, userId: p.portal_user_id }) : p.contact_name) : null;
    for (const line of [p.name, p.street, [p.postcode, p.city, p.region].filter(Boolean).join(' '), p.country, p.vat_number ? `${L('doc.vatNumber')} ${p.vat_number}` : null, check, contact, p.email]) {
      if (!line) continue;
      const small = line === check;
      text(page, line, x, small ? 8 : 10);
      y -= small ? 11 : 13;
    }
    return y;
  };
  const top = y;
  const afterSeller = party(L('doc.seller'), inv.seller, 50, top);
  const afterBuyer = party(L('doc.buyer'), inv.buyer, 320, top);
  y = Math.min(afterSeller, afterBuyer) - 10;
  if (kind === 'creditNote' && inv.corrects) {
    text(page, L('doc.corrects', { number: inv.corrects.number, date: f.date(inv.corrects.issuedAt) }), 50, 10, bold);
    y -= 16;
  }
  if (inv.purchaseOrderNumber) {
    text(page, `${L('doc.purchaseOrder')} ${inv.purchaseOrderNumber}`, 50);
    y -= 16;
  }

  y -= 10;
  page.drawLine({ start: { x: 50, y: y + 12 }, end: { x: 545, y: y + 12 }, thickness: 0.5 });
  text(page, L('doc.description'), 50, 9, bold);
  right(page, L('doc.seats'), 370, 9, bold);
  right(page, L('doc.unitPrice'), 460, 9, bold);
  right(page, L('doc.amount'), 545, 9, bold);
  y -= 16;
  for (const l of inv.lines) {
    text(page, documentLineDescription(locale, l), 50);
    // Seats and a unit price belong to lines that bill seats for a period; credits and adjustments show their amount only.
    if (l.periodStart && l.periodEnd) {
      right(page, String(l.quantity), 370);
      right(page, money(l.unitAmount), 460);
    }
    right(page, money(l.amount), 545);
    y -= 12;
    if (l.periodStart && l.periodEnd) {
      text(page, L('doc.period', { start: f.date(l.periodStart), end: f.date(l.periodEnd) }), 60, 8);
      y -= 12;
    }
    if (l.discountBasisPoints && l.listUnitAmount !== undefined) {
      text(page, L('doc.discounted', { list: money(l.listUnitAmount), discount: f.rate(l.discountBasisPoints) }), 60, 8);
      y -= 12;
    }
    y -= 4;
  }
  page.drawLine({ start: { x: 300, y: y + 8 }, end: { x: 545, y: y + 8 }, thickness: 0.5 });
  y -= 8;
  const total = (label: string, value: string, font: PDFFont = regular) => {
    text(page, label, 320, 10, font);
    right(page, value, 545, 10, font);
    y -= 15;
  };
  total(L('doc.subtotal'), money(inv.subtotal));
  if (kind !== 'creditNote') total(inv.reverseCharge ? L('doc.vatReverseCharge') : L('doc.vat', { rate: f.rate(inv.taxRateBasisPoints) }), money(inv.tax));
  total(L(`doc.total.${kind}`), money(inv.total), bold);
  if (kind === 'invoice') total(L('doc.paid'), money(inv.amountPaid));
  if (kind === 'invoice' && inv.amountPaid < inv.total) total(L('doc.balanceDue'), money(inv.total - inv.amountPaid), bold);
  y -= 10;
  if (kind === 'creditNote') paragraph(L('doc.creditedToBalance'), 50, 9, regular);
  if (inv.reverseCharge) paragraph(L('doc.reverseChargeNote'), 50, 9, bold);
  if (kind === 'quote' && inv.portalUrl) paragraph(L('doc.acceptInPortal', { url: inv.portalUrl }), 50, 9, regular);
  return doc.save();
}
