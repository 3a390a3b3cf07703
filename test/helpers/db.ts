import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../db/client';
import { migrateToLatest } from '../../db/migrate';

export interface TestDatabase {
  db: Db;
  /** Connection URL of the fresh database (for code that makes its own pool). */
  url: string;
  name: string;
  /** Destroys the pool and drops the database. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must point at a PostgreSQL server (admin/superuser URL) for integration tests');
  return url;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database `seatplan_t_<random>` on the DATABASE_URL server: one per test file,
 * so files run in parallel without seeing each other's rows. Call drop() in afterAll.
 */
export async function createTestDatabase(opts: { max?: number } = {}): Promise<TestDatabase> {
  const name = `seatplan_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = createDb(url, { max: opts.max ?? 10 });
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    throw err;
  }
  let dropped = false;
  return {
    db,
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
