import { sql } from 'kysely';
import type { Trx } from './client';

export interface DocumentNumber {
  year: number;
  seq: number;
  number: string;
}

export const INVOICE_NUMBER_PREFIX = 'SP';
export const CREDIT_NOTE_NUMBER_PREFIX = 'CN';

export function formatDocumentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

function assertTransaction(trx: Trx, fn: string): void {
  // Outside a transaction the counter would commit on its own and a failed insert would leave a gap.
  if (!trx.isTransaction) throw new Error(`${fn} must run inside the transaction that inserts the document`);
}

/**
 * Next gapless invoice number for the UTC year of `issuedAt` (SPEC §8), e.g. SP-2026-000123.
 * The upsert takes the year's counter row lock and holds it until the caller's transaction ends:
 * concurrent issuers queue behind it, and a rollback gives the number back — no gaps, no duplicates.
 * Insert the invoice with the returned year/seq/number in the SAME transaction.
 */
export async function nextInvoiceNumber(trx: Trx, issuedAt: Date): Promise<DocumentNumber> {
  assertTransaction(trx, 'nextInvoiceNumber');
  const year = issuedAt.getUTCFullYear();
  const row = await trx
    .insertInto('invoice_number_sequences')
    .values({ year, last_seq: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ last_seq: sql<number>`invoice_number_sequences.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return { year, seq: row.last_seq, number: formatDocumentNumber(INVOICE_NUMBER_PREFIX, year, row.last_seq) };
}

/** Same for credit notes, in their own gapless yearly series: CN-2026-000007. */
export async function nextCreditNoteNumber(trx: Trx, issuedAt: Date): Promise<DocumentNumber> {
  assertTransaction(trx, 'nextCreditNoteNumber');
  const year = issuedAt.getUTCFullYear();
  const row = await trx
    .insertInto('credit_note_number_sequences')
    .values({ year, last_seq: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ last_seq: sql<number>`credit_note_number_sequences.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return { year, seq: row.last_seq, number: formatDocumentNumber(CREDIT_NOTE_NUMBER_PREFIX, year, row.last_seq) };
}
