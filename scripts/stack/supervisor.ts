/**
 * Restart policy for the processes `npm start` runs (issue 14 item 1): a worker, web server, Temporal
 * server, localstripe or MailDev that exits on its own is started again after a back-off that doubles
 * (1 s, 2 s, 4 s … at most 30 s), and each restart is reported. A process that keeps dying soon after
 * it started (`giveUpAfter` times in a row, each within `fastCrashMs`) is left down with a message
 * that says so and where its log is: restarting it would only hide the fault. A run that lasted
 * longer than `fastCrashMs` resets the count. Stopping (Ctrl-C) ends supervision first.
 * Pure policy: the clock and the decisions only, so it is tested without processes.
 */
export interface SupervisePolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run shorter than this is a fast crash. */
  fastCrashMs: number;
  /** Fast crashes in a row after which the process is left down. */
  giveUpAfter: number;
}

export const DEFAULT_POLICY: SupervisePolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, fastCrashMs: 10_000, giveUpAfter: 5 };

export type ExitDecision = { action: 'restart'; delayMs: number; attempt: number } | { action: 'give-up'; fastCrashes: number };

/** Tracks one process's runs and decides, at each exit, whether and when to start it again. */
export class RestartTracker {
  private fastCrashes = 0;
  private restarts = 0;
  constructor(private readonly policy: SupervisePolicy = DEFAULT_POLICY) {}

  onExit(ranForMs: number): ExitDecision {
    if (ranForMs >= this.policy.fastCrashMs) {
      this.fastCrashes = 0;
      this.restarts = 0;
    } else {
      this.fastCrashes++;
    }
    if (this.fastCrashes >= this.policy.giveUpAfter) return { action: 'give-up', fastCrashes: this.fastCrashes };
    const delayMs = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** this.restarts);
    this.restarts++;
    return { action: 'restart', delayMs, attempt: this.restarts };
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}
