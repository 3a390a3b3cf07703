import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// BO-2: the operations order list reads every order, newest first, a page at a time by keyset
// (created_at, id) — with or without a kind or status filter — and the "stuck" view reads the
// unfinished ones; the order page finds its refunds by payment.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX orders_created_at_id_idx ON orders (created_at DESC, id DESC)`,
    `CREATE INDEX orders_kind_created_at_id_idx ON orders (kind, created_at DESC, id DESC)`,
    `CREATE INDEX orders_status_created_at_id_idx ON orders (status, created_at DESC, id DESC)`,
    `CREATE INDEX orders_unfinished_created_at_id_idx ON orders (created_at DESC, id DESC)
       WHERE status IN ('pending','awaiting_payment','processing')`,
    `CREATE INDEX refunds_payment_id_idx ON refunds (payment_id)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX refunds_payment_id_idx`,
    `DROP INDEX orders_unfinished_created_at_id_idx`,
    `DROP INDEX orders_status_created_at_id_idx`,
    `DROP INDEX orders_kind_created_at_id_idx`,
    `DROP INDEX orders_created_at_id_idx`,
  ]);
}
