import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// BO-1 / CP-4 / WF-6: the whole life of a quote. A sales rep's quote starts as a draft and is edited
// until it is sent ('pending' = sent and open); the sent quote lives in a `quote-<id>` workflow until
// it is accepted, rejected, withdrawn by the rep, superseded by an add-seats order, or expires. Lines
// keep the catalog price, the discount and how their term is set (co-termed to the contract end or a
// new annual term), so the PDF can print what the figures came from.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE quotes DROP CONSTRAINT quotes_status_check`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_status_check
       CHECK (status IN ('draft','pending','accepted','rejected','expired','superseded','withdrawn'))`,
    `ALTER TABLE quotes ALTER COLUMN status SET DEFAULT 'draft'`,
    `ALTER TABLE quotes DROP CONSTRAINT quotes_decided_check`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_decided_check CHECK ((status IN ('draft','pending')) = (decided_at IS NULL))`,
    `ALTER TABLE quotes ADD COLUMN sent_at timestamptz`,
    // Existing open quotes were sent when they were made.
    `UPDATE quotes SET sent_at = created_at WHERE status <> 'draft'`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_sent_check CHECK (status = 'draft' OR sent_at IS NOT NULL)`,
    `ALTER TABLE quotes ADD COLUMN viewed_at timestamptz`,
    `ALTER TABLE quotes ADD COLUMN rejection_reason text CONSTRAINT quotes_rejection_reason_check CHECK (char_length(rejection_reason) <= 2000)`,
    `ALTER TABLE quotes ADD COLUMN purchase_order_number text`,
    `ALTER TABLE quotes ADD COLUMN reverse_charge boolean NOT NULL DEFAULT false`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_reverse_charge_check CHECK (NOT reverse_charge OR (tax = 0 AND tax_rate_basis_points = 0))`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_total_check2 CHECK (total = subtotal + tax)`,
    `ALTER TABLE quotes ADD COLUMN workflow_id text CONSTRAINT quotes_workflow_id_key UNIQUE`,
    `ALTER TABLE quotes ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`,
    `CREATE TRIGGER quotes_set_updated_at BEFORE UPDATE ON quotes FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    // A figure of a sent quote is what the customer accepts: once sent, only its status moves.
    `CREATE FUNCTION quotes_sent_figures_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF OLD.status <> 'draft' AND (NEW.subtotal, NEW.tax, NEW.total, NEW.currency, NEW.tax_rate_basis_points, NEW.reverse_charge, NEW.expires_at, NEW.account_id)
            IS DISTINCT FROM (OLD.subtotal, OLD.tax, OLD.total, OLD.currency, OLD.tax_rate_basis_points, OLD.reverse_charge, OLD.expires_at, OLD.account_id) THEN
         RAISE EXCEPTION 'a sent quote cannot be changed' USING ERRCODE = '23514', CONSTRAINT = 'quotes_sent_immutable';
       END IF;
       IF OLD.status NOT IN ('draft','pending') AND NEW.status IS DISTINCT FROM OLD.status THEN
         RAISE EXCEPTION 'a decided quote keeps its status' USING ERRCODE = '23514', CONSTRAINT = 'quotes_decision_final';
       END IF;
       IF OLD.status = 'pending' AND NEW.status = 'draft' THEN
         RAISE EXCEPTION 'a sent quote cannot go back to draft' USING ERRCODE = '23514', CONSTRAINT = 'quotes_sent_immutable';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER quotes_sent_figures_immutable BEFORE UPDATE ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_sent_figures_immutable()`,

    `ALTER TABLE quote_lines ADD COLUMN list_unit_amount bigint`,
    `UPDATE quote_lines SET list_unit_amount = unit_amount`,
    `ALTER TABLE quote_lines ALTER COLUMN list_unit_amount SET NOT NULL`,
    `ALTER TABLE quote_lines ADD CONSTRAINT quote_lines_list_unit_amount_check CHECK (list_unit_amount >= unit_amount)`,
    `ALTER TABLE quote_lines ADD COLUMN discount_basis_points integer NOT NULL DEFAULT 0
       CONSTRAINT quote_lines_discount_check CHECK (discount_basis_points BETWEEN 0 AND 10000)`,
    `ALTER TABLE quote_lines ADD COLUMN term_kind text NOT NULL DEFAULT 'co_term'
       CONSTRAINT quote_lines_term_kind_check CHECK (term_kind IN ('co_term','new_term'))`,
    `ALTER TABLE quote_lines ADD COLUMN sort integer NOT NULL DEFAULT 0`,
    // Lines of a sent quote are what was offered: they never change (nor disappear) after sending.
    `CREATE FUNCTION quote_lines_of_sent_quote_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE s text;
     BEGIN
       SELECT status INTO s FROM quotes WHERE id = COALESCE(OLD.quote_id, NEW.quote_id);
       IF s IS NOT NULL AND s <> 'draft' THEN
         RAISE EXCEPTION 'the lines of a sent quote cannot be changed' USING ERRCODE = '23514', CONSTRAINT = 'quote_lines_immutable';
       END IF;
       RETURN COALESCE(NEW, OLD);
     END $$`,
    `CREATE TRIGGER quote_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON quote_lines
       FOR EACH ROW EXECUTE FUNCTION quote_lines_of_sent_quote_immutable()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TRIGGER quote_lines_immutable ON quote_lines`,
    `DROP FUNCTION quote_lines_of_sent_quote_immutable()`,
    `ALTER TABLE quote_lines DROP COLUMN sort`,
    `ALTER TABLE quote_lines DROP COLUMN term_kind`,
    `ALTER TABLE quote_lines DROP COLUMN discount_basis_points`,
    `ALTER TABLE quote_lines DROP COLUMN list_unit_amount`,
    `DROP TRIGGER quotes_sent_figures_immutable ON quotes`,
    `DROP FUNCTION quotes_sent_figures_immutable()`,
    `DROP TRIGGER quotes_set_updated_at ON quotes`,
    `ALTER TABLE quotes DROP COLUMN updated_at`,
    `ALTER TABLE quotes DROP COLUMN workflow_id`,
    `ALTER TABLE quotes DROP CONSTRAINT quotes_total_check2`,
    `ALTER TABLE quotes DROP CONSTRAINT quotes_reverse_charge_check`,
    `ALTER TABLE quotes DROP COLUMN reverse_charge`,
    `ALTER TABLE quotes DROP COLUMN purchase_order_number`,
    `ALTER TABLE quotes DROP COLUMN rejection_reason`,
    `ALTER TABLE quotes DROP COLUMN viewed_at`,
    `ALTER TABLE quotes DROP CONSTRAINT quotes_sent_check`,
    `ALTER TABLE quotes DROP COLUMN sent_at`,
    `ALTER TABLE quotes DROP CONSTRAINT quotes_decided_check`,
    // Quotes only the new code knows (drafts, withdrawn) have no place in the old schema.
    `DELETE FROM quotes WHERE status IN ('draft','withdrawn')`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_decided_check CHECK ((status = 'pending') = (decided_at IS NULL))`,
    `ALTER TABLE quotes ALTER COLUMN status SET DEFAULT 'pending'`,
    `ALTER TABLE quotes DROP CONSTRAINT quotes_status_check`,
    `ALTER TABLE quotes ADD CONSTRAINT quotes_status_check CHECK (status IN ('pending','accepted','rejected','expired','superseded'))`,
  ]);
}
