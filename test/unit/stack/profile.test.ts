import { afterEach, describe, expect, it } from 'vitest';
import { profile, type ProfileName } from '../../../scripts/stack/profile';
import { TEST_SERVER_PORTS } from '../../helpers/temporal-servers';

const NAMES: ProfileName[] = ['dev', 'test', 'bench', 'restart', 'chaos'];
/** Linux's default ephemeral port range (net.ipv4.ip_local_port_range). */
const EPHEMERAL_FROM = 32_768;

describe('stack profiles: fixed ports', () => {
  const saved = process.env.SEATPLAN_INSTANCE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SEATPLAN_INSTANCE;
    else process.env.SEATPLAN_INSTANCE = saved;
  });

  const everyPort = () => {
    const all: Array<{ port: number; where: string }> = [];
    for (let instance = 0; instance <= 9; instance++) {
      process.env.SEATPLAN_INSTANCE = String(instance);
      for (const name of NAMES) {
        for (const [service, port] of Object.entries(profile(name).ports)) all.push({ port, where: `${name}-${instance} ${service}` });
      }
    }
    return all;
  };

  it('every port of every profile and instance is below the ephemeral range, so no outgoing connection or self-chosen free port can take it first', () => {
    expect(everyPort().filter((p) => p.port >= EPHEMERAL_FROM || p.port < 1024)).toEqual([]);
  });

  it('no two services of any profiles and instances share a port (they run side by side)', () => {
    const seen = new Map<number, string>();
    const clashes: string[] = [];
    for (const { port, where } of everyPort()) {
      const other = seen.get(port);
      if (other) clashes.push(`${port}: ${other} and ${where}`);
      seen.set(port, where);
    }
    expect(clashes).toEqual([]);
  });

  it("the block the tests' own Temporal servers take ports from is below the ephemeral range and holds no profile's port", () => {
    expect(TEST_SERVER_PORTS.to).toBeLessThan(EPHEMERAL_FROM);
    expect(everyPort().filter((p) => p.port >= TEST_SERVER_PORTS.from && p.port <= TEST_SERVER_PORTS.to)).toEqual([]);
  });
});
