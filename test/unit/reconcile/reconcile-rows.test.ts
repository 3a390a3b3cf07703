import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userError } from '../../../server/errors';
import { repairEachRow } from '../../../server/services/reconcile-rows';
import { describeReconcileFailures, type ReconcileSummary } from '../../../server/services/reconcile';

/** A refused connection as Node reports it (the code the Temporal client's and pg's sockets carry). */
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' });

describe('WF-1 WF-2 WF-4 reconcile rows: one row that cannot be repaired does not stop the others; an outage stops the pass', () => {
  // The isolation logs each failed row; kept out of the test output.
  beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('WF-2: the rows after a failing one are repaired, the failing one is returned with its ID and error and logged with the reconciler\'s name', async () => {
    const repaired: string[] = [];
    const failed = await repairEachRow('changes', ['ord_a', 'ord_b', 'ord_c'], (id) => id, async (id) => {
      if (id === 'ord_b') throw new Error('change order ord_b has no order line');
      repaired.push(id);
    });
    expect(repaired).toEqual(['ord_a', 'ord_c']);
    expect(failed).toEqual([{ id: 'ord_b', error: 'change order ord_b has no order line' }]);
    expect(console.error).toHaveBeenCalledWith('reconcile changes: ord_b could not be repaired', expect.any(Error));
  });

  it('WF-4: with several rows in flight at once, every row is tried once and each failure is listed', async () => {
    const tried: string[] = [];
    const rows = Array.from({ length: 20 }, (_, i) => `sub_${i}`);
    const failed = await repairEachRow('renewals', rows, (id) => id, async (id) => {
      tried.push(id);
      await new Promise((r) => setTimeout(r, 1));
      if (id.endsWith('7')) throw new Error(`bad ${id}`);
    }, { concurrency: 8 });
    expect([...tried].sort()).toEqual([...rows].sort());
    expect(failed.map((f) => f.id).sort()).toEqual(['sub_17', 'sub_7']);
  });

  it('WF-1: Temporal unreachable (a refused socket, or an order hand-over that says the service is unavailable) aborts the pass instead of marking the row failed', async () => {
    await expect(repairEachRow('trials', ['sub_a', 'sub_b'], (id) => id, async () => { throw refused(); })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const notStarted = userError('SERVICE_UNAVAILABLE', 'errors.order.notStarted', {}, { reason: 'temporal_unavailable' });
    await expect(repairEachRow('serviceOrders', ['ord_a'], (id) => id, async () => { throw notStarted; })).rejects.toBe(notStarted);
  });

  it('WF-2: the start-up line names every failed row with its reconciler, and says nothing when none failed', () => {
    const clean = { trials: { started: 0, failed: [] }, changes: { started: 0, closed: 0, failed: [] } } as unknown as ReconcileSummary;
    expect(describeReconcileFailures(clean)).toBeNull();
    const one = { ...clean, changes: { started: 0, closed: 0, failed: [{ id: 'ord_x', error: 'change order ord_x has no order line' }] } } as unknown as ReconcileSummary;
    expect(describeReconcileFailures(one)).toBe('1 row could not be repaired: ord_x (changes): change order ord_x has no order line');
  });
});
