import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService } from '../../../scripts/stack/proc';
import { DEFAULT_POLICY, RestartTracker } from '../../../scripts/stack/supervisor';

// Issue 14 item 1: npm start supervises what it starts. The policy alone, then real processes
// (small node programs that crash, or are killed) under the same code npm start uses.
const logDir = mkdtempSync(path.join(tmpdir(), 'seatplan-supervisor-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));
const node = process.execPath;
const until = async (cond: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('npm start supervision: restart with back-off, give up on repeated fast crashes', () => {
  it('back-off doubles up to its cap; five fast crashes in a row give up; a long run resets the count', () => {
    const t = new RestartTracker(DEFAULT_POLICY);
    expect([1, 2, 3, 4].map(() => t.onExit(100))).toEqual([
      { action: 'restart', delayMs: 1000, attempt: 1 },
      { action: 'restart', delayMs: 2000, attempt: 2 },
      { action: 'restart', delayMs: 4000, attempt: 3 },
      { action: 'restart', delayMs: 8000, attempt: 4 },
    ]);
    expect(t.onExit(100)).toEqual({ action: 'give-up', fastCrashes: 5 });
    const long = new RestartTracker(DEFAULT_POLICY);
    for (let i = 0; i < 4; i++) long.onExit(100);
    expect(long.onExit(60_000)).toEqual({ action: 'restart', delayMs: 1000, attempt: 1 });
    const capped = new RestartTracker({ ...DEFAULT_POLICY, giveUpAfter: 100 });
    const delays = Array.from({ length: 8 }, () => (capped.onExit(100) as { delayMs: number }).delayMs);
    expect(delays.at(-1)).toBe(30_000);
  });

  it('a process killed from outside is started again and reported; stopping (Ctrl-C) ends it for good', async () => {
    const reports: string[] = [];
    let restarted = 0;
    const service = startService('sleeper', node, ['-e', 'setInterval(() => {}, 1000)'], {
      logDir,
      supervise: { report: (m) => reports.push(m), onRestart: async () => void restarted++, policy: { ...DEFAULT_POLICY, initialDelayMs: 50 } },
    });
    const first = service.child.pid!;
    process.kill(-first, 'SIGKILL');
    await until(() => restarted === 1 && service.child.pid !== first);
    expect(reports).toEqual([expect.stringMatching(/^• sleeper was killed by SIGKILL; restarting it in 0\.1 s \(restart 1\)\. Its log: .*sleeper\.log$/)]);
    const second = service.child.pid!;
    await service.stop();
    expect(() => process.kill(second, 0)).toThrow(); // gone
    await new Promise((r) => setTimeout(r, 300));
    expect(service.child.pid).toBe(second); // and not started again
    expect(restarted).toBe(1);
  });

  it('a process that keeps crashing at start is left down after repeated fast crashes, with a clear message and its log', async () => {
    const reports: string[] = [];
    const service = startService('crasher', node, ['-e', 'console.error("cannot start: the port is taken"); process.exit(3)'], {
      logDir,
      supervise: { report: (m) => reports.push(m), policy: { initialDelayMs: 20, maxDelayMs: 100, fastCrashMs: 5000, giveUpAfter: 3 } },
    });
    await until(() => reports.some((r) => r.startsWith('✗')));
    expect(reports).toEqual([
      expect.stringMatching(/^• crasher exited with code 3; restarting it in 0 s \(restart 1\)/),
      expect.stringMatching(/^• crasher exited with code 3; restarting it in 0 s \(restart 2\)/),
      expect.stringMatching(/^✗ crasher exited with code 3: it stopped 3 times in a row within 5 s of starting, so it is not restarted\. Its log: .*crasher\.log$/),
    ]);
    // Each run's output is in the log, after the line that names the run.
    expect(readFileSync(path.join(logDir, 'crasher.log'), 'utf8').split('\n').filter((l) => l === 'cannot start: the port is taken')).toHaveLength(3);
    await service.stop();
  });
});
