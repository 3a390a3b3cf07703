import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// SPEC §8 / issue 14 item 11: how far the account's VAT number was checked — 'format' (format and
// check digits, offline) or 'vies' (confirmed registered by the EU's VIES service, when VIES_URL is
// set) — and when. Invoices print it with the buyer's VAT number. Accounts from before this
// migration with a VAT number had it format-checked (the only check there was).
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE accounts ADD COLUMN vat_number_check text CONSTRAINT accounts_vat_number_check_check CHECK (vat_number_check IN ('format','vies'))`,
    `ALTER TABLE accounts ADD COLUMN vat_number_checked_at timestamptz`,
    `UPDATE accounts SET vat_number_check = 'format' WHERE vat_number IS NOT NULL`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [`ALTER TABLE accounts DROP COLUMN vat_number_checked_at`, `ALTER TABLE accounts DROP COLUMN vat_number_check`]);
}
