import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// One i18n system (issue 13): what the user reads is stored by message key and rendered in the
// reader's language, never as English text.
//  - orders: why an order did not go through, as a key of server/i18n's tables and its parameters
//    (failure_reason keeps the English text for operations, and is all that older rows have).
//  - invoice and credit note lines: what the line is (a plan for a period, the credit for unused
//    time on a previous plan, the credit balance applied) with its product, tier and frequency, so
//    the PDF prints its description in the viewer's language. Issued documents are immutable: the
//    columns are added, no issued row is touched, and lines from before print their stored text.
export async function up(db: Kysely<any>): Promise<void> {
  const lineColumns = (table: string) =>
    `ALTER TABLE ${table} ADD COLUMN kind text CONSTRAINT ${table}_kind_check CHECK (kind IN ('plan', 'unused_credit', 'credit_applied')),
       ADD COLUMN product_name text, ADD COLUMN tier_name text,
       ADD COLUMN frequency text CONSTRAINT ${table}_frequency_check CHECK (frequency IN ('monthly', 'annual')),
       ADD CONSTRAINT ${table}_structured_check CHECK (kind IS NULL OR kind = 'credit_applied' OR product_name IS NOT NULL),
       ADD CONSTRAINT ${table}_plan_check CHECK (kind IS DISTINCT FROM 'plan' OR (tier_name IS NOT NULL AND frequency IS NOT NULL))`;
  await runStatements(db, [
    `ALTER TABLE orders ADD COLUMN failure_key text, ADD COLUMN failure_params jsonb`,
    lineColumns('invoice_lines'),
    lineColumns('credit_note_lines'),
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  const drop = (table: string) =>
    `ALTER TABLE ${table} DROP CONSTRAINT ${table}_plan_check, DROP CONSTRAINT ${table}_structured_check, DROP COLUMN frequency, DROP COLUMN tier_name, DROP COLUMN product_name, DROP COLUMN kind`;
  await runStatements(db, [drop('credit_note_lines'), drop('invoice_lines'), `ALTER TABLE orders DROP COLUMN failure_params, DROP COLUMN failure_key`]);
}
