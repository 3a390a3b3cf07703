import type { Kysely } from 'kysely';
import { CURRENCY_CHECK, FREQUENCY_CHECK, runStatements } from './sql';

// Subscriptions, seats, carts, orders (SPEC §3, BC-2…BC-6, WF-1, WF-2).
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE subscriptions (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       product_id text NOT NULL REFERENCES products(id),
       tier_id text NOT NULL,
       seats integer NOT NULL CONSTRAINT subscriptions_seats_check CHECK (seats >= 0),
       frequency text NOT NULL CONSTRAINT subscriptions_frequency_check CHECK (frequency ${FREQUENCY_CHECK}),
       status text NOT NULL CONSTRAINT subscriptions_status_check
         CHECK (status IN ('pending_trial','trial','active','expired','cancelled','lapsed')),
       trial_started_at timestamptz,
       trial_ends_at timestamptz,
       current_period_start timestamptz,
       current_period_end timestamptz,
       last_charge_amount bigint CONSTRAINT subscriptions_last_charge_amount_check CHECK (last_charge_amount >= 0),
       currency text NOT NULL CONSTRAINT subscriptions_currency_check CHECK (currency ${CURRENCY_CHECK}),
       version integer NOT NULL DEFAULT 0 CONSTRAINT subscriptions_version_check CHECK (version >= 0),
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT subscriptions_account_id_product_id_key UNIQUE (account_id, product_id),
       CONSTRAINT subscriptions_tier_fk FOREIGN KEY (tier_id, product_id) REFERENCES plan_tiers (id, product_id),
       CONSTRAINT subscriptions_period_check CHECK (
         (current_period_start IS NULL) = (current_period_end IS NULL) AND
         (current_period_end IS NULL OR current_period_end > current_period_start)),
       CONSTRAINT subscriptions_trial_check CHECK (
         trial_ends_at IS NULL OR trial_started_at IS NULL OR trial_ends_at > trial_started_at),
       CONSTRAINT subscriptions_trial_dates_check CHECK (
         status <> 'trial' OR (trial_started_at IS NOT NULL AND trial_ends_at IS NOT NULL)),
       CONSTRAINT subscriptions_active_period_check CHECK (
         status <> 'active' OR current_period_start IS NOT NULL)
     )`,
    `CREATE TRIGGER subscriptions_set_updated_at BEFORE UPDATE ON subscriptions
       FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,

    `CREATE TABLE seat_assignments (
       subscription_id text NOT NULL REFERENCES subscriptions(id),
       user_id text NOT NULL REFERENCES users(id),
       assigned_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (subscription_id, user_id)
     )`,
    `CREATE INDEX seat_assignments_user_id_idx ON seat_assignments (user_id)`,

    // BC-6: assignments never exceed purchased seats, and only users of the subscription's account.
    // The subscription row is locked, so concurrent assignments (and seat reductions) serialize.
    `CREATE FUNCTION seat_assignments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE
       sub_seats integer;
       sub_account text;
       user_account text;
       assigned integer;
     BEGIN
       SELECT seats, account_id INTO sub_seats, sub_account
         FROM subscriptions WHERE id = NEW.subscription_id FOR UPDATE;
       IF NOT FOUND THEN
         RETURN NEW; -- the foreign key reports it
       END IF;
       SELECT account_id INTO user_account FROM users WHERE id = NEW.user_id;
       IF FOUND AND user_account <> sub_account THEN
         RAISE EXCEPTION 'user % is not a member of the subscription''s account', NEW.user_id
           USING ERRCODE = '23514', CONSTRAINT = 'seat_assignments_same_account', TABLE = 'seat_assignments';
       END IF;
       SELECT count(*) INTO assigned FROM seat_assignments
         WHERE subscription_id = NEW.subscription_id
           AND NOT (TG_OP = 'UPDATE' AND subscription_id = OLD.subscription_id AND user_id = OLD.user_id);
       IF assigned + 1 > sub_seats THEN
         RAISE EXCEPTION 'all % seats of subscription % are assigned', sub_seats, NEW.subscription_id
           USING ERRCODE = '23514', CONSTRAINT = 'seat_assignments_within_seats', TABLE = 'seat_assignments';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER seat_assignments_guard BEFORE INSERT OR UPDATE ON seat_assignments
       FOR EACH ROW EXECUTE FUNCTION seat_assignments_guard()`,

    // BC-4: seats cannot be reduced below the seats currently assigned.
    `CREATE FUNCTION subscriptions_seats_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE assigned integer;
     BEGIN
       SELECT count(*) INTO assigned FROM seat_assignments WHERE subscription_id = NEW.id;
       IF assigned > NEW.seats THEN
         RAISE EXCEPTION 'subscription % has % assigned seats, cannot reduce to %', NEW.id, assigned, NEW.seats
           USING ERRCODE = '23514', CONSTRAINT = 'subscriptions_seats_cover_assignments', TABLE = 'subscriptions';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER subscriptions_seats_guard BEFORE UPDATE OF seats ON subscriptions
       FOR EACH ROW WHEN (NEW.seats < OLD.seats AND NEW.seats >= 0) EXECUTE FUNCTION subscriptions_seats_guard()`,

    `CREATE TABLE carts (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       status text NOT NULL DEFAULT 'open' CONSTRAINT carts_status_check CHECK (status IN ('open','checked_out','abandoned')),
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE UNIQUE INDEX carts_one_open_per_account ON carts (account_id) WHERE status = 'open'`,
    `CREATE TRIGGER carts_set_updated_at BEFORE UPDATE ON carts FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,

    `CREATE TABLE cart_items (
       id text PRIMARY KEY,
       cart_id text NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
       kind text NOT NULL CONSTRAINT cart_items_kind_check CHECK (kind IN ('conversion','change')),
       subscription_id text NOT NULL REFERENCES subscriptions(id),
       tier_id text NOT NULL REFERENCES plan_tiers(id),
       seats integer NOT NULL CONSTRAINT cart_items_seats_check CHECK (seats >= 1),
       frequency text NOT NULL CONSTRAINT cart_items_frequency_check CHECK (frequency ${FREQUENCY_CHECK}),
       created_at timestamptz NOT NULL DEFAULT now(),
       -- one item per subscription per cart: a product cannot be converted/changed twice in one checkout
       CONSTRAINT cart_items_cart_id_subscription_id_key UNIQUE (cart_id, subscription_id)
     )`,

    `CREATE TABLE orders (
       id text PRIMARY KEY,
       account_id text NOT NULL REFERENCES accounts(id),
       kind text NOT NULL CONSTRAINT orders_kind_check
         CHECK (kind IN ('trial_start','conversion','change','service_order','renewal','invoice_payment')),
       status text NOT NULL DEFAULT 'pending' CONSTRAINT orders_status_check
         CHECK (status IN ('pending','awaiting_payment','processing','completed','failed','cancelled')),
       currency text NOT NULL CONSTRAINT orders_currency_check CHECK (currency ${CURRENCY_CHECK}),
       subtotal bigint NOT NULL DEFAULT 0,
       credit_applied bigint NOT NULL DEFAULT 0 CONSTRAINT orders_credit_applied_check CHECK (credit_applied >= 0),
       tax bigint NOT NULL DEFAULT 0 CONSTRAINT orders_tax_check CHECK (tax >= 0),
       total bigint NOT NULL DEFAULT 0 CONSTRAINT orders_total_check CHECK (total >= 0),
       tax_rate_basis_points integer NOT NULL DEFAULT 0
         CONSTRAINT orders_tax_rate_check CHECK (tax_rate_basis_points BETWEEN 0 AND 10000),
       reverse_charge boolean NOT NULL DEFAULT false,
       vat_number text,
       idempotency_key text NOT NULL CONSTRAINT orders_idempotency_key_key UNIQUE,
       workflow_id text CONSTRAINT orders_workflow_id_key UNIQUE,
       cart_id text CONSTRAINT orders_cart_id_key UNIQUE REFERENCES carts(id),
       placed_by_user_id text REFERENCES users(id),
       failure_reason text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       completed_at timestamptz,
       CONSTRAINT orders_reverse_charge_no_tax CHECK (NOT reverse_charge OR tax = 0)
     )`,
    `CREATE INDEX orders_account_id_created_at_idx ON orders (account_id, created_at DESC)`,
    `CREATE TRIGGER orders_set_updated_at BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,

    `CREATE TABLE order_lines (
       id text PRIMARY KEY,
       order_id text NOT NULL REFERENCES orders(id),
       subscription_id text REFERENCES subscriptions(id),
       product_id text NOT NULL REFERENCES products(id),
       tier_id text NOT NULL,
       seats integer NOT NULL CONSTRAINT order_lines_seats_check CHECK (seats >= 0),
       frequency text NOT NULL CONSTRAINT order_lines_frequency_check CHECK (frequency ${FREQUENCY_CHECK}),
       period_start timestamptz,
       period_end timestamptz,
       plan_amount bigint NOT NULL CONSTRAINT order_lines_plan_amount_check CHECK (plan_amount >= 0),
       credit_amount bigint NOT NULL DEFAULT 0 CONSTRAINT order_lines_credit_amount_check CHECK (credit_amount >= 0),
       description text NOT NULL DEFAULT '',
       created_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT order_lines_tier_fk FOREIGN KEY (tier_id, product_id) REFERENCES plan_tiers (id, product_id),
       CONSTRAINT order_lines_period_check CHECK (
         period_end IS NULL OR period_start IS NULL OR period_end > period_start),
       CONSTRAINT order_lines_order_id_subscription_id_key UNIQUE (order_id, subscription_id)
     )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP TABLE order_lines`,
    `DROP TABLE orders`,
    `DROP TABLE cart_items`,
    `DROP TABLE carts`,
    `DROP TABLE seat_assignments`,
    `DROP FUNCTION seat_assignments_guard()`,
    `DROP TABLE subscriptions`,
    `DROP FUNCTION subscriptions_seats_guard()`,
  ]);
}
