import type { Kysely } from 'kysely';
import { CURRENCY_CHECK, runStatements } from './sql';

// People and realms (SPEC §1): accounts, product users, portal credentials, staff, reset tokens.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN NEW.updated_at := now(); RETURN NEW; END $$`,

    `CREATE TABLE staff (
       id text PRIMARY KEY,
       email text NOT NULL CONSTRAINT staff_email_key UNIQUE
         CONSTRAINT staff_email_lowercase CHECK (email = lower(email) AND position('@' IN email) > 1),
       name text NOT NULL,
       password_hash text NOT NULL,
       role text NOT NULL CONSTRAINT staff_role_check CHECK (role IN ('sales_rep','ops')),
       sessions_valid_after timestamptz NOT NULL DEFAULT now(),
       disabled_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,

    `CREATE TABLE accounts (
       id text PRIMARY KEY,
       name text NOT NULL CONSTRAINT accounts_name_not_blank CHECK (btrim(name) <> ''),
       kind text NOT NULL CONSTRAINT accounts_kind_check CHECK (kind IN ('online','corporate')),
       currency text NOT NULL CONSTRAINT accounts_currency_check CHECK (currency ${CURRENCY_CHECK}),
       country char(2) NOT NULL CONSTRAINT accounts_country_check CHECK (country ~ '^[A-Z]{2}$'),
       vat_number text,
       billing_contact_user_id text,
       self_service_eligible boolean NOT NULL DEFAULT true,
       stripe_customer_id text CONSTRAINT accounts_stripe_customer_id_key UNIQUE,
       billing_street text,
       billing_city text,
       billing_postcode text,
       billing_region text,
       phone text,
       sales_rep_staff_id text REFERENCES staff(id),
       contract_start timestamptz,
       contract_end timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT accounts_contract_term_check CHECK (
         (contract_start IS NULL) = (contract_end IS NULL) AND
         (contract_end IS NULL OR contract_end > contract_start))
     )`,

    `CREATE TABLE users (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       email text NOT NULL CONSTRAINT users_email_key UNIQUE
         CONSTRAINT users_email_lowercase CHECK (email = lower(email) AND position('@' IN email) > 1),
       name text NOT NULL,
       password_hash text NOT NULL,
       role text NOT NULL DEFAULT 'standard' CONSTRAINT users_role_check CHECK (role IN ('standard','account_admin')),
       locale text NOT NULL DEFAULT 'en' CONSTRAINT users_locale_check CHECK (locale IN ('en','it')),
       disabled_at timestamptz,
       sessions_valid_after timestamptz NOT NULL DEFAULT now(),
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT users_id_account_id_key UNIQUE (id, account_id)
     )`,
    `CREATE INDEX users_account_id_idx ON users (account_id)`,

    // The billing contact is one user of the SAME account (003): composite FK, deferred so an
    // account and its first user can be created in either order inside one transaction.
    `ALTER TABLE accounts ADD CONSTRAINT accounts_billing_contact_fk
       FOREIGN KEY (billing_contact_user_id, id) REFERENCES users (id, account_id)
       DEFERRABLE INITIALLY DEFERRED`,

    `CREATE TABLE portal_credentials (
       id text PRIMARY KEY,
       account_id text NOT NULL CONSTRAINT portal_credentials_account_id_key UNIQUE REFERENCES accounts(id),
       user_id text NOT NULL,
       login_id text NOT NULL CONSTRAINT portal_credentials_login_id_key UNIQUE
         CONSTRAINT portal_credentials_login_id_check CHECK (login_id = lower(login_id) AND length(login_id) BETWEEN 3 AND 254),
       password_hash text NOT NULL,
       sessions_valid_after timestamptz NOT NULL DEFAULT now(),
       disabled_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT portal_credentials_user_fk FOREIGN KEY (user_id, account_id) REFERENCES users (id, account_id)
     )`,

    `CREATE TABLE password_reset_tokens (
       id text PRIMARY KEY,
       realm text NOT NULL CONSTRAINT password_reset_tokens_realm_check CHECK (realm IN ('product','portal','staff')),
       subject_id text NOT NULL,
       token_hash text NOT NULL CONSTRAINT password_reset_tokens_token_hash_key UNIQUE,
       expires_at timestamptz NOT NULL,
       used_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT password_reset_tokens_expiry_check CHECK (expires_at > created_at)
     )`,
    `CREATE INDEX password_reset_tokens_subject_idx ON password_reset_tokens (realm, subject_id)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE password_reset_tokens`,
    `DROP TABLE portal_credentials`,
    `ALTER TABLE accounts DROP CONSTRAINT accounts_billing_contact_fk`,
    `DROP TABLE users`,
    `DROP TABLE accounts`,
    `DROP TABLE staff`,
    `DROP FUNCTION set_updated_at()`,
  ]);
}
