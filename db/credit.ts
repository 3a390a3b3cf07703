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

/** The account's currency and its credit balance in it, in one query (what the Subscriptions page shows). */
export async function accountCreditBalance(db: DbOrTrx, accountId: string): Promise<{ currency: Currency; amount: bigint }> {
  const row = await db
    .selectFrom('accounts as a')
    .select((eb) => [
      'a.currency',
      eb.fn.coalesce(eb.selectFrom('credit_ledger as c').select(sql<bigint>`sum(c.amount)::bigint`.as('s')).whereRef('c.account_id', '=', 'a.id').whereRef('c.currency', '=', 'a.currency'), sql<bigint>`0::bigint`).as('amount'),
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirstOrThrow();
  return { currency: row.currency as Currency, amount: BigInt(row.amount) };
}
