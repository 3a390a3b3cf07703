import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// BC-8 / SPEC §8: a credit note is a document of its own, printed as a PDF like an invoice. It keeps
// what it printed: the seller and buyer as they were at issue (VAT numbers included), whether the
// corrected invoice was reverse-charged, and its lines, which add up to its amount (checked at commit).
// Its number already comes from its own gapless yearly series (credit_note_number_sequences, 0004).
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE credit_notes ADD COLUMN seller jsonb, ADD COLUMN buyer jsonb, ADD COLUMN reverse_charge boolean`,
    `CREATE TABLE credit_note_lines (
       id text PRIMARY KEY,
       credit_note_id text NOT NULL REFERENCES credit_notes(id),
       description text NOT NULL,
       quantity integer NOT NULL CONSTRAINT credit_note_lines_quantity_check CHECK (quantity >= 0),
       unit_amount bigint NOT NULL,
       amount bigint NOT NULL,
       period_start timestamptz,
       period_end timestamptz,
       sort integer NOT NULL DEFAULT 0,
       CONSTRAINT credit_note_lines_period_check CHECK (period_end IS NULL OR period_start IS NULL OR period_end > period_start)
     )`,
    `CREATE INDEX credit_note_lines_credit_note_id_idx ON credit_note_lines (credit_note_id)`,
    // Notes issued before this migration print the parties of the invoice they correct and one line
    // with their reason. Credit notes are immutable: the guard steps aside for this one backfill only.
    `ALTER TABLE credit_notes DISABLE TRIGGER credit_notes_immutable`,
    `UPDATE credit_notes c SET seller = i.seller, buyer = i.buyer, reverse_charge = i.reverse_charge FROM invoices i WHERE i.id = c.invoice_id`,
    `ALTER TABLE credit_notes ENABLE TRIGGER credit_notes_immutable`,
    `INSERT INTO credit_note_lines (id, credit_note_id, description, quantity, unit_amount, amount, sort)
       SELECT 'cnl_' || substr(c.id, 4), c.id, c.reason, 1, c.amount, c.amount, 0 FROM credit_notes c`,
    `ALTER TABLE credit_notes ALTER COLUMN seller SET NOT NULL, ALTER COLUMN buyer SET NOT NULL,
       ALTER COLUMN reverse_charge SET NOT NULL, ALTER COLUMN reverse_charge SET DEFAULT false`,
    `CREATE TRIGGER credit_note_lines_immutable BEFORE UPDATE OR DELETE ON credit_note_lines
       FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    // At commit, every credit note touched has lines that add up to its amount (the PDF's total).
    `CREATE FUNCTION credit_notes_lines_match_amount() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE note_id text; note_amount bigint; lines_sum bigint;
     BEGIN
       IF TG_TABLE_NAME = 'credit_notes' THEN note_id := NEW.id; ELSE note_id := NEW.credit_note_id; END IF;
       SELECT amount INTO note_amount FROM credit_notes WHERE id = note_id;
       SELECT coalesce(sum(amount), 0) INTO lines_sum FROM credit_note_lines WHERE credit_note_id = note_id;
       IF note_amount IS DISTINCT FROM lines_sum THEN
         RAISE EXCEPTION 'credit note % lines add up to %, not its amount %', note_id, lines_sum, note_amount
           USING ERRCODE = '23514', CONSTRAINT = 'credit_notes_lines_match_amount', TABLE = 'credit_notes';
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE CONSTRAINT TRIGGER credit_notes_lines_match_amount AFTER INSERT ON credit_notes
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_notes_lines_match_amount()`,
    `CREATE CONSTRAINT TRIGGER credit_note_lines_match_amount AFTER INSERT ON credit_note_lines
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_notes_lines_match_amount()`,
    `CREATE INDEX credit_notes_account_id_issued_at_idx ON credit_notes (account_id, issued_at DESC)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX credit_notes_account_id_issued_at_idx`,
    `DROP TRIGGER credit_note_lines_match_amount ON credit_note_lines`,
    `DROP TRIGGER credit_notes_lines_match_amount ON credit_notes`,
    `DROP FUNCTION credit_notes_lines_match_amount()`,
    `DROP TABLE credit_note_lines`,
    `ALTER TABLE credit_notes DROP COLUMN reverse_charge, DROP COLUMN buyer, DROP COLUMN seller`,
  ]);
}
