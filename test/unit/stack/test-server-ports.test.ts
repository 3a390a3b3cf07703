import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { reservePort, TEST_SERVER_PORTS } from '../../helpers/temporal-servers';

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

// The ports a test's own Temporal server gets (test/helpers/temporal-servers.ts): CI once lost a
// workflow suite to the SDK's bind(0) port being taken before the test server bound it.
describe("ports for the tests' own Temporal servers", () => {
  it('are in the reserved block, below the ephemeral range, and never handed out twice', async () => {
    const ports = [];
    for (let i = 0; i < 8; i++) ports.push(await reservePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(TEST_SERVER_PORTS.from);
      expect(port).toBeLessThanOrEqual(TEST_SERVER_PORTS.to);
    }
  });

  it('skip a port another process is listening on, even on 127.0.0.1 only', async () => {
    const first = await reservePort();
    // The next candidate in this worker's sequence is the following port; someone takes it first.
    const taken = await listenOn(first + 1);
    try {
      const next = await reservePort();
      expect(next).not.toBe(first + 1);
      expect(next).toBe(first + 2);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
