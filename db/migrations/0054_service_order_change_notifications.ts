import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// A service order's page follows it like the order page (0053): what it shows beyond its order —
// the service order's own record, each product's provisioning, the receipt email — is announced on
// `order_changed` with the ID of the order that carries its money. Emails name a service order, not
// its order, in their idempotency key (`service-order-<id>:…`).
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE FUNCTION notify_order_changed_service_orders() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.order_id IS NOT NULL THEN PERFORM pg_notify('order_changed', NEW.order_id); END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER service_orders_notify_order_changed AFTER UPDATE ON service_orders FOR EACH ROW EXECUTE FUNCTION notify_order_changed_service_orders()`,
    `CREATE FUNCTION notify_order_changed_service_order_provisions() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE order_id text := (SELECT so.order_id FROM service_orders so WHERE so.id = NEW.service_order_id);
     BEGIN
       IF order_id IS NOT NULL THEN PERFORM pg_notify('order_changed', order_id); END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER service_order_provisions_notify_order_changed AFTER INSERT OR UPDATE ON service_order_provisions FOR EACH ROW EXECUTE FUNCTION notify_order_changed_service_order_provisions()`,
    // An email names its order, or a service order whose order is looked up.
    `CREATE OR REPLACE FUNCTION notify_order_changed_email_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE order_id text := coalesce(
       substring(NEW.idempotency_key from 'ord_[0-9A-Z]{20}'),
       (SELECT so.order_id FROM service_orders so WHERE so.id = substring(NEW.idempotency_key from '^service-order-(so_[0-9A-Z]{20})')));
     BEGIN
       IF order_id IS NOT NULL THEN PERFORM pg_notify('order_changed', order_id); END IF;
       RETURN NULL;
     END $$`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE OR REPLACE FUNCTION notify_order_changed_email_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE order_id text := substring(NEW.idempotency_key from 'ord_[0-9A-Z]{20}');
     BEGIN
       IF order_id IS NOT NULL THEN PERFORM pg_notify('order_changed', order_id); END IF;
       RETURN NULL;
     END $$`,
    `DROP TRIGGER service_order_provisions_notify_order_changed ON service_order_provisions`,
    `DROP FUNCTION notify_order_changed_service_order_provisions()`,
    `DROP TRIGGER service_orders_notify_order_changed ON service_orders`,
    `DROP FUNCTION notify_order_changed_service_orders()`,
  ]);
}
