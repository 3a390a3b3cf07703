import { sql } from 'kysely';
import type { DbOrTrx } from './client';
import type { Currency } from './schema';

/**
 * The account's credit balance in minor units (Σ credit_ledger.amount), in `currency` or, when
 * omitted, in the account's own currency. 0n when there is no entry. Inside a transaction that is
 * about to consume credit, the ledger trigger re-checks the balance under a per-account lock.
 */
export async function creditBalance(db: DbOrTrx, accountId: string, currency?: Currency): Promise<bigint> {
  let query = db
    .selectFrom('credit_ledger')
    .select(sql<bigint>`coalesce(sum(credit_ledger.amount), 0)::bigint`.as('balance'))
    .where('credit_ledger.account_id', '=', accountId);
  if (currency !== undefined) {
    query = query.where('credit_ledger.currency', '=', currency);
  } else {
    query = query.where('credit_ledger.currency', '=', (eb) =>
      eb.selectFrom('accounts').select('accounts.currency').where('accounts.id', '=', accountId),
    );
  }
  const row = await query.executeTakeFirstOrThrow();
  return row.balance;
}
