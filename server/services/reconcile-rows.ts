import { AppError } from '../errors';
import { isTemporalUnreachable } from '../temporal/reachability';
import type { ReconcileRowFailure } from '../../workflows/shared';

export type { ReconcileRowFailure };

/**
 * Whether a row's error means the pass itself cannot go on: Temporal (or the database's socket) not
 * reachable, or an order hand-over that says so (`SERVICE_UNAVAILABLE`). Every other row would fail the
 * same way, so the pass is aborted instead of reporting every row as failed: the start-up pass fails
 * loudly, and the Schedule's activity is retried (then the next pass runs).
 */
function isOutage(err: unknown): boolean {
  return isTemporalUnreachable(err) || (err instanceof AppError && err.kind === 'SERVICE_UNAVAILABLE');
}

/** Longest error text kept per failed row (the summary travels in heartbeats and workflow results). */
const MAX_ERROR_CHARS = 300;

/**
 * Runs a reconciler's repair of each row in turn, isolating the rows: one that cannot be repaired (its
 * data is not what the app writes — an order without lines after a manual fix or a half-restored
 * backup — or its workflow refuses it) is logged with its ID and the reconciler's name, returned in
 * `failed`, and the next row is repaired; a repeated pass reports it again until someone fixes it.
 * An outage (`isOutage`) is not one row's problem: it aborts the pass.
 */
export async function repairEachRow<T>(reconciler: string, rows: readonly T[], rowId: (row: T) => string, repair: (row: T) => Promise<void>, opts: { concurrency?: number } = {}): Promise<ReconcileRowFailure[]> {
  const failed: ReconcileRowFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      try {
        await repair(row);
      } catch (err) {
        if (isOutage(err)) throw err;
        const id = rowId(row);
        console.error(`reconcile ${reconciler}: ${id} could not be repaired`, err);
        failed.push({ id, error: (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_CHARS) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 1, rows.length) }, worker));
  return failed;
}
