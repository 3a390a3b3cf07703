import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// CP-10 / WF-3: a service order follows its accepted quote through payment, provisioning of each
// product's seats and of the admin contact, the order's fulfilment (seats, invoice) and the receipt.
// Each product is provisioned once, under an idempotency key, and remembers what it did so a permanent
// failure can undo it. The invoice is the order's (invoices.order_id), not the service order's.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE service_orders DROP CONSTRAINT service_orders_status_check`,
    `ALTER TABLE service_orders ADD CONSTRAINT service_orders_status_check
       CHECK (status IN ('draft','placed','awaiting_payment','provisioning','completed','failed','compensated'))`,
    `ALTER TABLE service_orders ADD COLUMN admin_action text
       CONSTRAINT service_orders_admin_action_check CHECK (admin_action IN ('create','update'))`,
    // What the admin contact was before an update, so a compensation can put it back.
    `ALTER TABLE service_orders ADD COLUMN admin_previous jsonb`,
    `ALTER TABLE service_orders ADD COLUMN admin_created boolean NOT NULL DEFAULT false`,
    `ALTER TABLE service_orders ADD COLUMN payment_due_at timestamptz`,
    `ALTER TABLE service_orders ADD COLUMN sla_due_at timestamptz`,
    `ALTER TABLE service_orders ADD COLUMN sla_breached_at timestamptz`,
    `ALTER TABLE service_orders ADD COLUMN paid_at timestamptz`,
    `ALTER TABLE service_orders ADD COLUMN provisioned_at timestamptz`,
    `ALTER TABLE service_orders ADD COLUMN compensated_at timestamptz`,
    // Why it did not go through, by message key for readers (failure_reason keeps the English for operations).
    `ALTER TABLE service_orders ADD COLUMN failure_key text, ADD COLUMN failure_params jsonb`,
    `ALTER TABLE service_orders ADD CONSTRAINT service_orders_admin_check CHECK (
       admin_action IS NULL OR (admin_contact_email IS NOT NULL AND btrim(coalesce(admin_contact_name, '')) <> ''))`,

    `CREATE TABLE service_order_provisions (
       id text PRIMARY KEY,
       service_order_id text NOT NULL REFERENCES service_orders(id),
       order_line_id text NOT NULL REFERENCES order_lines(id),
       product_id text NOT NULL REFERENCES products(id),
       seats integer NOT NULL CONSTRAINT service_order_provisions_seats_check CHECK (seats > 0),
       status text NOT NULL DEFAULT 'pending' CONSTRAINT service_order_provisions_status_check
         CHECK (status IN ('pending','applied','rolled_back')),
       idempotency_key text NOT NULL CONSTRAINT service_order_provisions_idempotency_key_key UNIQUE,
       -- After the order's fulfilment: the admin contact's seat (false when every seat was taken meanwhile).
       admin_seat_assigned boolean NOT NULL DEFAULT false,
       external_ref text,
       attempts integer NOT NULL DEFAULT 0,
       applied_at timestamptz,
       rolled_back_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT service_order_provisions_one_per_product UNIQUE (service_order_id, product_id),
       CONSTRAINT service_order_provisions_applied_check CHECK ((status = 'pending') = (applied_at IS NULL)),
       CONSTRAINT service_order_provisions_rolled_back_check CHECK ((status = 'rolled_back') = (rolled_back_at IS NOT NULL))
     )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE service_order_provisions`,
    `ALTER TABLE service_orders DROP CONSTRAINT service_orders_admin_check`,
    `ALTER TABLE service_orders DROP COLUMN failure_params, DROP COLUMN failure_key`,
    `ALTER TABLE service_orders DROP COLUMN compensated_at`,
    `ALTER TABLE service_orders DROP COLUMN provisioned_at`,
    `ALTER TABLE service_orders DROP COLUMN paid_at`,
    `ALTER TABLE service_orders DROP COLUMN sla_breached_at`,
    `ALTER TABLE service_orders DROP COLUMN sla_due_at`,
    `ALTER TABLE service_orders DROP COLUMN payment_due_at`,
    `ALTER TABLE service_orders DROP COLUMN admin_created`,
    `ALTER TABLE service_orders DROP COLUMN admin_previous`,
    `ALTER TABLE service_orders DROP COLUMN admin_action`,
    `ALTER TABLE service_orders DROP CONSTRAINT service_orders_status_check`,
    `UPDATE service_orders SET status = 'processing' WHERE status IN ('awaiting_payment','provisioning')`,
    `ALTER TABLE service_orders ADD CONSTRAINT service_orders_status_check
       CHECK (status IN ('draft','placed','processing','completed','failed','compensated'))`,
  ]);
}
