// Usage: DATABASE_URL=postgres://… tsx db/seed/cli.ts   (migrates to latest, then seeds the demo data)
import { createDb } from '../client';
import { migrateToLatest } from '../migrate';
import { DEMO_LOGINS, seedDemo } from './demo';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const db = createDb(url, { max: 2 });
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    console.log('Demo data ready. Logins (password for all: seatplan-demo):');
    for (const l of DEMO_LOGINS) console.log(`  ${l.realm.padEnd(7)} ${l.login.padEnd(30)} ${l.what}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
