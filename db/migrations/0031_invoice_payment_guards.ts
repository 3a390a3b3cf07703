import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// CP-6 / WF-5: payments recorded against an invoice. The database refuses payments whose total would
// exceed the invoice's total (those in flight count: two payments racing for one balance cannot both
// be charged), and the invoice's amount paid and status follow its succeeded payments — the balance is
// derived from what was recorded, never written by hand.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE FUNCTION payments_within_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE inv_total bigint; inv_status text; taken bigint;
     BEGIN
       IF NEW.invoice_id IS NULL OR NEW.status NOT IN ('pending','requires_action','succeeded','partially_refunded') THEN RETURN NEW; END IF;
       SELECT total, status INTO inv_total, inv_status FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
       IF NOT FOUND THEN RETURN NEW; END IF;
       SELECT coalesce(sum(amount), 0) INTO taken FROM payments
         WHERE invoice_id = NEW.invoice_id AND id <> NEW.id AND status IN ('pending','requires_action','succeeded','partially_refunded');
       IF taken + NEW.amount > inv_total THEN
         RAISE EXCEPTION 'payments of invoice % would exceed its total', NEW.invoice_id
           USING ERRCODE = '23514', CONSTRAINT = 'payments_within_invoice_total', TABLE = 'payments';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER payments_within_invoice BEFORE INSERT OR UPDATE OF amount, status, invoice_id ON payments
       FOR EACH ROW EXECUTE FUNCTION payments_within_invoice()`,
    `CREATE FUNCTION invoices_paid_from_payments() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE paid bigint;
     BEGIN
       IF NEW.invoice_id IS NULL THEN RETURN NULL; END IF;
       SELECT coalesce(sum(amount), 0) INTO paid FROM payments WHERE invoice_id = NEW.invoice_id AND status IN ('succeeded','partially_refunded');
       UPDATE invoices SET amount_paid = paid, status = CASE WHEN paid >= total THEN 'paid' ELSE 'open' END
         WHERE id = NEW.invoice_id AND status <> 'void' AND (amount_paid, status) IS DISTINCT FROM (paid, CASE WHEN paid >= total THEN 'paid' ELSE 'open' END);
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER invoices_paid_from_payments AFTER INSERT OR UPDATE OF amount, status, invoice_id ON payments
       FOR EACH ROW EXECUTE FUNCTION invoices_paid_from_payments()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TRIGGER invoices_paid_from_payments ON payments`,
    `DROP FUNCTION invoices_paid_from_payments()`,
    `DROP TRIGGER payments_within_invoice ON payments`,
    `DROP FUNCTION payments_within_invoice()`,
  ]);
}
