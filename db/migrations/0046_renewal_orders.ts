import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// WF-4 on the order core: a renewal's invoice is its order's (invoices.order_id, unique), issued by the
// core — open at the first failed charge or on net terms, paid by the fulfilment of the order that
// pays it — so the renewal keeps no invoice reference of its own (it could only drift from the order's).
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [`ALTER TABLE renewals DROP COLUMN invoice_id`]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE renewals ADD COLUMN invoice_id text CONSTRAINT renewals_invoice_id_key UNIQUE REFERENCES invoices(id)`,
    `UPDATE renewals r SET invoice_id = i.id FROM invoices i WHERE i.order_id = r.order_id`,
  ]);
}
