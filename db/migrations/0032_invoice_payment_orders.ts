import type { Kysely } from 'kysely';
import { CURRENCY_CHECK, runStatements } from './sql';

// CP-6 / WF-5 on the order core: an invoice is paid by an `invoice_payment` order, whose succeeded
// payment is recorded against the invoice when the order is fulfilled (payments.invoice_id; 0031 derives
// the amount paid and the status from it). From the moment such an order is written until it ends, its
// line claims its amount of the invoice: what an invoice's recorded payments (in flight or succeeded)
// and its open invoice-payment orders claim together never exceeds its total — checked when a payment
// is recorded and when an order line is written, the invoice row locked, so two payments racing for the
// same balance serialize and the second is refused before anything is charged. Each recorded payment
// gets one immutable receipt with the figures as they were right after it.
const CLAIMED_0032 = `CREATE OR REPLACE FUNCTION invoice_claimed(p_invoice text, p_except_payment text, p_except_order text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT
    (SELECT coalesce(sum(amount), 0) FROM payments
      WHERE invoice_id = p_invoice AND id <> coalesce(p_except_payment, '')
        AND status IN ('pending','requires_action','succeeded','partially_refunded'))
  + (SELECT coalesce(sum(l.plan_amount - l.credit_amount), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.invoice_id = p_invoice AND l.kind = 'invoice_payment' AND l.order_id <> coalesce(p_except_order, '')
        AND o.status IN ('pending','processing','awaiting_payment'))
$$`;

const PAYMENTS_WITHIN_INVOICE_0032 = `CREATE OR REPLACE FUNCTION payments_within_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE inv_total bigint;
  BEGIN
    IF NEW.invoice_id IS NULL OR NEW.status NOT IN ('pending','requires_action','succeeded','partially_refunded') THEN RETURN NEW; END IF;
    SELECT total INTO inv_total FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
    IF NOT FOUND THEN RETURN NEW; END IF;
    -- The order a payment belongs to claims its amount through its line already: not counted twice.
    IF invoice_claimed(NEW.invoice_id, NEW.id, NEW.order_id) + NEW.amount > inv_total THEN
      RAISE EXCEPTION 'payments of invoice % would exceed its total', NEW.invoice_id
        USING ERRCODE = '23514', CONSTRAINT = 'payments_within_invoice_total', TABLE = 'payments';
    END IF;
    RETURN NEW;
  END $$`;

// 0031's version, restored by down().
const PAYMENTS_WITHIN_INVOICE_0031 = `CREATE OR REPLACE FUNCTION payments_within_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
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
  END $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    CLAIMED_0032,
    PAYMENTS_WITHIN_INVOICE_0032,
    `CREATE FUNCTION order_lines_invoice_payment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE inv record; ord record;
     BEGIN
       IF NEW.kind <> 'invoice_payment' THEN RETURN NEW; END IF;
       SELECT account_id, currency, status, total INTO inv FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
       IF NOT FOUND THEN RETURN NEW; END IF; -- the foreign key refuses it
       SELECT account_id, currency INTO ord FROM orders WHERE id = NEW.order_id;
       IF ord.account_id <> inv.account_id OR ord.currency <> inv.currency THEN
         RAISE EXCEPTION 'an order of % cannot pay invoice % of another account or currency', NEW.order_id, NEW.invoice_id
           USING ERRCODE = '23514', CONSTRAINT = 'order_lines_invoice_same_account', TABLE = 'order_lines';
       END IF;
       IF inv.status <> 'open' THEN
         RAISE EXCEPTION 'invoice % is not open', NEW.invoice_id
           USING ERRCODE = '23514', CONSTRAINT = 'order_lines_invoice_open', TABLE = 'order_lines';
       END IF;
       IF NEW.plan_amount - NEW.credit_amount <= 0 THEN
         RAISE EXCEPTION 'an invoice payment of % pays nothing', NEW.plan_amount - NEW.credit_amount
           USING ERRCODE = '23514', CONSTRAINT = 'order_lines_invoice_payment_positive', TABLE = 'order_lines';
       END IF;
       IF invoice_claimed(NEW.invoice_id, NULL, NEW.order_id) + NEW.plan_amount - NEW.credit_amount > inv.total THEN
         RAISE EXCEPTION 'payments of invoice % would exceed its total', NEW.invoice_id
           USING ERRCODE = '23514', CONSTRAINT = 'payments_within_invoice_total', TABLE = 'order_lines';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER order_lines_invoice_payment_guard BEFORE INSERT OR UPDATE OF invoice_id, plan_amount, credit_amount ON order_lines
       FOR EACH ROW EXECUTE FUNCTION order_lines_invoice_payment_guard()`,

    `CREATE TABLE payment_receipts (
       payment_id text PRIMARY KEY REFERENCES payments(id),
       invoice_id text NOT NULL REFERENCES invoices(id),
       account_id text NOT NULL REFERENCES accounts(id),
       order_id text CONSTRAINT payment_receipts_order_id_key UNIQUE REFERENCES orders(id),
       currency text NOT NULL CONSTRAINT payment_receipts_currency_check CHECK (currency ${CURRENCY_CHECK}),
       amount bigint NOT NULL CONSTRAINT payment_receipts_amount_check CHECK (amount > 0),
       invoice_total bigint NOT NULL,
       paid_to_date bigint NOT NULL,
       balance bigint NOT NULL CONSTRAINT payment_receipts_balance_check CHECK (balance >= 0),
       card_brand text,
       card_last4 text CONSTRAINT payment_receipts_card_last4_check CHECK (card_last4 ~ '^[0-9]{4}$'),
       issued_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT payment_receipts_figures_check CHECK (paid_to_date + balance = invoice_total AND amount <= paid_to_date)
     )`,
    `CREATE INDEX payment_receipts_invoice_id_idx ON payment_receipts (invoice_id, issued_at)`,
    `CREATE TRIGGER payment_receipts_immutable BEFORE UPDATE OR DELETE ON payment_receipts FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE payment_receipts`,
    `DROP TRIGGER order_lines_invoice_payment_guard ON order_lines`,
    `DROP FUNCTION order_lines_invoice_payment_guard()`,
    PAYMENTS_WITHIN_INVOICE_0031,
    `DROP FUNCTION invoice_claimed(text, text, text)`,
  ]);
}
