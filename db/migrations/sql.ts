import { sql, type Kysely } from 'kysely';

/** Runs DDL statements one by one (each its own round trip, inside the migration's transaction). */
export async function runStatements(db: Kysely<any>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

/** Reused CHECK fragments so every table spells its enums the same way. */
export const CURRENCY_CHECK = `IN ('USD','EUR','GBP')`;
export const FREQUENCY_CHECK = `IN ('monthly','annual')`;
