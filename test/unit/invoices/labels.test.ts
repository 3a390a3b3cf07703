import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { documentFormat, documentLineDescription } from '../../../server/invoices/labels';
import { translate } from '../../../server/i18n/messages';
import { renderInvoicePdf, type InvoiceDocument } from '../../../server/invoices/pdf';
import { REVERSE_CHARGE_NOTE } from '../../../server/billing';
import { pdfText } from '../../helpers/pdf';

const NBSP = '\u00a0';

describe('BC-8 invoice / credit note PDF words and formats', () => {
  it("BC-8: the Italian wording follows the seeds' vocabulary and Italian invoicing terms", () => {
    const it = (key: Parameters<typeof translate>[1]) => translate('it', key);
    expect({
      title: it('doc.title.invoice'), creditNote: it('doc.title.creditNote'), number: it('doc.number.invoice'), date: it('doc.date'), seller: it('doc.seller'), buyer: it('doc.buyer'),
      vatNumber: it('doc.vatNumber'), description: it('doc.description'), seats: it('doc.seats'), subtotal: it('doc.subtotal'), total: it('doc.total.invoice'), paid: it('doc.paid'), statusPaid: it('doc.status.paid'),
    }).toEqual({
      title: 'Fattura', creditNote: 'Nota di credito', number: 'Numero fattura', date: 'Data', seller: 'Venditore', buyer: 'Cliente',
      vatNumber: 'Partita IVA', description: 'Descrizione', seats: 'Postazioni', subtotal: 'Imponibile', total: 'Totale', paid: 'Pagato', statusPaid: 'Pagata',
    });
    expect(translate('it', 'doc.vat', { rate: '22' })).toMatch(/^IVA /);
    expect(it('doc.reverseChargeNote')).toMatch(/^Inversione contabile/);
    expect(it('doc.creditedToBalance')).toContain('saldo a credito');
    expect(translate('en', 'doc.reverseChargeNote')).toBe(REVERSE_CHARGE_NOTE);
  });

  it('BC-8: a line prints by what it is, in the viewer\'s language; a line issued before that prints its stored text', () => {
    const plan = { description: 'Meeting Business — monthly plan', kind: 'plan', productName: 'Meeting', tierName: 'Business', frequency: 'annual' } as const;
    expect(documentLineDescription('en', plan)).toBe('Meeting Business — annual plan');
    expect(documentLineDescription('it', plan)).toBe('Meeting Business — piano annuale');
    expect(documentLineDescription('it', { description: 'x', kind: 'unused_credit', productName: 'Webinar' })).toBe('Credito per il tempo non utilizzato del precedente piano Webinar');
    expect(documentLineDescription('it', { description: 'Credit balance applied', kind: 'credit_applied' })).toBe('Saldo a credito utilizzato');
    expect(documentLineDescription('it', { description: 'Meeting Business — monthly plan' })).toBe('Meeting Business — monthly plan');
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
    expect(translate('it', 'doc.vat', { rate: it.rate(2200) })).toBe('IVA 22 %');
    expect(translate('it', 'doc.corrects', { number: 'SP-2026-000001', date: it.date(new Date('2026-01-05T10:00:00Z')) })).toBe('Rettifica la fattura SP-2026-000001 del 5 gennaio 2026');
  });

  it('BC-8: one renderer prints the same invoice in either language — labels, formats and line descriptions', async () => {
    const invoice: InvoiceDocument = {
      number: 'SP-2026-000042', issuedAt: new Date('2026-05-12T09:00:00Z'), status: 'paid', currency: 'EUR',
      subtotal: 123456n, tax: 27160n, total: 150616n, amountPaid: 150616n, taxRateBasisPoints: 2200, reverseCharge: false,
      seller: { name: 'Seatplan S.r.l.', country: 'IT', vat_number: 'IT12345678903' }, buyer: { name: 'Bottega Rossi', country: 'IT', vat_number: 'IT00743110157' },
      purchaseOrderNumber: null,
      lines: [{ description: 'Meeting Business — monthly plan', kind: 'plan', productName: 'Meeting', tierName: 'Business', frequency: 'monthly', quantity: 3, unitAmount: 41152n, amount: 123456n, periodStart: new Date('2026-05-12T09:00:00Z'), periodEnd: new Date('2026-06-12T09:00:00Z') }],
    };
    const en = pdfText(await renderInvoicePdf(invoice, 'en'));
    const it = pdfText(await renderInvoicePdf(invoice, 'it'));
    for (const s of ['INVOICE', 'Invoice number: SP-2026-000042', 'Date: May 12, 2026', 'VAT IT12345678903', 'Seats', 'Subtotal', 'VAT 22 %', '€1,234.56', '€1,506.16', 'Period May 12, 2026 to June 12, 2026', 'Meeting Business — monthly plan']) expect(en).toContain(s);
    for (const s of ['FATTURA', 'Numero fattura: SP-2026-000042', 'Data: 12 maggio 2026', 'VENDITORE', 'CLIENTE', 'Partita IVA IT12345678903', 'Partita IVA IT00743110157', 'Descrizione', 'Postazioni', 'Imponibile', 'IVA 22 %', 'Totale', 'Pagato', `1234,56${NBSP}€`, `1506,16${NBSP}€`, 'Periodo dal 12 maggio 2026 al 12 giugno 2026', 'Meeting Business — piano mensile']) expect(it).toContain(s);
    for (const s of ['INVOICE', 'Subtotal', 'Seller', '€1,234.56', 'monthly plan']) expect(it).not.toContain(s);
    const doc = await PDFDocument.load(await renderInvoicePdf(invoice, 'it'));
    expect(doc.getTitle()).toBe('Fattura SP-2026-000042');
    expect(doc.getPageCount()).toBe(1);
  });
});
