import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_LABELS, documentFormat, fillLabel, type DocumentLabels } from '../../../server/invoices/labels';
import { renderInvoicePdf, type InvoiceDocument } from '../../../server/invoices/pdf';
import { REVERSE_CHARGE_NOTE } from '../../../server/billing';
import { pdfText } from '../../helpers/pdf';

const NBSP = '\u00a0';
/** Every string of a label table, flattened with its path, to compare the two locales' shapes. */
const flatten = (o: DocumentLabels) => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2 as string])));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('BC-8 invoice / credit note PDF label table and formats', () => {
  it('BC-8: English and Italian have the same labels, none empty, with the same placeholders', () => {
    const en = flatten(DOCUMENT_LABELS.en);
    const it = new Map(flatten(DOCUMENT_LABELS.it) as Array<[string, string]>);
    expect(en.map(([k]) => k).sort()).toEqual([...it.keys()].sort());
    for (const [key, value] of en) {
      expect(value!.trim(), key).not.toBe('');
      expect(it.get(key!)!.trim(), key).not.toBe('');
      expect(placeholders(it.get(key!)!), key).toEqual(placeholders(value!));
    }
  });

  it("BC-8: the Italian wording follows the seeds' vocabulary and Italian invoicing terms", () => {
    const it = DOCUMENT_LABELS.it;
    expect(it).toMatchObject({
      title: { invoice: 'Fattura', creditNote: 'Nota di credito' },
      number: { invoice: 'Numero fattura' },
      date: 'Data',
      seller: 'Venditore',
      buyer: 'Cliente',
      vatNumber: 'Partita IVA',
      description: 'Descrizione',
      seats: 'Postazioni',
      subtotal: 'Imponibile',
      total: { invoice: 'Totale' },
      paid: 'Pagato',
      status: { paid: 'Pagata' },
    });
    expect(it.vat).toMatch(/^IVA /);
    expect(it.reverseChargeNote).toMatch(/^Inversione contabile/);
    expect(it.creditedToBalance).toContain('saldo a credito');
    expect(DOCUMENT_LABELS.en.reverseChargeNote).toBe(REVERSE_CHARGE_NOTE);
  });

  it('BC-8 §8: money is formatted per locale from integer minor units, exact beyond 2^53', () => {
    const en = documentFormat('en');
    const it = documentFormat('it');
    expect(en.money(123456n, 'EUR')).toBe('€1,234.56');
    expect(it.money(123456n, 'EUR')).toBe(`1234,56${NBSP}€`);
    expect(it.money(12345678n, 'EUR')).toBe(`123.456,78${NBSP}€`);
    expect(en.money(-5n, 'USD')).toBe('-$0.05');
    expect(it.money(-5n, 'USD')).toBe(`-0,05${NBSP}USD`);
    // No float on the way: every digit of any amount survives, in both locales.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (amount) => {
        const digits = (amount < 0n ? -amount : amount).toString().padStart(3, '0');
        expect(en.money(amount, 'GBP').replace(/[^0-9]/g, '')).toBe(digits);
        expect(it.money(amount, 'GBP').replace(/[^0-9]/g, '')).toBe(digits);
        expect(it.money(amount, 'EUR').startsWith('-')).toBe(amount < 0n);
      }),
    );
  });

  it('BC-8 §8: dates print the UTC day in the locale\'s words; VAT rates from basis points with the locale\'s decimal comma', () => {
    const en = documentFormat('en');
    const it = documentFormat('it');
    // 00:30 UTC on 1 March is still 28 February in New York: the document's day is the UTC day.
    expect(en.date(new Date('2026-03-01T00:30:00Z'))).toBe('March 1, 2026');
    expect(it.date(new Date('2026-03-01T00:30:00Z'))).toBe('1 marzo 2026');
    expect(it.date(new Date('2025-12-31T23:59:59Z'))).toBe('31 dicembre 2025');
    expect([2200, 2150, 550, 0].map(en.rate)).toEqual(['22', '21.5', '5.5', '0']);
    expect([2200, 2150, 550, 0].map(it.rate)).toEqual(['22', '21,5', '5,5', '0']);
    expect(() => it.rate(21.5)).toThrow(RangeError);
    expect(fillLabel(DOCUMENT_LABELS.it.vat, { rate: it.rate(2200) })).toBe('IVA 22 %');
    expect(fillLabel(DOCUMENT_LABELS.it.corrects, { number: 'SP-2026-000001', date: it.date(new Date('2026-01-05T10:00:00Z')) })).toBe('Rettifica la fattura SP-2026-000001 del 5 gennaio 2026');
  });

  it('BC-8: one renderer prints the same invoice in either language — only labels and formats differ', async () => {
    const invoice: InvoiceDocument = {
      number: 'SP-2026-000042', issuedAt: new Date('2026-05-12T09:00:00Z'), status: 'paid', currency: 'EUR',
      subtotal: 123456n, tax: 27160n, total: 150616n, amountPaid: 150616n, taxRateBasisPoints: 2200, reverseCharge: false,
      seller: { name: 'Seatplan S.r.l.', country: 'IT', vat_number: 'IT12345678903' }, buyer: { name: 'Bottega Rossi', country: 'IT', vat_number: 'IT00743110157' },
      purchaseOrderNumber: null,
      lines: [{ description: 'Meeting Business — monthly plan', quantity: 3, unitAmount: 41152n, amount: 123456n, periodStart: new Date('2026-05-12T09:00:00Z'), periodEnd: new Date('2026-06-12T09:00:00Z') }],
    };
    const en = pdfText(await renderInvoicePdf(invoice, 'en'));
    const it = pdfText(await renderInvoicePdf(invoice, 'it'));
    for (const s of ['INVOICE', 'Invoice number: SP-2026-000042', 'Date: May 12, 2026', 'VAT IT12345678903', 'Seats', 'Subtotal', 'VAT 22 %', '€1,234.56', '€1,506.16', 'Period May 12, 2026 to June 12, 2026']) expect(en).toContain(s);
    for (const s of ['FATTURA', 'Numero fattura: SP-2026-000042', 'Data: 12 maggio 2026', 'VENDITORE', 'CLIENTE', 'Partita IVA IT12345678903', 'Partita IVA IT00743110157', 'Descrizione', 'Postazioni', 'Imponibile', 'IVA 22 %', 'Totale', 'Pagato', `1234,56${NBSP}€`, `1506,16${NBSP}€`, 'Periodo dal 12 maggio 2026 al 12 giugno 2026']) expect(it).toContain(s);
    for (const s of ['INVOICE', 'Subtotal', 'Seller', '€1,234.56']) expect(it).not.toContain(s);
    const doc = await PDFDocument.load(await renderInvoicePdf(invoice, 'it'));
    expect(doc.getTitle()).toBe('Fattura SP-2026-000042');
    expect(doc.getPageCount()).toBe(1);
  });
});
