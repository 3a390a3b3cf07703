import type { Kysely } from 'kysely';
import { runStatements } from './sql';

// BC-3 / BC-4 order page: the card that actually paid an order step (brand + last 4 digits of the
// PaymentIntent's payment method), recorded with the intent — not the account's default card, which
// may have changed since. Rows from before this migration have none.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE payments ADD COLUMN card_brand text`,
    `ALTER TABLE payments ADD COLUMN card_last4 text CONSTRAINT payments_card_last4_check CHECK (card_last4 ~ '^[0-9]{4}$')`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE payments DROP COLUMN card_last4`,
    `ALTER TABLE payments DROP COLUMN card_brand`,
  ]);
}
