import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { EmailActivities } from '../activities/emails';
import type { FulfilmentOutcome, OrderActivities } from '../activities/orders';

const retry = { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['OrderNotFound'] };

/**
 * The orders' database-only steps (fulfil, fail) and their emails. They are short: a worker that dies
 * mid-step is noticed, and the step retried elsewhere, quickly.
 */
export const bookkeeping = proxyActivities<OrderActivities & EmailActivities>({ startToCloseTimeout: '10 seconds', retry });

/**
 * The same steps as local activities: run by the worker that runs the workflow task, recorded as a marker,
 * without a round trip through the server's task queue (one activity task and one workflow task fewer per
 * order). For the fulfilment — one short database transaction, safe to run again (a re-run finds the
 * order completed and answers with its documents), and for failing an unfulfilled order (one transaction
 * that does nothing to an order already ended). WF-3 uses them behind its own patch (service-order-steps.ts).
 */
export const localBookkeeping = proxyLocalActivities<OrderActivities>({ startToCloseTimeout: '10 seconds', retry });

/** Marks histories whose fulfilment ran as a local activity; older ones replay their activity task. */
export const LOCAL_FULFILMENT_PATCH = 'order-fulfilment-local-activity';

/**
 * Fulfils the order under the activity name the workflow's histories know (WF-1 `activateOrder`, WF-2
 * `applyChange`; a new order kind `fulfilOrder`, which alone takes `onTerms`), as a local activity in
 * histories made since the patch. A workflow whose other steps became local activities under a patch
 * of its own (WF-4) passes that one: each patch costs every run a marker and a search-attribute upsert.
 */
export async function fulfil(
  name: 'activateOrder' | 'applyChange' | 'fulfilOrder',
  input: Parameters<OrderActivities['fulfilOrder']>[0],
  patch: string = LOCAL_FULFILMENT_PATCH,
): Promise<FulfilmentOutcome> {
  return patched(patch) ? localBookkeeping[name](input) : bookkeeping[name](input);
}
