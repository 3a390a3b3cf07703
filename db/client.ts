import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Anything that can run queries: the pool-backed Db or a transaction inside it. */
export type DbOrTrx = Db | Trx;

// PostgreSQL type OIDs (pg_type.oid) we parse differently from node-postgres' defaults.
const OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
} as const;

/**
 * Type parsers for our pools only (not pg's process-wide defaults, so other pg users are unaffected):
 * - int8 / bigint → JS bigint. Money is integer minor units in bigint columns; it must never pass
 *   through a float. Note that count(*) and sum(bigint) are int8/numeric too: cast sums to ::bigint.
 * - date → the 'YYYY-MM-DD' string as stored (pg would build a Date at *local* midnight).
 * - timestamptz → Date (pg's default, kept).
 * - numeric stays a string (pg's default); no money column uses numeric.
 */
type TypeId = Parameters<typeof pg.types.getTypeParser>[0];
const builtinParser = (oid: number, format: 'text' | 'binary' = 'text') =>
  pg.types.getTypeParser(oid as TypeId, format) as (value: string) => unknown;
const parseBigint = (value: string): bigint => BigInt(value);
const parseBigintArray = (value: string): bigint[] =>
  (builtinParser(OID.int8Array) as (v: string) => (string | null)[])(value).map(
    (v) => (v === null ? (null as unknown as bigint) : BigInt(v)),
  );

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      switch (oid) {
        case OID.int8:
          return parseBigint;
        case OID.int8Array:
          return parseBigintArray;
        case OID.date:
          return (v: string) => v;
        case OID.dateArray:
          return builtinParser(1009); // parse as text[]
      }
    }
    return builtinParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface CreateDbOptions {
  /** Pool size (default 10). */
  max?: number;
}

export function createDb(url: string, opts: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: typeParsers,
  });
  // An idle client that errors (e.g. the server restarts) must not crash the process.
  pool.on('error', (err) => {
    console.error('[db] idle pool client error:', err.message);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

interface PgError {
  code?: unknown;
  constraint?: unknown;
}

function pgErrorWithCode(err: unknown, code: string, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as PgError;
  if (e.code !== code) return false;
  return constraint === undefined || e.constraint === constraint;
}

/** 23505: a UNIQUE / PRIMARY KEY / EXCLUDE was violated (optionally: this constraint or index name). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  return pgErrorWithCode(err, '23505', constraint);
}

/** 23514: a CHECK constraint or one of our guard triggers (they raise 23514 with a constraint name). */
/** A serialization failure or a deadlock: the transaction committed nothing and may be tried again. */
export function isRetryableTxError(err: unknown): boolean {
  return pgErrorWithCode(err, '40001') || pgErrorWithCode(err, '40P01');
}

export function isCheckViolation(err: unknown, constraint?: string): boolean {
  return pgErrorWithCode(err, '23514', constraint);
}

/** 23503: a FOREIGN KEY was violated. */
export function isForeignKeyViolation(err: unknown, constraint?: string): boolean {
  return pgErrorWithCode(err, '23503', constraint);
}
