import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../scripts/tools/run.mjs';
import { isProcessAlive as alive } from '../../helpers/processes';

// A start that fails midway cancels its `next build` (scripts/stack/build.ts cancelAppBuild): run()
// ends the command when its signal is aborted. A real child process, the one the abort must end.
const until = async (cond: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

afterEach(() => vi.restoreAllMocks());

describe('tools/run: the commands the stack runs to completion', () => {
  it('an aborted signal ends the running command and rejects', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const abort = new AbortController();
    const running = run(process.execPath, ['-e', 'console.log("pid " + process.pid); setTimeout(() => {}, 60_000)'], { label: 'sleeper', signal: abort.signal });
    running.catch(() => undefined);
    await until(() => lines.some((l) => l.includes('[sleeper] pid ')));
    const pid = Number(lines.find((l) => l.includes('[sleeper] pid '))!.split('pid ')[1]);
    expect(alive(pid)).toBe(true);
    abort.abort();
    await expect(running).rejects.toThrow(/abort/i);
    await until(() => !alive(pid));
  });

  it('a command that fails rejects with its exit code; one that succeeds resolves', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(run(process.execPath, ['-e', 'process.exit(3)'], { label: 'failing' })).rejects.toThrow('failing exited with code 3');
    await expect(run(process.execPath, ['-e', 'process.exit(0)'])).resolves.toBeUndefined();
  });
});
