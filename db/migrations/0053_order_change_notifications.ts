import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// Every change an order page shows — the order's status, its payment and refunds, its invoice or credit
// note, its confirmation email going out — is announced on the `order_changed` channel with the order's
// ID, at commit. The order page waits for it (orders.get with `after`) instead of polling: it sees a
// change the moment it commits, and an order that is not changing costs no queries.
// A confirmation email is tied to its order only through its idempotency key, which names the order.
const TABLES = [
  ['orders', 'AFTER UPDATE', 'NEW.id'],
  ['payments', 'AFTER INSERT OR UPDATE', 'NEW.order_id'],
  ['invoices', 'AFTER INSERT OR UPDATE', 'NEW.order_id'],
  ['credit_notes', 'AFTER INSERT', 'NEW.order_id'],
  ['refunds', 'AFTER INSERT OR UPDATE', '(SELECT order_id FROM payments WHERE id = NEW.payment_id)'],
  ['email_outbox', 'AFTER INSERT OR UPDATE', "substring(NEW.idempotency_key from 'ord_[0-9A-Z]{20}')"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, TABLES.flatMap(([table, when, orderId]) => [
    `CREATE FUNCTION notify_order_changed_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE order_id text := ${orderId};
     BEGIN
       IF order_id IS NOT NULL THEN PERFORM pg_notify('order_changed', order_id); END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER ${table}_notify_order_changed ${when} ON ${table} FOR EACH ROW EXECUTE FUNCTION notify_order_changed_${table}()`,
  ]));
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, TABLES.flatMap(([table]) => [
    `DROP TRIGGER ${table}_notify_order_changed ON ${table}`,
    `DROP FUNCTION notify_order_changed_${table}()`,
  ]));
}
