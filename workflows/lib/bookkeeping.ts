import { ActivityFailure, ApplicationFailure, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
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
 * Marks histories whose confirmation email ran as a local activity; older ones replay their activity task.
 * Evaluated where the email is sent, not when the workflow starts: a WF-1 trial lives for days, and one
 * started before the deploy that converts after it reaches this point live — `patched()` answers true
 * there (and writes its marker), so it takes the new path too; a history recorded before the patch has no
 * marker at this point and replays its `sendOrderConfirmation` / `sendChangeConfirmation` activity task.
 */
export const LOCAL_CONFIRMATION_PATCH = 'order-confirmation-local-activity';

/**
 * Fulfils the order under the activity name the workflow's histories know (WF-1 `activateOrder`, WF-2
 * `applyChange`; a new order kind `fulfilOrder`, which alone takes `onTerms`), as a local activity in
 * histories made since the patch. A workflow whose other steps became local activities under a patch
 * of its own (WF-4, WF-5) passes that one: each patch costs every run a marker and a search-attribute upsert.
 */
export async function fulfil(
  name: 'activateOrder' | 'applyChange' | 'fulfilOrder',
  input: Parameters<OrderActivities['fulfilOrder']>[0],
  patch: string = LOCAL_FULFILMENT_PATCH,
): Promise<FulfilmentOutcome> {
  return patched(patch) ? localBookkeeping[name](input) : bookkeeping[name](input);
}

/**
 * The confirmation emails as local activities, so that after the charge the fulfilment and the email run
 * in one workflow task (one workflow task and one activity task fewer per order).
 *
 * Safe to run locally: `sendEmailOnce` claims the outbox row by the idempotency key and sends only while
 * `sent_at` is empty. A worker that dies mid-send loses its workflow task (fulfilment marker and all); the
 * server hands it to another worker after the workflow task timeout, which re-runs the fulfilment (finds
 * the order completed) and the email: not sent yet → sent once; sent but not marked (death between the
 * SMTP hand-off and `sent_at`) → sent again with the same Message-ID; marked → nothing. Exactly the
 * remote activity's guarantee: at most once per key but for that one window, where SMTP is at-least-once
 * with a stable Message-ID.
 *
 * Timeouts, for an SMTP relay that is slow or down: a local activity holds its workflow task while it
 * runs and while it retries within `localRetryThreshold`. Each attempt gets 10 s (one hand-off takes
 * milliseconds; nodemailer's own timeouts run to minutes), and only backoffs up to 1 s are waited inside
 * the task (at most 3 attempts, at 0 s, 0.5 s and 1.5 s: a task held ~2 s by a relay that refuses, at
 * most ~32 s by one that hangs); a longer backoff makes the SDK (`scheduleLocalActivity`,
 * `LocalActivityDoBackoff`) wait on a durable timer and schedule the next attempt in a new workflow task,
 * so an outage never holds a task for minutes. No `scheduleToCloseTimeout` and no maximum of attempts:
 * as with the remote activity, the email is retried until SMTP is back (every 30 s at most), the order
 * having been completed by the fulfilment already.
 */
const localEmail = proxyLocalActivities<EmailActivities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '1 second',
  retry,
});

/**
 * Sends the order's confirmation email (WF-1 `sendOrderConfirmation`, WF-2 `sendChangeConfirmation`;
 * WF-5's receipt `sendInvoicePaymentReceipt`, whose PDF is rendered only when the email is sent), once
 * per key. A workflow that made its fulfilment local under a patch of its own passes that one here too,
 * so one marker covers both steps.
 */
export async function sendConfirmation(
  name: 'sendOrderConfirmation' | 'sendChangeConfirmation' | 'sendInvoicePaymentReceipt',
  input: { orderId: string; idempotencyKey: string },
  patch: string = LOCAL_CONFIRMATION_PATCH,
): Promise<void> {
  return patched(patch) ? localEmail[name](input) : bookkeeping[name](input);
}

/**
 * Whether a step failed for good (retries over or a non-retryable error), local or remote. A remote
 * activity's failure reaches the workflow as an ActivityFailure; a local activity's, in SDK 1.24, as
 * the activity's own ApplicationFailure, unwrapped (a workflow test of WF-5 pins it). Use it where a
 * workflow catches a step's permanent failure to end the order, once that step may be local.
 */
export function stepFailedForGood(err: unknown): err is ActivityFailure | ApplicationFailure {
  return err instanceof ActivityFailure || err instanceof ApplicationFailure;
}
