import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../activities/orders';
import type { ProvisioningActivities } from '../activities/provisioning';
import type { ServiceOrderActivities } from '../activities/service-orders';
import { bookkeeping, localBookkeeping } from './bookkeeping';

// WF-3's activities and how each is run. What talks to the outside world or may take long stays a
// remote activity (the charge and refunds in payment.ts, each product's provisioning, the emails); the
// short database-only steps run as local activities in workflows started since the patch below.

// Provisioning may call an external provisioner: retried with backoff for as long as the 24 hours and
// beyond (the SLA timer alerts people meanwhile); a permanent refusal is a non-retryable failure.
export const provisioning = proxyActivities<ProvisioningActivities>({
  // An attempt that dies with its worker is retried after this (an external call gives up after 30 s).
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2, nonRetryableErrorTypes: ['ServiceOrderNotFound', 'ProvisioningRefused'] },
});
// The service order's own record and emails are short database and SMTP steps.
export const serviceOrders = proxyActivities<ServiceOrderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['ServiceOrderNotFound'] },
});

/**
 * Marks service orders whose database-only steps run as local activities; histories without it (the
 * service orders started before) replay their activity tasks. Evaluated once, before the workflow's
 * first command, so a service order takes one path from start to end.
 */
export const SERVICE_ORDER_LOCAL_STEPS_PATCH = 'service-order-local-steps';

/** The steps that only read or write Seatplan's database, each one short transaction safe to run again. */
export type ServiceOrderDbSteps = Pick<ServiceOrderActivities, 'serviceOrderCard' | 'markServiceOrderPaid' | 'completeServiceOrder'> &
  Pick<ProvisioningActivities, 'provisionAdmin' | 'assignAdminSeats'> &
  Pick<OrderActivities, 'fulfilOrder' | 'failOrder'>;

/**
 * The same steps as local activities: run by the worker that runs the workflow task and recorded as a
 * marker in the workflow task's completion — no activity task and no extra workflow task through the
 * server per step. Why each is safe to run again (a local activity is re-run when its worker dies
 * before the workflow task completes, or when that task times out): the card is read and recorded again
 * (the same value); paid and completed are status updates guarded by the current status; the admin
 * contact is created or updated once (recorded on the service order, under its row lock); the admin
 * seats are flagged per product once assigned; the fulfilment and failOrder are the order core's
 * re-runnable transactions (bookkeeping.ts).
 * - startToCloseTimeout 10 s: each is one transaction on a few rows locked by ID (milliseconds); a
 *   step hung on a lock or a lost connection is abandoned and retried rather than holding the workflow
 *   task. Longer than the workflow task timeout is fine: the SDK heartbeats the task meanwhile.
 * - retries as the remote steps had them (500 ms doubling to 30 s, unlimited) — the database being down
 *   is waited out; backoffs past a minute become durable timers (the SDK's local retry threshold) instead
 *   of a worker holding the task. A service order or order that does not exist is final.
 */
const local = proxyLocalActivities<ServiceOrderActivities & ProvisioningActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['ServiceOrderNotFound', 'ProvisioningRefused'] },
});

/**
 * The database-only steps of this service order: local activities when the workflow was started since
 * SERVICE_ORDER_LOCAL_STEPS_PATCH (`patched()` is evaluated here, once: call it before the workflow's
 * first command), else the remote activities its history recorded.
 */
export function serviceOrderDbSteps(): ServiceOrderDbSteps {
  if (patched(SERVICE_ORDER_LOCAL_STEPS_PATCH)) {
    return {
      serviceOrderCard: local.serviceOrderCard,
      markServiceOrderPaid: local.markServiceOrderPaid,
      completeServiceOrder: local.completeServiceOrder,
      provisionAdmin: local.provisionAdmin,
      assignAdminSeats: local.assignAdminSeats,
      fulfilOrder: localBookkeeping.fulfilOrder,
      failOrder: localBookkeeping.failOrder,
    };
  }
  return {
    serviceOrderCard: serviceOrders.serviceOrderCard,
    markServiceOrderPaid: serviceOrders.markServiceOrderPaid,
    completeServiceOrder: serviceOrders.completeServiceOrder,
    provisionAdmin: provisioning.provisionAdmin,
    assignAdminSeats: provisioning.assignAdminSeats,
    fulfilOrder: bookkeeping.fulfilOrder,
    failOrder: bookkeeping.failOrder,
  };
}
