import { condition, continueAsNew, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { PurchaseOrderActivities } from './activities/purchase-orders';
import { purchaseOrderChangedSignal, SearchAttributes, type PurchaseOrderExpiryInput, type PurchaseOrderExpiryResult } from './shared';

const acts = proxyActivities<PurchaseOrderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * CP-9: one workflow per dated purchase order (`purchase-order-<id>`). It sleeps on a durable timer
 * until `warningDays` before the expiry date, emails the billing contact once, then sleeps until the
 * purchase order expires. An edit or a removal signals it; it then re-reads the purchase order, so a
 * new date gets its own reminder. It ends when the purchase order expires, is removed or no longer
 * has a date; editing it later starts it again (signal-with-start).
 */
export async function purchaseOrderExpiryWorkflow(input: PurchaseOrderExpiryInput): Promise<PurchaseOrderExpiryResult> {
  let changed = false;
  setHandler(purchaseOrderChangedSignal, () => {
    changed = true;
  });
  const status = (value: string) => upsertSearchAttributes([{ key: SearchAttributes.status, value }]);
  /** Sleeps until `at` (ISO) or a change; true when woken by a change. */
  const until = async (at: string) => {
    const ms = Date.parse(at) - Date.now();
    return ms > 0 ? condition(() => changed, ms) : false;
  };

  for (let round = 0; round < 100; round++) {
    changed = false;
    const plan = await acts.planPurchaseOrderReminder({ purchaseOrderId: input.purchaseOrderId, warningDays: input.warningDays });
    if (plan.kind === 'gone') {
      status('removed');
      return 'removed';
    }
    if (plan.kind === 'open_ended') {
      status('open_ended');
      return 'open_ended';
    }
    if (Date.now() >= Date.parse(plan.expiresAt)) {
      status('expired');
      return 'expired';
    }
    if (!plan.reminded) {
      status('waiting');
      if (await until(plan.remindAt)) continue;
      await acts.sendPurchaseOrderReminder({ purchaseOrderId: input.purchaseOrderId, expiresOn: plan.expiresOn });
      continue;
    }
    status('reminded');
    if (await until(plan.expiresAt)) continue;
  }
  // Edited a hundred times: a fresh history, same workflow ID (the database keeps the state).
  return continueAsNew<typeof purchaseOrderExpiryWorkflow>(input);
}
