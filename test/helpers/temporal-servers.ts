import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPortOpen, startService, waitUntil, type Service } from '../../scripts/stack/proc';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/stack/temporal';

/**
 * Ports and processes for the Temporal servers a test file starts for itself.
 *
 * Why not the SDK's own `createLocal` / `createTimeSkipping`: they pick a free port with bind(0), which
 * lands in Linux's ephemeral range (32768–60999), close it, start the server, and give it 5 s
 * (hard-coded in sdk-core) to answer. Any outgoing connection opened in between can take that port;
 * the server then fails to bind and exits, and the test fails with "did not start within 5s"
 * (CI, renewal.test.ts, port 33995). Here the ports come from a block below the ephemeral range that
 * no stack profile uses, each test worker starts at its own place in it, a port is probed before it
 * is handed out, and the wait for the server stops at once, with its log, if the process exits.
 */

/** 30000–32767: above every profile's ports (the highest, chaos on instance 9, is 29370), below the ephemeral range. */
export const TEST_SERVER_PORTS = { from: 30_000, to: 32_767 } as const;
const BLOCK_START = TEST_SERVER_PORTS.from;
const BLOCK_SIZE = TEST_SERVER_PORTS.to - TEST_SERVER_PORTS.from + 1;
/** Each SEATPLAN_INSTANCE gets its own slice, and each vitest worker its own place within it. */
const INSTANCE_SLICE = Math.floor(BLOCK_SIZE / 10);
const WORKER_STRIDE = 30;

let handedOut = 0;

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    // 0.0.0.0 conflicts with a listener on any local address, so a port in use anywhere is skipped.
    probe.listen({ port, host: '0.0.0.0', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A port nobody is listening on, from this process's place in the block; never the same one twice in a process. */
export async function reservePort(): Promise<number> {
  const instance = Number(process.env.SEATPLAN_INSTANCE ?? 0);
  const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
  const sliceStart = BLOCK_START + instance * INSTANCE_SLICE;
  for (let tries = 0; tries < INSTANCE_SLICE; tries++) {
    const port = sliceStart + ((worker * WORKER_STRIDE + handedOut++) % INSTANCE_SLICE);
    if (await canListen(port)) return port;
  }
  throw new Error(`No free port in ${sliceStart}–${sliceStart + INSTANCE_SLICE - 1} for a test's Temporal server`);
}

/** A Temporal dev server of the test's own (same CLI as the stack, own SQLite file and ports), so killing it disturbs no other test. */
export async function startPrivateTemporalServer(namespace: string): Promise<TemporalDevServer> {
  const bin = process.env.TEMPORAL_CLI_PATH;
  if (!bin) throw new Error('TEMPORAL_CLI_PATH is not set: run the tests with `npm test`.');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'seatplan-temporal-'));
  const port = await reservePort();
  const uiPort = await reservePort();
  const httpPort = await reservePort();
  const metricsPort = await reservePort();
  const server = await startTemporalDevServer({ bin, dataDir, logDir: dataDir, port, uiPort, httpPort, metricsPort, namespace });
  return {
    ...server,
    get service() { return server.service; },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TimeSkippingServer { address: string; service: Service; stop(): Promise<void> }

/** The time-skipping test server (scripts/tools/temporal-test-server.ts) on a reserved port, ready once it accepts gRPC. */
export async function startTimeSkippingServer(): Promise<TimeSkippingServer> {
  const bin = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!bin) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set: run the tests with `npm test`.');
  const logDir = mkdtempSync(path.join(tmpdir(), 'seatplan-test-server-'));
  const port = await reservePort();
  const service = startService('temporal-test-server', bin, [String(port)], { logDir });
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    await service.stop();
    rmSync(logDir, { recursive: true, force: true });
  };
  try {
    // It starts in about 30 ms on a quiet machine; the minute is for a loaded CI machine.
    await waitUntil(`time-skipping test server at ${address}`, () => isPortOpen(port), { timeoutMs: 60_000, service });
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, service, stop };
}
