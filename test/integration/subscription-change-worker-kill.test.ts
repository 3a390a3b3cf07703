import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../db/seed/demo';
import { changeSurvivesCrash } from '../helpers/change-crash';
import { useWorkerProcessStack } from '../helpers/worker-process';

describe('WF-2 exactly once when the worker process is killed mid-change (after the charge, while applying)', () => {
  const stack = useWorkerProcessStack('kill-change');

  it('WF-2: kill -9 of the worker process group while the change is being applied, restart → one charge, one change, one invoice, one email', { timeout: 120_000 }, async () => {
    await changeSurvivesCrash(stack, { tierId: 'tier_meeting_enterprise', seats: 8, frequency: 'annual' }, {
      crash: () => stack.kill(),
      async whileDown(before) {
        await new Promise((r) => setTimeout(r, 500));
        // The dead worker's transaction never committed: nothing changed yet.
        const now = await stack.db.selectFrom('subscriptions').selectAll().where('id', '=', DEMO_IDS.subscriptions.northwindMeeting).executeTakeFirstOrThrow();
        expect(now).toEqual(before);
      },
      recover: () => stack.restart(),
    });
  });

  it('WF-2: kill -9 of the worker process group while the confirmation email (a local activity, after the change in the same workflow task) waits, restart → one charge, one change, one invoice, one email', { timeout: 120_000 }, async () => {
    await changeSurvivesCrash(stack, { tierId: 'tier_meeting_enterprise', seats: 12, frequency: 'annual' }, {
      hold: 'email',
      crash: () => stack.kill(),
      async whileDown() {
        // The change committed before the email began; the workflow task that ran both died with the worker.
        const now = await stack.db.selectFrom('subscriptions').select(['tier_id', 'seats']).where('id', '=', DEMO_IDS.subscriptions.northwindMeeting).executeTakeFirstOrThrow();
        expect(now).toEqual({ tier_id: 'tier_meeting_enterprise', seats: 12 });
      },
      recover: () => stack.restart(),
    });
  });
});
