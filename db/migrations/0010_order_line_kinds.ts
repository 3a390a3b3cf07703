import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// The order core (issue 13): every order line says what it is, instead of the kind being inferred from
// subscription_version. One vocabulary for every order kind of the SPEC, the coming ones included:
//   conversion       BC-3 / WF-1  a trial becomes a paid subscription (tier, seats, frequency, first period)
//   change           BC-4 / WF-2  an active subscription's new tier, seats or frequency, prorated
//   seat_addition    CP-10 / WF-3 seats added to a subscription, co-termed to its contract end (seats = seats added)
//   renewal          BC-9 / WF-4  a subscription's next period at period end
//   invoice_payment  CP-6 / WF-5  (part of) an open invoice paid: no product, plan or subscription, only the invoice
// A line's amount due is plan_amount − credit_amount, so a partial payment is a line of that amount.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE order_lines ADD COLUMN kind text`,
    `UPDATE order_lines SET kind = CASE WHEN subscription_version IS NULL THEN 'conversion' ELSE 'change' END`,
    `ALTER TABLE order_lines ALTER COLUMN kind SET NOT NULL,
       ADD CONSTRAINT order_lines_kind_check CHECK (kind IN ('conversion','change','seat_addition','renewal','invoice_payment'))`,
    // Paying an invoice is about no product or plan; every other kind is.
    `ALTER TABLE order_lines ALTER COLUMN product_id DROP NOT NULL, ALTER COLUMN tier_id DROP NOT NULL, ALTER COLUMN frequency DROP NOT NULL`,
    `ALTER TABLE order_lines ADD COLUMN invoice_id text REFERENCES invoices(id)`,
    `CREATE INDEX order_lines_invoice_id_idx ON order_lines (invoice_id) WHERE invoice_id IS NOT NULL`,
    `ALTER TABLE order_lines ADD CONSTRAINT order_lines_kind_shape_check CHECK (CASE kind
       WHEN 'invoice_payment' THEN invoice_id IS NOT NULL AND subscription_id IS NULL AND product_id IS NULL AND tier_id IS NULL
       WHEN 'change' THEN subscription_id IS NOT NULL AND subscription_version IS NOT NULL AND product_id IS NOT NULL AND tier_id IS NOT NULL AND frequency IS NOT NULL AND invoice_id IS NULL
       WHEN 'seat_addition' THEN product_id IS NOT NULL AND tier_id IS NOT NULL AND invoice_id IS NULL
       ELSE subscription_id IS NOT NULL AND product_id IS NOT NULL AND tier_id IS NOT NULL AND frequency IS NOT NULL AND invoice_id IS NULL
     END)`,
    // Only a change holds its subscription's one-change-in-flight lock (WF-2).
    `ALTER TABLE order_lines ADD CONSTRAINT order_lines_in_flight_is_change CHECK (NOT change_in_flight OR kind = 'change')`,
    `ALTER TABLE order_lines ADD CONSTRAINT order_lines_order_id_invoice_id_key UNIQUE (order_id, invoice_id)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE order_lines DROP CONSTRAINT order_lines_order_id_invoice_id_key`,
    `ALTER TABLE order_lines DROP CONSTRAINT order_lines_in_flight_is_change`,
    `ALTER TABLE order_lines DROP CONSTRAINT order_lines_kind_shape_check`,
    `DROP INDEX order_lines_invoice_id_idx`,
    `ALTER TABLE order_lines DROP COLUMN invoice_id`,
    // Fails, as it should, while lines without a product (invoice payments) exist.
    `ALTER TABLE order_lines ALTER COLUMN product_id SET NOT NULL, ALTER COLUMN tier_id SET NOT NULL, ALTER COLUMN frequency SET NOT NULL`,
    `ALTER TABLE order_lines DROP COLUMN kind`,
  ]);
}
