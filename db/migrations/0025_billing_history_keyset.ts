import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// BC-8 billing history is paged by keyset on (issued_at, number), newest first: the indexes carry the
// number too, so a page deep in a 10,000-document history costs what the first page costs.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX invoices_account_id_issued_at_idx`,
    `CREATE INDEX invoices_account_id_issued_at_idx ON invoices (account_id, issued_at DESC, number DESC)`,
    `DROP INDEX credit_notes_account_id_issued_at_idx`,
    `CREATE INDEX credit_notes_account_id_issued_at_idx ON credit_notes (account_id, issued_at DESC, number DESC)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX credit_notes_account_id_issued_at_idx`,
    `CREATE INDEX credit_notes_account_id_issued_at_idx ON credit_notes (account_id, issued_at DESC)`,
    `DROP INDEX invoices_account_id_issued_at_idx`,
    `CREATE INDEX invoices_account_id_issued_at_idx ON invoices (account_id, issued_at DESC)`,
  ]);
}
