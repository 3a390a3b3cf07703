// Usage: DATABASE_URL=postgres://… tsx db/migrate-cli.ts [latest|down|down-all]
import { createDb } from './client';
import { migrateDown, migrateToLatest } from './migrate';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const command = process.argv[2] ?? 'latest';
  const db = createDb(url, { max: 1 });
  try {
    let names: string[];
    if (command === 'latest') names = await migrateToLatest(db);
    else if (command === 'down') names = await migrateDown(db, 1);
    else if (command === 'down-all') names = await migrateDown(db, 'all');
    else throw new Error(`unknown command ${JSON.stringify(command)} (expected latest, down or down-all)`);
    console.log(names.length ? `${command}: ${names.join(', ')}` : `${command}: nothing to do`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
