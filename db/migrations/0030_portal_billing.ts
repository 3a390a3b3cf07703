import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// Corporate Billing Portal (SPEC §5, seed 004): CP-7 direct debit details and CP-9 purchase orders.
// A direct debit keeps only Stripe's payment method and what a person needs to recognise the account
// (last four characters, the public bank code, the holder's name) — never the account number or IBAN.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE payment_methods
       ADD COLUMN debit_scheme text CONSTRAINT payment_methods_debit_scheme_check CHECK (debit_scheme IN ('sepa_debit','ach')),
       ADD COLUMN bank_last4 text CONSTRAINT payment_methods_bank_last4_check CHECK (bank_last4 ~ '^[0-9A-Z]{4}$'),
       ADD COLUMN bank_code text CONSTRAINT payment_methods_bank_code_check CHECK (bank_code ~ '^[0-9A-Z]{1,16}$'),
       ADD COLUMN account_holder_name text CONSTRAINT payment_methods_account_holder_name_check CHECK (btrim(account_holder_name) <> ''),
       ADD CONSTRAINT payment_methods_debit_fields_check CHECK (
         (kind = 'direct_debit') = (debit_scheme IS NOT NULL)
         AND (kind = 'direct_debit' OR (bank_last4 IS NULL AND bank_code IS NULL AND account_holder_name IS NULL))
         AND (kind <> 'direct_debit' OR (bank_last4 IS NOT NULL AND account_holder_name IS NOT NULL)))`,
    // A card or a direct debit is a Stripe payment method; wire and check are instructions only.
    `ALTER TABLE payment_methods ADD CONSTRAINT payment_methods_stripe_kind_check CHECK (
       kind IN ('card','direct_debit') OR stripe_payment_method_id IS NULL)`,
    `ALTER TABLE purchase_orders
       ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
       ADD CONSTRAINT purchase_orders_number_length_check CHECK (char_length(number) <= 40)`,
    `CREATE TRIGGER purchase_orders_set_updated_at BEFORE UPDATE ON purchase_orders FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    `CREATE INDEX purchase_orders_account_id_expires_on_idx ON purchase_orders (account_id, expires_on)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX purchase_orders_account_id_expires_on_idx`,
    `DROP TRIGGER purchase_orders_set_updated_at ON purchase_orders`,
    `ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_number_length_check, DROP COLUMN updated_at`,
    `ALTER TABLE payment_methods DROP CONSTRAINT payment_methods_stripe_kind_check`,
    `ALTER TABLE payment_methods DROP CONSTRAINT payment_methods_debit_fields_check,
       DROP COLUMN account_holder_name, DROP COLUMN bank_code, DROP COLUMN bank_last4, DROP COLUMN debit_scheme`,
  ]);
}
