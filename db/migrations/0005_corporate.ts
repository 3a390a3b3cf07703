import type { Kysely } from 'kysely';
import { CURRENCY_CHECK, runStatements } from './sql';

// Corporate Billing Portal and back office (SPEC §5, §6): payment methods, quotes, service orders,
// invoice recipients, purchase orders, requests to Corporate Account Services.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE payment_methods (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       kind text NOT NULL CONSTRAINT payment_methods_kind_check CHECK (kind IN ('card','wire','check','direct_debit')),
       stripe_payment_method_id text CONSTRAINT payment_methods_stripe_payment_method_id_key UNIQUE,
       card_brand text,
       card_last4 text CONSTRAINT payment_methods_card_last4_check CHECK (card_last4 ~ '^[0-9]{4}$'),
       card_exp_month integer CONSTRAINT payment_methods_card_exp_month_check CHECK (card_exp_month BETWEEN 1 AND 12),
       card_exp_year integer CONSTRAINT payment_methods_card_exp_year_check CHECK (card_exp_year BETWEEN 2000 AND 2200),
       is_default boolean NOT NULL DEFAULT false,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT payment_methods_card_fields_check CHECK (
         kind = 'card' OR (card_brand IS NULL AND card_last4 IS NULL AND card_exp_month IS NULL AND card_exp_year IS NULL)),
       CONSTRAINT payment_methods_id_account_id_key UNIQUE (id, account_id)
     )`,
    `CREATE UNIQUE INDEX payment_methods_one_default_per_account ON payment_methods (account_id) WHERE is_default`,

    `CREATE SEQUENCE quote_number_seq`,
    `CREATE TABLE quotes (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       number text NOT NULL DEFAULT ('Q-' || lpad(nextval('quote_number_seq')::text, 6, '0'))
         CONSTRAINT quotes_number_key UNIQUE,
       status text NOT NULL DEFAULT 'pending' CONSTRAINT quotes_status_check
         CHECK (status IN ('pending','accepted','rejected','expired','superseded')),
       source text NOT NULL CONSTRAINT quotes_source_check CHECK (source IN ('sales_rep','add_seats')),
       currency text NOT NULL CONSTRAINT quotes_currency_check CHECK (currency ${CURRENCY_CHECK}),
       subtotal bigint NOT NULL CONSTRAINT quotes_subtotal_check CHECK (subtotal >= 0),
       tax bigint NOT NULL DEFAULT 0 CONSTRAINT quotes_tax_check CHECK (tax >= 0),
       total bigint NOT NULL CONSTRAINT quotes_total_check CHECK (total >= 0),
       tax_rate_basis_points integer NOT NULL DEFAULT 0
         CONSTRAINT quotes_tax_rate_check CHECK (tax_rate_basis_points BETWEEN 0 AND 10000),
       expires_at timestamptz NOT NULL,
       created_by_staff_id text REFERENCES staff(id),
       superseded_by_quote_id text REFERENCES quotes(id),
       notes text,
       created_at timestamptz NOT NULL DEFAULT now(),
       decided_at timestamptz,
       CONSTRAINT quotes_expiry_check CHECK (expires_at > created_at),
       CONSTRAINT quotes_decided_check CHECK ((status = 'pending') = (decided_at IS NULL))
     )`,
    `CREATE INDEX quotes_account_id_status_idx ON quotes (account_id, status)`,

    `CREATE TABLE quote_lines (
       id text PRIMARY KEY,
       quote_id text NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
       product_id text NOT NULL REFERENCES products(id),
       tier_id text NOT NULL,
       seats integer NOT NULL CONSTRAINT quote_lines_seats_check CHECK (seats > 0),
       unit_amount bigint NOT NULL CONSTRAINT quote_lines_unit_amount_check CHECK (unit_amount >= 0),
       amount bigint NOT NULL CONSTRAINT quote_lines_amount_check CHECK (amount >= 0),
       term_start timestamptz NOT NULL,
       term_end timestamptz NOT NULL,
       description text,
       CONSTRAINT quote_lines_tier_fk FOREIGN KEY (tier_id, product_id) REFERENCES plan_tiers (id, product_id),
       CONSTRAINT quote_lines_term_check CHECK (term_end > term_start),
       CONSTRAINT quote_lines_quote_id_product_id_key UNIQUE (quote_id, product_id)
     )`,

    `CREATE TABLE service_orders (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       quote_id text NOT NULL CONSTRAINT service_orders_quote_id_key UNIQUE REFERENCES quotes(id),
       status text NOT NULL DEFAULT 'draft' CONSTRAINT service_orders_status_check
         CHECK (status IN ('draft','placed','processing','completed','failed','compensated')),
       admin_contact_name text,
       admin_contact_email text CONSTRAINT service_orders_admin_contact_email_check
         CHECK (admin_contact_email = lower(admin_contact_email)),
       admin_user_id text REFERENCES users(id),
       payment_method_id text,
       billing_address jsonb,
       order_id text CONSTRAINT service_orders_order_id_key UNIQUE REFERENCES orders(id),
       workflow_id text CONSTRAINT service_orders_workflow_id_key UNIQUE,
       failure_reason text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       placed_at timestamptz,
       completed_at timestamptz,
       CONSTRAINT service_orders_payment_method_fk FOREIGN KEY (payment_method_id, account_id)
         REFERENCES payment_methods (id, account_id),
       CONSTRAINT service_orders_placed_check CHECK (status = 'draft' OR placed_at IS NOT NULL)
     )`,
    `CREATE INDEX service_orders_account_id_idx ON service_orders (account_id)`,
    `CREATE TRIGGER service_orders_set_updated_at BEFORE UPDATE ON service_orders
       FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,

    `CREATE TABLE invoice_recipients (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       email text NOT NULL CONSTRAINT invoice_recipients_email_check CHECK (email = lower(email) AND position('@' IN email) > 1),
       name text,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT invoice_recipients_account_id_email_key UNIQUE (account_id, email)
     )`,

    `CREATE TABLE purchase_orders (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       number text NOT NULL CONSTRAINT purchase_orders_number_check CHECK (btrim(number) <> ''),
       expires_on date,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT purchase_orders_account_id_number_key UNIQUE (account_id, number)
     )`,

    `CREATE SEQUENCE case_number_seq`,
    `CREATE TABLE requests (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       case_number text NOT NULL DEFAULT ('CAS-' || lpad(nextval('case_number_seq')::text, 6, '0'))
         CONSTRAINT requests_case_number_key UNIQUE,
       category text NOT NULL CONSTRAINT requests_category_check CHECK (btrim(category) <> ''),
       subcategory text,
       details text NOT NULL,
       status text NOT NULL DEFAULT 'open' CONSTRAINT requests_status_check CHECK (status IN ('open','in_progress','closed')),
       submitted_by_user_id text REFERENCES users(id),
       assigned_staff_id text REFERENCES staff(id),
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX requests_status_created_at_idx ON requests (status, created_at)`,
    `CREATE INDEX requests_account_id_idx ON requests (account_id)`,
    `CREATE TRIGGER requests_set_updated_at BEFORE UPDATE ON requests FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE requests`,
    `DROP SEQUENCE case_number_seq`,
    `DROP TABLE purchase_orders`,
    `DROP TABLE invoice_recipients`,
    `DROP TABLE service_orders`,
    `DROP TABLE quote_lines`,
    `DROP TABLE quotes`,
    `DROP SEQUENCE quote_number_seq`,
    `DROP TABLE payment_methods`,
  ]);
}
