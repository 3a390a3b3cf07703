import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// The order core's invoice terms, for every order kind: the buyer's purchase order number and the
// invoice's due date (issue date + invoice_due_days; null prints none) are fixed when the order is
// placed, like its figures, and printed by the invoice its fulfilment issues. A line's unit_amount is
// the price of one unit for a whole term when its amount is prorated (seats added co-termed, CP-10):
// the invoice prints seats × that price, and the line's prorated amount.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE orders ADD COLUMN purchase_order_number text
       CONSTRAINT orders_purchase_order_number_check CHECK (btrim(purchase_order_number) <> '')`,
    `ALTER TABLE orders ADD COLUMN invoice_due_days integer
       CONSTRAINT orders_invoice_due_days_check CHECK (invoice_due_days >= 0)`,
    `ALTER TABLE order_lines ADD COLUMN unit_amount bigint
       CONSTRAINT order_lines_unit_amount_check CHECK (unit_amount >= 0)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE order_lines DROP COLUMN unit_amount`,
    `ALTER TABLE orders DROP COLUMN invoice_due_days`,
    `ALTER TABLE orders DROP COLUMN purchase_order_number`,
  ]);
}
