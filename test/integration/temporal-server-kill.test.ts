import { describe, it } from 'vitest';
import { changeSurvivesCrash } from '../helpers/change-crash';
import { useWorkerProcessStack } from '../helpers/worker-process';

// This file runs its own Temporal dev server (own SQLite file): killing it disturbs no other test.
describe('WF-2 exactly once when the Temporal server is killed mid-change', () => {
  const stack = useWorkerProcessStack('kill-temporal', { ownTemporalServer: true });

  it('WF-2: kill -9 of the Temporal server after the charge, while the change is applied; restart on the same data → one charge, one change, one invoice, one email', { timeout: 180_000 }, async () => {
    await changeSurvivesCrash(stack, { tierId: 'tier_meeting_enterprise', seats: 7, frequency: 'monthly' }, {
      // The server dies with the step in flight; the step then finishes while nobody can hear its result.
      crash: () => stack.killTemporal(),
      whileDown: () => new Promise((r) => setTimeout(r, 2_000)),
      recover: () => stack.restartTemporal(),
    });
  });
});
