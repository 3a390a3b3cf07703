import type { Kysely } from 'kysely';
import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely/migration';
import { migrations } from './migrations/index';

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Branches take migration numbers from ranges (0010–0014, 0040–0044, …) and merge in any order, so a
    // database migrated while a later number was merged meets earlier numbers afterwards: apply them.
    allowUnorderedMigrations: true,
  });
}

function unwrap(label: string, { error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const where = failed ? ` in ${failed.migrationName}` : '';
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${label} failed${where}: ${message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration (each in its own transaction). Returns the names applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap('migrateToLatest', await migrator(db).migrateToLatest());
}

/** Reverts `steps` migrations (default 1), or all of them. Returns the names reverted. */
export async function migrateDown(db: Kysely<any>, steps: number | 'all' = 1): Promise<string[]> {
  const m = migrator(db);
  if (steps === 'all') return unwrap('migrateDown(all)', await m.migrateTo(NO_MIGRATIONS));
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`migrateDown: invalid steps ${steps}`);
  const reverted: string[] = [];
  for (let i = 0; i < steps; i++) {
    const names = unwrap('migrateDown', await m.migrateDown());
    if (names.length === 0) break;
    reverted.push(...names);
  }
  return reverted;
}

/** Reverts every migration after `name` (newest first), so a test can stand where a migration is next. Returns the names reverted. */
export async function migrateDownTo(db: Kysely<any>, name: string): Promise<string[]> {
  if (!(name in migrations)) throw new Error(`migrateDownTo: no migration named ${name}`);
  return unwrap(`migrateDownTo(${name})`, await migrator(db).migrateTo(name));
}
