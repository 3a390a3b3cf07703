import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which processes a stack started, kept per profile outside its data folder (`.data/run/<profile>.json`,
 * which survives the test profile's clean slate), so that a stack killed without stopping its parts —
 * `kill -9` of `npm start`, a closed terminal, a crash of the launcher itself — does not leave
 * PostgreSQL, Temporal, localstripe, MailDev, the worker or the web server holding the ports and
 * the data of the next start (issue 14 item 2: a stack SIGKILLed at any moment starts again).
 *
 * At start: a recorded owner still alive means another stack runs on this profile (refused); if it
 * is gone, every recorded process still alive is stopped (a process is the one recorded only if its
 * start time matches, so a reused PID is never touched). The file is written atomically.
 */
interface Recorded {
  name: string;
  pid: number;
  /** /proc start time (clock ticks since boot): tells the recorded process from a later one with its PID. */
  startTime: string | null;
  /** Started in its own process group (startService): stopped with its children. */
  group: boolean;
  /** How it is asked to stop (PostgreSQL: SIGINT, its fast shutdown, which does not wait for clients). */
  stopSignal?: NodeJS.Signals;
}

interface State {
  owner: Recorded;
  services: Recorded[];
}

function startTimeOf(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command (field 2) may hold spaces, so count from its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(r: Recorded): boolean {
  try {
    process.kill(r.pid, 0);
  } catch {
    return false;
  }
  // Without /proc we cannot tell a reused PID apart: only what we can identify counts as ours.
  const now = startTimeOf(r.pid);
  return now !== null && now === r.startTime;
}

async function stopRecorded(r: Recorded): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(r.group ? -r.pid : r.pid, s);
    } catch {
      try { process.kill(r.pid, s); } catch { /* gone */ }
    }
  };
  signal(r.stopSignal ?? 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(r); i++) await new Promise((res) => setTimeout(res, 100));
  if (isAlive(r)) signal('SIGKILL');
  for (let i = 0; i < 50 && isAlive(r); i++) await new Promise((res) => setTimeout(res, 100));
}

export class RunState {
  private readonly file: string;
  private state: State;

  private constructor(file: string, state: State) {
    this.file = file;
    this.state = state;
  }

  /** Claims the profile for this process: refuses if another live stack holds it, stops what a dead one left running. */
  static async claim(root: string, profileDir: string, report: (m: string) => void): Promise<RunState> {
    const file = path.join(root, '.data', 'run', `${path.basename(profileDir)}.json`);
    let previous: State | null = null;
    try {
      previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : null;
    } catch {
      previous = null; // unreadable: nothing we can identify
    }
    if (previous && previous.owner.pid !== process.pid && isAlive(previous.owner)) {
      throw new Error(`Another Seatplan stack is running on this profile (process ${previous.owner.pid}). Stop it first, or run on other ports with SEATPLAN_INSTANCE=N.`);
    }
    // The app tier (recorded last) first, so PostgreSQL is not kept waiting by its clients.
    for (const r of [...(previous?.services ?? [])].reverse()) {
      if (!isAlive(r)) continue;
      report(`• Stopping ${r.name} (process ${r.pid}), left running by a stack that ended without stopping it`);
      await stopRecorded(r);
    }
    const me: Recorded = { name: 'stack', pid: process.pid, startTime: startTimeOf(process.pid), group: false };
    const run = new RunState(file, { owner: me, services: [] });
    run.save();
    return run;
  }

  record(name: string, pid: number | undefined, opts: { group: boolean; stopSignal?: NodeJS.Signals }) {
    if (pid === undefined) return;
    this.state.services = [...this.state.services.filter((s) => s.pid !== pid && isAlive(s)), { name, pid, startTime: startTimeOf(pid), group: opts.group, stopSignal: opts.stopSignal }];
    this.save();
  }

  /** After a clean stop: nothing is left to clean up. */
  release() {
    rmSync(this.file, { force: true });
  }

  private save() {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }
}
