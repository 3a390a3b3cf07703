import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// WF-2 / BC-4: at most one change in flight per subscription, guarded by the database itself.
// A change line is "in flight" from the moment its order is written until the order ends (completed,
// failed or cancelled). The flag is cleared by a trigger on the order's status, so every path that
// ends an order (workflow, refused update, failed payment) releases the subscription — none can forget.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE order_lines ADD COLUMN change_in_flight boolean NOT NULL DEFAULT false`,
    // The subscription's version the change was priced against: applying checks it (optimistic concurrency).
    `ALTER TABLE order_lines ADD COLUMN subscription_version integer
       CONSTRAINT order_lines_subscription_version_check CHECK (subscription_version IS NULL OR subscription_version >= 0)`,
    `ALTER TABLE order_lines ADD CONSTRAINT order_lines_change_in_flight_check
       CHECK (NOT change_in_flight OR (subscription_id IS NOT NULL AND subscription_version IS NOT NULL))`,
    `CREATE UNIQUE INDEX order_lines_one_change_in_flight ON order_lines (subscription_id) WHERE change_in_flight`,
    `CREATE FUNCTION orders_release_changes() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE order_lines SET change_in_flight = false WHERE order_id = NEW.id AND change_in_flight;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER orders_release_changes AFTER UPDATE OF status ON orders
       FOR EACH ROW WHEN (NEW.status IN ('completed','failed','cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
       EXECUTE FUNCTION orders_release_changes()`,
    // A net-negative change documents the credit with a credit note: find it back from its order.
    `ALTER TABLE credit_notes ADD COLUMN order_id text REFERENCES orders(id)`,
    `CREATE UNIQUE INDEX credit_notes_order_id_key ON credit_notes (order_id) WHERE order_id IS NOT NULL`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX credit_notes_order_id_key`,
    `ALTER TABLE credit_notes DROP COLUMN order_id`,
    `DROP TRIGGER orders_release_changes ON orders`,
    `DROP FUNCTION orders_release_changes()`,
    `DROP INDEX order_lines_one_change_in_flight`,
    `ALTER TABLE order_lines DROP CONSTRAINT order_lines_change_in_flight_check`,
    `ALTER TABLE order_lines DROP COLUMN subscription_version`,
    `ALTER TABLE order_lines DROP COLUMN change_in_flight`,
  ]);
}
