import { Connection } from '@temporalio/client';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../workflows/shared';
import { isPortOpen, startService, waitUntil, type Service } from './proc';

/**
 * Dynamic config for every dev server we start (stack, bench, tests). The history service polls its
 * task queues at most 20 times a second by default — sized for clusters with many shards; the dev
 * server has one, so every workflow and activity task waited up to 50 ms to be dispatched (a bare
 * workflow with three no-op activities took ~350 ms, with a Go worker as with ours). 1000/s removes the
 * wait. A real cluster (TEMPORAL_ADDRESS) keeps its own settings.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = [
  'history.transferProcessorMaxPollRPS=1000',
  'history.timerProcessorMaxPollRPS=1000',
  'history.visibilityProcessorMaxPollRPS=1000',
].flatMap((kv) => ['--dynamic-config-value', kv]);

/**
 * The Temporal dev server (server + UI in one binary) with a SQLite file, so workflows survive a
 * restart of the stack. Seatplan's custom search attributes are registered at every start.
 */
export async function startTemporalDevServer(opts: { bin: string; dataDir: string; logDir: string; port: number; uiPort: number; httpPort: number; metricsPort: number; namespace: string; supervise?: (message: string) => void }) {
  if (await isPortOpen(opts.port)) {
    throw new Error(`Port ${opts.port} is already in use: is another Temporal server running? Stop it, or set TEMPORAL_ADDRESS to use it.`);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--db-filename', path.join(opts.dataDir, 'temporal.sqlite'),
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--http-port', String(opts.httpPort),
    '--metrics-port', String(opts.metricsPort),
    '--namespace', opts.namespace,
    '--log-level', 'warn',
    // WAL with synchronous=NORMAL survives a killed server process (what the durability tests do);
    // only an OS crash may lose the last transactions — fine for the embedded dev server.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    ...SEARCH_ATTRIBUTE_DEFINITIONS.flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...DEV_SERVER_DYNAMIC_CONFIG,
  ];
  const address = `127.0.0.1:${opts.port}`;
  const ready = (s: Service) => waitUntil('Temporal server', async () => {
    if (!(await isPortOpen(opts.port))) return false;
    const connection = await Connection.connect({ address, connectTimeout: 2000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: opts.namespace });
      return true;
    } finally {
      await connection.close();
    }
  }, { timeoutMs: 90_000, service: s });
  const service: Service = startService('temporal', opts.bin, args, {
    logDir: opts.logDir,
    supervise: opts.supervise && { report: opts.supervise, onRestart: async () => { await ready(service); opts.supervise!('• Temporal server is back'); } },
  });
  await ready(service);
  return { address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, service };
}
