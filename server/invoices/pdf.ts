import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Currency, PartySnapshot } from '../../db/schema';
import { formatMoney, REVERSE_CHARGE_NOTE } from '../billing';

export interface InvoiceDocument {
  number: string;
  issuedAt: Date;
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
  lines: Array<{ description: string; quantity: number; unitAmount: bigint; amount: bigint; periodStart: Date | null; periodEnd: Date | null }>;
}

// The standard PDF fonts speak WinAnsi only: map the few typographic characters Intl and our text use.
const winAnsi = (s: string) => s.replace(/[\u202f\u2009]/g, ' ').replace(/\u2212/g, '-').replace(/[^\x20-\x7e\xa0-\xff€—–•’‘“”…]/g, '?');

/** BC-8 / SPEC §8: the invoice as a PDF — seller, buyer, VAT numbers, lines, tax (or reverse charge) and totals. */
export async function renderInvoicePdf(inv: InvoiceDocument): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${inv.number}`);
  doc.setAuthor(inv.seller.name ?? 'Seatplan');
  doc.setCreationDate(inv.issuedAt);
  const page = doc.addPage([595.28, 841.89]); // A4
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const money = (a: bigint) => winAnsi(formatMoney({ amount: a, currency: inv.currency }, 'en'));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  let y = 800;
  const text = (p: PDFPage, s: string, x: number, size = 10, font: PDFFont = regular) => p.drawText(winAnsi(s), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  const right = (p: PDFPage, s: string, xRight: number, size = 10, font: PDFFont = regular) => {
    const w = font.widthOfTextAtSize(winAnsi(s), size);
    p.drawText(winAnsi(s), { x: xRight - w, y, size, font });
  };

  text(page, 'INVOICE', 50, 20, bold);
  right(page, inv.number, 545, 14, bold);
  y -= 20;
  right(page, `Issued ${day(inv.issuedAt)}`, 545);
  y -= 14;
  right(page, inv.status === 'paid' ? 'Paid' : inv.status === 'void' ? 'Void' : 'Open', 545);
  y -= 30;

  const party = (title: string, p: PartySnapshot, x: number, startY: number) => {
    y = startY;
    text(page, title, x, 9, bold);
    y -= 14;
    for (const line of [p.name, p.street, [p.postcode, p.city, p.region].filter(Boolean).join(' '), p.country, p.vat_number ? `VAT ${p.vat_number}` : null, p.email]) {
      if (!line) continue;
      text(page, line, x, 10);
      y -= 13;
    }
    return y;
  };
  const top = y;
  const afterSeller = party('SELLER', inv.seller, 50, top);
  const afterBuyer = party('BILL TO', inv.buyer, 320, top);
  y = Math.min(afterSeller, afterBuyer) - 10;
  if (inv.purchaseOrderNumber) {
    text(page, `Purchase order ${inv.purchaseOrderNumber}`, 50);
    y -= 16;
  }

  y -= 10;
  page.drawLine({ start: { x: 50, y: y + 12 }, end: { x: 545, y: y + 12 }, thickness: 0.5 });
  text(page, 'Description', 50, 9, bold);
  right(page, 'Qty', 370, 9, bold);
  right(page, 'Unit price', 460, 9, bold);
  right(page, 'Amount', 545, 9, bold);
  y -= 16;
  for (const l of inv.lines) {
    text(page, l.description, 50);
    right(page, String(l.quantity), 370);
    right(page, money(l.unitAmount), 460);
    right(page, money(l.amount), 545);
    y -= 12;
    if (l.periodStart && l.periodEnd) {
      text(page, `Period ${day(l.periodStart)} to ${day(l.periodEnd)}`, 60, 8);
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
  total('Subtotal', money(inv.subtotal));
  total(inv.reverseCharge ? 'VAT (reverse charge) 0 %' : `VAT ${(inv.taxRateBasisPoints / 100).toString()} %`, money(inv.tax));
  total('Total', money(inv.total), bold);
  total('Paid', money(inv.amountPaid));
  if (inv.reverseCharge) {
    y -= 10;
    text(page, REVERSE_CHARGE_NOTE, 50, 9, bold);
  }
  return doc.save();
}
