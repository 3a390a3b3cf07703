import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { isCheckViolation } from '../../db/client';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber } from '../../db/invoice-numbers';
import { migrateDownTo, migrateToLatest } from '../../db/migrate';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { env } from '../../server/env';
import { documentFormat } from '../../server/invoices/labels';
import { translate } from '../../server/i18n/messages';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { callerFor } from '../helpers/callers';
import { createTestDatabase } from '../helpers/db';
import { pdfText } from '../helpers/pdf';
import { useSeededStack } from '../helpers/seeded-stack';

const S = DEMO_IDS.subscriptions;
const key = () => randomUUID().replace(/-/g, '');

describe('BC-8 / BC-4 billing history: invoices and credit notes as PDFs in the viewer\'s language', () => {
  const stack = useSeededStack();
  const as = (productEmail: string) => callerFor(stack.deps(), { productEmail });

  async function netNegativeChange() {
    const bella = await as('bella@northwind.example');
    const { quoteToken, quote } = await bella.subscriptionChange.preview({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_starter', seats: 1, frequency: 'annual' });
    expect(quote.creditAdded).toBeGreaterThan(0n);
    const placed = await bella.subscriptionChange.place({ subscriptionId: S.northwindWebinar, tierId: 'tier_webinar_starter', seats: 1, frequency: 'annual', quoteToken, idempotencyKey: key(), paymentMethodId: null });
    for (let i = 0; i < 300; i++) {
      const o = await bella.orders.get({ orderId: placed.orderId });
      if (o.status === 'completed') return { orderId: placed.orderId, quote, creditNote: o.creditNote! };
      if (o.status === 'failed' || o.status === 'cancelled') throw new Error(`order ${placed.orderId} ${o.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the change did not complete');
  }

  it('BC-4 BC-8 WF-2: a net-negative change issues a numbered credit note, listed in the billing history next to the invoices and printed as a PDF (English and Italian)', async () => {
    const { quote, creditNote } = await netNegativeChange();
    expect(creditNote.number).toMatch(new RegExp(`^CN-${new Date().getUTCFullYear()}-\\d{6}$`));
    const bella = await as('bella@northwind.example');
    const corrected = await stack.db.selectFrom('invoices').selectAll().where('id', '=', 'inv_northwind_webinar').executeTakeFirstOrThrow();

    // Billing history: the credit note next to the invoices, with the invoice it corrects.
    const history = (await bella.invoices.history()).rows;
    expect(history.filter((r) => r.kind === 'credit_note')).toEqual([expect.objectContaining({ id: creditNote.id, number: creditNote.number, total: quote.creditAdded, currency: 'USD', corrects: corrected.number })]);
    expect(history.filter((r) => r.kind === 'invoice').map((i) => i.number)).toContain(corrected.number);

    // The document: parties as issued, lines that add up to the credited amount (unused time less the new plan).
    const doc = await bella.invoices.getCreditNote({ creditNoteId: creditNote.id });
    expect(doc).toMatchObject({ kind: 'creditNote', number: creditNote.number, currency: 'USD', total: quote.creditAdded, subtotal: quote.creditAdded, tax: 0n, corrects: { number: corrected.number } });
    expect(doc.seller).toMatchObject({ name: env().SELLER_NAME, vat_number: env().SELLER_VAT_NUMBER });
    expect(doc.buyer).toMatchObject({ name: 'Northwind Traders', country: 'US', email: 'bella@northwind.example' });
    expect(doc.lines.map((l) => l.amount)).toEqual([quote.unusedCredit, -quote.planCost]);
    expect(doc.lines.reduce((s, l) => s + l.amount, 0n)).toBe(doc.total);

    const en = await renderInvoicePdf(doc, 'en');
    const enDoc = await PDFDocument.load(en);
    expect(enDoc.getTitle()).toBe(`Credit note ${creditNote.number}`);
    const enText = pdfText(en);
    const fen = documentFormat('en');
    for (const s of ['CREDIT NOTE', `Credit note number: ${creditNote.number}`, `Corrects invoice ${corrected.number} of ${fen.date(corrected.issued_at)}`, `VAT ${env().SELLER_VAT_NUMBER}`, 'Northwind Traders', 'Credit for unused time on the previous Webinar plan', 'Webinar Starter', 'Total credited', fen.money(quote.creditAdded, 'USD'), fen.money(-quote.planCost, 'USD')]) {
      expect(enText).toContain(s);
    }
    expect(enText).not.toContain('VAT 0 %'); // the credit goes to the balance, used before tax: no VAT line on the note

    const it = await renderInvoicePdf(doc, 'it');
    expect((await PDFDocument.load(it)).getTitle()).toBe(`Nota di credito ${creditNote.number}`);
    const itText = pdfText(it);
    const fit = documentFormat('it');
    for (const s of ['NOTA DI CREDITO', `Numero nota di credito: ${creditNote.number}`, `Rettifica la fattura ${corrected.number} del ${fit.date(corrected.issued_at)}`, 'VENDITORE', 'CLIENTE', `Partita IVA ${env().SELLER_VAT_NUMBER}`, 'Descrizione', 'Imponibile', 'Totale accreditato', fit.money(quote.creditAdded, 'USD'), 'saldo a credito', 'Credito per il tempo non utilizzato del precedente piano Webinar', 'Webinar Starter — piano annuale']) {
      expect(itText).toContain(s);
    }
    // Line descriptions print in the PDF's language too (the line is stored by what it is, 0015).
    for (const s of ['CREDIT NOTE', 'Total credited', 'Corrects invoice', 'Credit for unused time', 'annual plan']) expect(itText).not.toContain(s);
  });

  it('BC-8: an invoice PDF for an Italian viewer parses and carries the Italian labels, amounts and dates', async () => {
    const bella = await as('bella@northwind.example');
    const inv = await bella.invoices.get({ invoiceId: 'inv_northwind_meeting_prev' });
    expect(inv.seller.vat_number).toBeTruthy();
    const bytes = await renderInvoicePdf(inv, 'it');
    const loaded = await PDFDocument.load(bytes);
    expect(loaded.getTitle()).toBe(`Fattura ${inv.number}`);
    expect(loaded.getPageCount()).toBe(1);
    const text = pdfText(bytes);
    const f = documentFormat('it');
    for (const s of ['FATTURA', `Numero fattura: ${inv.number}`, `Data: ${f.date(inv.issuedAt)}`, 'VENDITORE', 'CLIENTE', `Partita IVA ${inv.seller.vat_number}`, 'Descrizione', 'Postazioni', 'Imponibile', 'IVA 0 %', 'Totale', 'Pagato', 'Pagata', f.money(inv.total, 'USD'), `Periodo dal ${f.date(inv.lines[0]!.periodStart!)}`, translate('it', 'doc.unitPrice')]) {
      expect(text).toContain(s);
    }
    for (const s of ['INVOICE', 'Subtotal', 'Bill to', 'Paid']) expect(text).not.toContain(s);
  });

  it("BC-8 BC-4: only the account's billing admin gets a credit note — another account's billing admin learns nothing (NOT_FOUND), other users of the account are refused (FORBIDDEN)", async () => {
    const note = await stack.db.selectFrom('credit_notes').select(['id', 'number']).where('account_id', '=', DEMO_IDS.accounts.northwind).executeTakeFirstOrThrow();
    const giulia = await as('giulia@bottega-rossi.example');
    await expect(giulia.invoices.getCreditNote({ creditNoteId: note.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(await giulia.invoices.history())).not.toContain(note.number);
    for (const email of ['sam@northwind.example', 'adam@northwind.example']) {
      await expect((await as(email)).invoices.getCreditNote({ creditNoteId: note.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect((await as(email)).invoices.history()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // Corporate accounts keep their documents in the Corporate Billing Portal.
    await expect((await as('carla@globex.example')).invoices.getCreditNote({ creditNoteId: note.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(stack.deps(), 'anonymous').then((c) => c.invoices.getCreditNote({ creditNoteId: note.id }))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('BC-8 §8: a credit note whose lines do not add up to its amount is refused at commit, and its lines are immutable', async () => {
    const db = stack.db;
    const note = await db.selectFrom('credit_notes').selectAll().where('account_id', '=', DEMO_IDS.accounts.northwind).executeTakeFirstOrThrow();
    const insertNote = (lines: bigint[]) =>
      db.transaction().execute(async (trx) => {
        const n = await nextCreditNoteNumber(trx, new Date());
        const id = newId('cn');
        await trx.insertInto('credit_notes').values({ id, invoice_id: 'inv_northwind_meeting_prev', account_id: DEMO_IDS.accounts.northwind, number: n.number, year: n.year, seq: n.seq, currency: 'USD', amount: 100n, reason: 'test', seller: { name: 'S' }, buyer: { name: 'B' } }).execute();
        if (lines.length) await trx.insertInto('credit_note_lines').values(lines.map((amount, i) => ({ id: newId('cnl'), credit_note_id: id, description: `line ${i}`, quantity: 1, unit_amount: amount, amount, sort: i }))).execute();
        return { id, number: n.number };
      });
    const countBefore = (await db.selectFrom('credit_notes').select('id').execute()).length;
    for (const lines of [[], [60n], [60n, 60n]]) {
      const err = await insertNote(lines).catch((e: unknown) => e);
      expect(isCheckViolation(err, 'credit_notes_lines_match_amount'), String(err)).toBe(true);
    }
    expect((await db.selectFrom('credit_notes').select('id').execute()).length).toBe(countBefore);
    // A refused note gave its number back: the series stays gapless.
    const ok = await insertNote([130n, -30n]);
    expect(Number(ok.number.slice(-6))).toBe(Number(note.number.slice(-6)) + 1);
    const err = await db.updateTable('credit_note_lines').set({ amount: 1n }).where('credit_note_id', '=', ok.id).execute().catch((e: unknown) => e);
    expect(isCheckViolation(err, 'credit_note_lines_immutable')).toBe(true);
  });

  it('BC-8: migration 0009 gives credit notes issued before it the parties of the invoice they correct and one line with their reason', async () => {
    const other = await createTestDatabase();
    try {
      // The demo data is seeded on the latest schema (the seed writes what later migrations add, e.g. 0040's
      // staff roles), then the schema goes back to just before 0009, as a database of that time would be.
      await seedDemo(other.db);
      expect(await migrateDownTo(other.db, '0008_payment_card')).toContain('0009_credit_note_documents');
      await sql`INSERT INTO credit_notes (id, invoice_id, account_id, number, year, seq, currency, amount, reason, issued_at)
                VALUES ('cn_before_0009', 'inv_northwind_webinar', 'acct_northwind', 'CN-2026-000001', 2026, 1, 'USD', 1234, 'Webinar: credit for unused time', '2026-02-01T00:00:00Z')`.execute(other.db);
      await migrateToLatest(other.db);
      const inv = await other.db.selectFrom('invoices').selectAll().where('id', '=', 'inv_northwind_webinar').executeTakeFirstOrThrow();
      const note = await other.db.selectFrom('credit_notes').selectAll().where('id', '=', 'cn_before_0009').executeTakeFirstOrThrow();
      expect(note).toMatchObject({ seller: inv.seller, buyer: inv.buyer, reverse_charge: inv.reverse_charge });
      expect(await other.db.selectFrom('credit_note_lines').select(['description', 'quantity', 'amount']).where('credit_note_id', '=', note.id).execute()).toEqual([{ description: 'Webinar: credit for unused time', quantity: 1, amount: 1234n }]);
      // Still immutable after the backfill.
      const err = await other.db.updateTable('credit_notes').set({ reason: 'x' }).where('id', '=', note.id).execute().catch((e: unknown) => e);
      expect(isCheckViolation(err, 'credit_notes_immutable')).toBe(true);
    } finally {
      await other.drop();
    }
  });
});
