import type { Kysely } from 'kysely';
import { CURRENCY_CHECK, FREQUENCY_CHECK, runStatements } from './sql';

// Catalog as data (SPEC §2): products, ordered tiers, per-seat prices, tax rates.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE products (
       id text PRIMARY KEY,
       code text NOT NULL CONSTRAINT products_code_key UNIQUE,
       name text NOT NULL,
       trial_days integer NOT NULL CONSTRAINT products_trial_days_check CHECK (trial_days > 0),
       corporate_add_seats boolean NOT NULL DEFAULT false,
       sort integer NOT NULL DEFAULT 0
     )`,

    `CREATE TABLE plan_tiers (
       id text PRIMARY KEY,
       product_id text NOT NULL REFERENCES products(id),
       code text NOT NULL,
       name text NOT NULL,
       rank integer NOT NULL CONSTRAINT plan_tiers_rank_check CHECK (rank > 0),
       CONSTRAINT plan_tiers_product_id_rank_key UNIQUE (product_id, rank),
       CONSTRAINT plan_tiers_product_id_code_key UNIQUE (product_id, code),
       -- target of composite FKs that make "tier belongs to product" impossible to get wrong
       CONSTRAINT plan_tiers_id_product_id_key UNIQUE (id, product_id)
     )`,

    `CREATE TABLE prices (
       id text PRIMARY KEY,
       tier_id text NOT NULL REFERENCES plan_tiers(id),
       frequency text NOT NULL CONSTRAINT prices_frequency_check CHECK (frequency ${FREQUENCY_CHECK}),
       currency text NOT NULL CONSTRAINT prices_currency_check CHECK (currency ${CURRENCY_CHECK}),
       unit_amount bigint NOT NULL CONSTRAINT prices_unit_amount_check CHECK (unit_amount >= 0),
       valid_from timestamptz NOT NULL,
       CONSTRAINT prices_tier_frequency_currency_valid_from_key UNIQUE (tier_id, frequency, currency, valid_from)
     )`,

    `CREATE TABLE tax_rates (
       country char(2) NOT NULL CONSTRAINT tax_rates_country_check CHECK (country ~ '^[A-Z]{2}$'),
       rate_basis_points integer NOT NULL CONSTRAINT tax_rates_rate_check CHECK (rate_basis_points BETWEEN 0 AND 10000),
       valid_from timestamptz NOT NULL,
       PRIMARY KEY (country, valid_from)
     )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [`DROP TABLE tax_rates`, `DROP TABLE prices`, `DROP TABLE plan_tiers`, `DROP TABLE products`]);
}
