import type { Kysely } from 'kysely';
import { CURRENCY_CHECK, runStatements } from './sql';

// Money (SPEC §8): invoices with gapless yearly numbers, immutable once issued; credit notes;
// payments (one per order step) and refunds; the account credit ledger.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE invoice_number_sequences (
       year integer PRIMARY KEY CONSTRAINT invoice_number_sequences_year_check CHECK (year BETWEEN 2000 AND 9999),
       last_seq integer NOT NULL CONSTRAINT invoice_number_sequences_last_seq_check CHECK (last_seq >= 0)
     )`,

    `CREATE TABLE invoices (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       order_id text CONSTRAINT invoices_order_id_key UNIQUE REFERENCES orders(id),
       number text NOT NULL CONSTRAINT invoices_number_key UNIQUE,
       year integer NOT NULL,
       seq integer NOT NULL CONSTRAINT invoices_seq_check CHECK (seq > 0),
       issued_at timestamptz NOT NULL DEFAULT now(),
       due_at timestamptz,
       currency text NOT NULL CONSTRAINT invoices_currency_check CHECK (currency ${CURRENCY_CHECK}),
       subtotal bigint NOT NULL,
       tax bigint NOT NULL CONSTRAINT invoices_tax_check CHECK (tax >= 0),
       total bigint NOT NULL CONSTRAINT invoices_total_check CHECK (total >= 0),
       amount_paid bigint NOT NULL DEFAULT 0
         CONSTRAINT invoices_amount_paid_check CHECK (amount_paid >= 0 AND amount_paid <= total),
       status text NOT NULL DEFAULT 'open' CONSTRAINT invoices_status_check CHECK (status IN ('open','paid','void')),
       reverse_charge boolean NOT NULL DEFAULT false,
       tax_rate_basis_points integer NOT NULL DEFAULT 0
         CONSTRAINT invoices_tax_rate_check CHECK (tax_rate_basis_points BETWEEN 0 AND 10000),
       buyer jsonb NOT NULL,
       seller jsonb NOT NULL,
       purchase_order_number text,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT invoices_year_seq_key UNIQUE (year, seq),
       CONSTRAINT invoices_year_matches_issued_at CHECK (year = extract(year FROM issued_at AT TIME ZONE 'UTC')),
       CONSTRAINT invoices_due_check CHECK (due_at IS NULL OR due_at >= issued_at),
       CONSTRAINT invoices_paid_in_full CHECK (status <> 'paid' OR amount_paid = total),
       CONSTRAINT invoices_reverse_charge_no_tax CHECK (NOT reverse_charge OR tax = 0)
     )`,
    `CREATE INDEX invoices_account_id_issued_at_idx ON invoices (account_id, issued_at DESC)`,

    `CREATE TABLE invoice_lines (
       id text PRIMARY KEY,
       invoice_id text NOT NULL REFERENCES invoices(id),
       description text NOT NULL,
       quantity integer NOT NULL CONSTRAINT invoice_lines_quantity_check CHECK (quantity >= 0),
       unit_amount bigint NOT NULL,
       amount bigint NOT NULL,
       period_start timestamptz,
       period_end timestamptz,
       sort integer NOT NULL DEFAULT 0,
       CONSTRAINT invoice_lines_period_check CHECK (period_end IS NULL OR period_start IS NULL OR period_end > period_start)
     )`,
    `CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id)`,

    // Immutable once issued (SPEC §8): only the payment state may change; nothing is deleted.
    // A void invoice is final. Corrections are credit notes.
    `CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'DELETE' THEN
         RAISE EXCEPTION 'invoice % is issued and cannot be deleted', OLD.id
           USING ERRCODE = '23514', CONSTRAINT = 'invoices_immutable', TABLE = 'invoices';
       END IF;
       IF (to_jsonb(NEW) - 'status' - 'amount_paid') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'amount_paid') THEN
         RAISE EXCEPTION 'invoice % is issued: only status and amount_paid may change', OLD.id
           USING ERRCODE = '23514', CONSTRAINT = 'invoices_immutable', TABLE = 'invoices';
       END IF;
       IF OLD.status = 'void' AND (NEW.status <> 'void' OR NEW.amount_paid <> OLD.amount_paid) THEN
         RAISE EXCEPTION 'invoice % is void', OLD.id
           USING ERRCODE = '23514', CONSTRAINT = 'invoices_immutable', TABLE = 'invoices';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
       FOR EACH ROW EXECUTE FUNCTION invoices_immutable()`,
    `CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME
         USING ERRCODE = '23514', CONSTRAINT = TG_TABLE_NAME || '_immutable', TABLE = TG_TABLE_NAME;
     END $$`,
    `CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoice_lines
       FOR EACH ROW EXECUTE FUNCTION refuse_change()`,

    `CREATE TABLE credit_note_number_sequences (
       year integer PRIMARY KEY CONSTRAINT credit_note_number_sequences_year_check CHECK (year BETWEEN 2000 AND 9999),
       last_seq integer NOT NULL CONSTRAINT credit_note_number_sequences_last_seq_check CHECK (last_seq >= 0)
     )`,
    `CREATE TABLE credit_notes (
       id text PRIMARY KEY,
       invoice_id text NOT NULL REFERENCES invoices(id),
       account_id text NOT NULL REFERENCES accounts(id),
       number text NOT NULL CONSTRAINT credit_notes_number_key UNIQUE,
       year integer NOT NULL,
       seq integer NOT NULL CONSTRAINT credit_notes_seq_check CHECK (seq > 0),
       currency text NOT NULL CONSTRAINT credit_notes_currency_check CHECK (currency ${CURRENCY_CHECK}),
       amount bigint NOT NULL CONSTRAINT credit_notes_amount_check CHECK (amount > 0),
       reason text NOT NULL,
       issued_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT credit_notes_year_seq_key UNIQUE (year, seq),
       CONSTRAINT credit_notes_year_matches_issued_at CHECK (year = extract(year FROM issued_at AT TIME ZONE 'UTC'))
     )`,
    // Credit notes never credit more than the invoice total (invoice row locked: concurrent notes serialize).
    `CREATE FUNCTION credit_notes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE inv_total bigint; inv_account text; credited bigint;
     BEGIN
       SELECT total, account_id INTO inv_total, inv_account FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
       IF NOT FOUND THEN RETURN NEW; END IF;
       IF inv_account <> NEW.account_id THEN
         RAISE EXCEPTION 'credit note account differs from the invoice account'
           USING ERRCODE = '23514', CONSTRAINT = 'credit_notes_same_account', TABLE = 'credit_notes';
       END IF;
       SELECT coalesce(sum(amount), 0) INTO credited FROM credit_notes WHERE invoice_id = NEW.invoice_id;
       IF credited + NEW.amount > inv_total THEN
         RAISE EXCEPTION 'credit notes would exceed invoice total'
           USING ERRCODE = '23514', CONSTRAINT = 'credit_notes_within_invoice_total', TABLE = 'credit_notes';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER credit_notes_guard BEFORE INSERT ON credit_notes FOR EACH ROW EXECUTE FUNCTION credit_notes_guard()`,
    `CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON credit_notes
       FOR EACH ROW EXECUTE FUNCTION refuse_change()`,

    `CREATE TABLE payments (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       order_id text REFERENCES orders(id),
       invoice_id text REFERENCES invoices(id),
       step text NOT NULL,
       amount bigint NOT NULL CONSTRAINT payments_amount_check CHECK (amount > 0),
       currency text NOT NULL CONSTRAINT payments_currency_check CHECK (currency ${CURRENCY_CHECK}),
       status text NOT NULL DEFAULT 'pending' CONSTRAINT payments_status_check
         CHECK (status IN ('pending','requires_action','succeeded','failed','refunded','partially_refunded')),
       stripe_payment_intent_id text CONSTRAINT payments_stripe_payment_intent_id_key UNIQUE,
       failure_code text,
       failure_message text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       -- one payment per order step: a retried activity or a double click can never charge twice
       CONSTRAINT payments_order_id_step_key UNIQUE (order_id, step),
       CONSTRAINT payments_target_check CHECK (order_id IS NOT NULL OR invoice_id IS NOT NULL)
     )`,
    `CREATE INDEX payments_account_id_idx ON payments (account_id, created_at DESC)`,
    `CREATE INDEX payments_invoice_id_idx ON payments (invoice_id) WHERE invoice_id IS NOT NULL`,
    `CREATE TRIGGER payments_set_updated_at BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,

    `CREATE TABLE refunds (
       id text PRIMARY KEY,
       payment_id text NOT NULL REFERENCES payments(id),
       amount bigint NOT NULL CONSTRAINT refunds_amount_check CHECK (amount > 0),
       stripe_refund_id text CONSTRAINT refunds_stripe_refund_id_key UNIQUE,
       reason text,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE FUNCTION refunds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE paid bigint; refunded bigint;
     BEGIN
       SELECT amount INTO paid FROM payments WHERE id = NEW.payment_id FOR UPDATE;
       IF NOT FOUND THEN RETURN NEW; END IF;
       SELECT coalesce(sum(amount), 0) INTO refunded FROM refunds WHERE payment_id = NEW.payment_id;
       IF refunded + NEW.amount > paid THEN
         RAISE EXCEPTION 'refunds would exceed the payment amount'
           USING ERRCODE = '23514', CONSTRAINT = 'refunds_within_payment', TABLE = 'refunds';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER refunds_guard BEFORE INSERT ON refunds FOR EACH ROW EXECUTE FUNCTION refunds_guard()`,

    `CREATE TABLE credit_ledger (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       currency text NOT NULL CONSTRAINT credit_ledger_currency_check CHECK (currency ${CURRENCY_CHECK}),
       amount bigint NOT NULL CONSTRAINT credit_ledger_amount_check CHECK (amount <> 0),
       reason text NOT NULL CONSTRAINT credit_ledger_reason_check
         CHECK (reason IN ('proration_credit','applied_to_order','manual','refund')),
       order_id text REFERENCES orders(id),
       note text,
       created_at timestamptz NOT NULL DEFAULT now(),
       -- an order adds proration credit at most once and consumes credit at most once
       CONSTRAINT credit_ledger_order_id_reason_key UNIQUE (order_id, reason),
       CONSTRAINT credit_ledger_sign_check CHECK (
         (reason <> 'proration_credit' OR amount > 0) AND (reason <> 'applied_to_order' OR amount < 0))
     )`,
    `CREATE INDEX credit_ledger_account_id_idx ON credit_ledger (account_id, currency)`,
    // The balance can never go negative: entries for one account serialize on an advisory lock.
    `CREATE FUNCTION credit_ledger_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE balance bigint;
     BEGIN
       PERFORM pg_advisory_xact_lock(hashtext('credit_ledger:' || NEW.account_id));
       SELECT coalesce(sum(amount), 0) INTO balance FROM credit_ledger
         WHERE account_id = NEW.account_id AND currency = NEW.currency;
       IF balance + NEW.amount < 0 THEN
         RAISE EXCEPTION 'credit balance of % would become negative', NEW.account_id
           USING ERRCODE = '23514', CONSTRAINT = 'credit_ledger_balance_not_negative', TABLE = 'credit_ledger';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER credit_ledger_guard BEFORE INSERT ON credit_ledger FOR EACH ROW EXECUTE FUNCTION credit_ledger_guard()`,
    `CREATE TRIGGER credit_ledger_immutable BEFORE UPDATE OR DELETE ON credit_ledger
       FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    `CREATE VIEW credit_balances AS
       SELECT account_id, currency, sum(amount)::bigint AS balance
       FROM credit_ledger GROUP BY account_id, currency`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP VIEW credit_balances`,
    `DROP TABLE credit_ledger`,
    `DROP FUNCTION credit_ledger_guard()`,
    `DROP TABLE refunds`,
    `DROP FUNCTION refunds_guard()`,
    `DROP TABLE payments`,
    `DROP TABLE credit_notes`,
    `DROP FUNCTION credit_notes_guard()`,
    `DROP TABLE credit_note_number_sequences`,
    `DROP TABLE invoice_lines`,
    `DROP TABLE invoices`,
    `DROP FUNCTION invoices_immutable()`,
    `DROP FUNCTION refuse_change()`,
    `DROP TABLE invoice_number_sequences`,
  ]);
}
