import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DbOrTrx } from '../../db/client';
import type { OrderKind } from '../../db/schema';
import type { ServiceOrderWorkflowInput } from '../../workflows/shared';
import { env } from '../env';
import { AppError, userError } from '../errors';
import { userMessage, workflowRefusal } from '../i18n/user-message';
import { endUnfulfilledOrder } from '../orders/undo';
import { isTemporalUnreachable } from '../temporal/reachability';
import { notifyRenewal, requestTrialConversion, resumeSubscriptionChange, startServiceOrderWorkflow, submitSubscriptionChange } from '../temporal/starters';
import type { ServiceDeps } from './deps';
import { chargeableCard } from './payment-methods';
import { repairEachRow, type ReconcileRowFailure } from './reconcile-rows';
import type { ChangePaymentOutcome } from '../../workflows/shared';

// Order delivery: a committed order is handed to the workflow that processes it (WF-1 for a cart with
// a trial conversion, WF-2 for changes), safe to repeat; a refusal by the workflow cancels the unpaid order.

/** The trial workflow that processes an order (`trial-<first line's subscription>`). */
export function orderWorkflowId(storedWorkflowId: string | null): string | null {
  return storedWorkflowId ? storedWorkflowId.split('#')[0]! : null;
}

type DeliveryDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'taskQueue'>;
/**
 * What the caller that has just written the order knows of it already (Place order, in the same
 * request): a conversion's trials in line order and the card its transaction saved as the account's
 * default; the delivery then reads neither back.
 */
export interface KnownOrder {
  conversionSubscriptionIds: string[];
  paymentMethodId: string | null;
}
type OrderToDeliver = { id: string; account_id: string; workflow_id: string | null; total: bigint };
type Delivery = (deps: DeliveryDeps, order: OrderToDeliver, known?: KnownOrder) => Promise<void>;

/**
 * BC-3 / BC-5: a cart with a trial conversion goes to the first trial's WF-1 workflow as an update (safe
 * to repeat: the update ID is the order ID), which converts every trial of the order and applies its
 * changes too.
 */
const toTrialWorkflow: Delivery = async (deps, order, known) => {
  const { db } = deps;
  const orderId = order.id;
  // The trials the order converts (its change lines, if any, are applied by the same activation).
  const subscriptionIds = known
    ? known.conversionSubscriptionIds
    : (await db.selectFrom('order_lines').select(['subscription_id']).where('order_id', '=', orderId).where('kind', '=', 'conversion').orderBy('id').execute()).map((l) => l.subscription_id!).filter(Boolean);
  const primary = orderWorkflowId(order.workflow_id)?.replace(/^trial-/, '') ?? subscriptionIds[0]!;
  try {
    await requestTrialConversion(await deps.temporal(), primary, {
      orderId,
      subscriptionIds,
      paymentMethodId: order.total > 0n ? (known ? known.paymentMethodId : await chargeableCard(db, order.account_id)) : null,
    });
  } catch (err) {
    const refused = err instanceof WorkflowUpdateFailedError ? workflowRefusal(err.cause) : err instanceof WorkflowNotFoundError ? userMessage('errors.workflow.trialEnded') : null;
    if (refused === null) throw err;
    await endUnfulfilledOrder(db, orderId, 'cancelled', refused);
    throw userError('CONFLICT', refused.key, refused.params, { reason: 'refused_by_workflow' });
  }
};

/**
 * Which workflow takes each kind of order after commit. A new order kind adds its delivery here: start
 * its workflow under the order's business ID (a repeat attaches to it).
 */
const deliveries: Partial<Record<OrderKind, Delivery>> = {
  conversion: toTrialWorkflow,
  // BC-4, and a BC-5 cart of changes only: its WF-2 workflow (update-with-start; a repeat attaches). The
  // payment's outcome is on the order page like a conversion's.
  change: async (deps, order) => {
    await deliverChange(deps, order.id, await changeWorkflowInput(deps.db, order.id));
  },
  // BC-9 / WF-4: a renewal order is written by its subscription's renewal workflow; handed over again
  // (recovery), that workflow is started or woken, and it resumes the open renewal from the database.
  renewal: async (deps, order) => {
    const line = await deps.db.selectFrom('order_lines').select(['subscription_id', 'product_id']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    await notifyRenewal(await deps.temporal(), deps.taskQueue, { subscriptionId: line.subscription_id!, accountId: order.account_id, productId: line.product_id! });
  },
  // CP-10 / CP-4 Accetta: its WF-3 workflow (`service-order-<id>`; a repeat attaches, a finished one is never started again).
  service_order: async (deps, order) => {
    await startServiceOrderWorkflow(await deps.temporal(), deps.taskQueue, await serviceOrderWorkflowInput(deps.db, order.id));
  },
};

/**
 * Sends a committed order to its workflow (safe to repeat). If the workflow refuses it, nothing was
 * charged: the order is cancelled, the credit given back and the items put back in a cart, and the user
 * gets the workflow's reason.
 */
export async function deliverOrder(deps: DeliveryDeps, orderId: string): Promise<void> {
  const order = await deps.db.selectFrom('orders').select(['id', 'kind', 'status', 'workflow_id', 'account_id', 'total']).where('id', '=', orderId).executeTakeFirstOrThrow();
  if (order.status !== 'processing' && order.status !== 'pending') return;
  await deliverTo(deps, order);
}

/**
 * `deliverOrder` for a conversion order the caller has just committed in this request (status
 * 'processing'): the same hand-over without reading back the order, its lines and the default card.
 */
export async function deliverPlacedConversion(deps: DeliveryDeps, order: OrderToDeliver, known: KnownOrder): Promise<void> {
  await deliverTo(deps, { ...order, kind: 'conversion' }, known);
}

async function deliverTo(deps: DeliveryDeps, order: OrderToDeliver & { kind: OrderKind }, known?: KnownOrder): Promise<void> {
  const deliver = deliveries[order.kind];
  if (!deliver) throw new Error(`no workflow takes orders of kind ${order.kind}`);
  try {
    await deliver(deps, order, known);
  } catch (err) {
    throw await notStartedError(deps.db, order.id, err);
  }
}

/** The reason (`details.reason`) of the error a user gets when their committed order could not reach Temporal. */
export const ORDER_NOT_STARTED = 'temporal_unavailable';

/**
 * What the user is told when handing a committed order to its workflow failed: Temporal could not be
 * reached and nothing was charged for the order (no PaymentIntent stored — the workflow is what charges)
 * → a clear error in their language, the order kept as it is for the same request to hand over again
 * (the same idempotency key finds it; the workflow ID is the order's, so it attaches, never a second
 * order or charge) or for the reconciler. Anything else is the error as it was.
 */
async function notStartedError(db: DeliveryDeps['db'], orderId: string, err: unknown): Promise<unknown> {
  if (err instanceof AppError || !isTemporalUnreachable(err)) return err;
  const charged = await db.selectFrom('payments').select('id').where('order_id', '=', orderId).where('stripe_payment_intent_id', 'is not', null).executeTakeFirst();
  if (charged) return err;
  return userError('SERVICE_UNAVAILABLE', 'errors.order.notStarted', {}, { reason: ORDER_NOT_STARTED, orderId });
}

/** Starts the order's WF-2 workflow (safe to repeat). A refusal by the workflow cancels the unpaid order. */
export async function deliverChange(deps: DeliveryDeps, orderId: string, x: { accountId: string; subscriptionId: string; productId: string; paymentMethodId: string | null }) {
  return submitToWorkflow(deps, orderId, async () => submitSubscriptionChange(await deps.temporal(), deps.taskQueue, { orderId, ...x }));
}

/**
 * Hands a committed order to its workflow with update-with-start (WF-2, WF-5) and returns the payment's
 * outcome. A refusal by the workflow's validator cancels the unpaid order, and the user gets its reason.
 */
export async function submitToWorkflow(deps: Pick<DeliveryDeps, 'db'>, orderId: string, submit: () => Promise<{ payment: ChangePaymentOutcome }>) {
  try {
    const submitted = await submit();
    return submitted.payment;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw await notStartedError(deps.db, orderId, err);
    const refused = workflowRefusal(err.cause);
    await endUnfulfilledOrder(deps.db, orderId, 'cancelled', refused);
    throw userError('CONFLICT', refused.key, refused.params, { reason: 'refused_by_workflow' });
  }
}

/** A change order in these states holds its subscription's one-change-in-flight lock and needs its workflow. */
export const OPEN_CHANGE_STATUSES: string[] = ['pending', 'processing', 'awaiting_payment'];

/**
 * The WF-2 input of a committed change order, read back from the order: its line's subscription and
 * product, and the card it was placed with (saved as the account's default in the order's transaction).
 */
export async function changeWorkflowInput(db: DbOrTrx, orderId: string) {
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .select(['o.account_id', 'o.total', 'l.subscription_id', 'l.product_id'])
    .where('o.id', '=', orderId)
    // A BC-5 cart of changes has several lines: the first one names the workflow's subscription and product.
    .orderBy('l.id')
    .limit(1)
    .executeTakeFirst();
  // The app writes no change order without a line; a manual fix or a half-restored backup can.
  if (!o) throw new Error(`change order ${orderId} has no order line`);
  return { accountId: o.account_id, subscriptionId: o.subscription_id!, productId: o.product_id!, paymentMethodId: o.total > 0n ? await chargeableCard(db, o.account_id) : null };
}

/**
 * WF-2 recovery (like `ensureTrialWorkflows`): every open change order gets its workflow — started if
 * Temporal was unreachable right after the order was committed, attached to if it runs. Without this
 * such an order would hold its subscription's one-change-in-flight lock forever. Run after the worker
 * is up; safe to repeat (the workflow ID is the order's; a finished workflow is never started again).
 */
export async function ensureChangeWorkflows(deps: DeliveryDeps): Promise<{ started: number; closed: number; failed: ReconcileRowFailure[] }> {
  const orders = await deps.db.selectFrom('orders').select('id').where('kind', '=', 'change').where('status', 'in', ['pending', 'processing', 'awaiting_payment']).orderBy('created_at').execute();
  const client = await deps.temporal();
  let started = 0;
  let closed = 0;
  const failed = await repairEachRow('changes', orders, (o) => o.id, async (o) => {
    const r = await resumeSubscriptionChange(client, deps.taskQueue, { orderId: o.id, ...(await changeWorkflowInput(deps.db, o.id)) });
    if (r === 'started') started++;
    else closed++;
  });
  return { started, closed, failed };
}

/**
 * WF-1 recovery (BC-3, BC-5): every conversion order committed but never handed to its trial's workflow
 * (Temporal unreachable right after the commit) is delivered now, through the same path as Place order.
 * Safe to repeat and to run beside a user pressing Place order again: the update ID is the order's, so a
 * workflow that already has the order answers with the same update and charges nothing more, and an
 * order that has ended is skipped. One the workflow refuses (its trial ended meanwhile) is cancelled with
 * nothing charged, its credit and cart given back. Run after `ensureTrialWorkflows` (the workflows it
 * needs) and once the worker is up: an update waits for a worker to accept it.
 */
export async function ensureConversionOrders(deps: DeliveryDeps): Promise<{ delivered: number; refused: number; failed: ReconcileRowFailure[] }> {
  // `awaiting_payment` is set by the workflow itself, so such an order has already been handed over.
  const orders = await deps.db.selectFrom('orders').select('id').where('kind', '=', 'conversion').where('status', 'in', ['pending', 'processing']).orderBy('created_at').execute();
  let delivered = 0;
  let refused = 0;
  const failed = await repairEachRow('conversions', orders, (o) => o.id, async (o) => {
    try {
      await deliverOrder(deps, o.id);
      delivered++;
    } catch (err) {
      if (!(err instanceof AppError && err.details?.reason === 'refused_by_workflow')) throw err;
      refused++;
    }
  });
  return { delivered, refused, failed };
}

/**
 * The WF-3 input of a placed service order's order: its service order, the products it adds seats to
 * (its lines, in order), the 24-hour promise made when it was placed, and the contact's payment window.
 */
export async function serviceOrderWorkflowInput(db: DbOrTrx, orderId: string): Promise<ServiceOrderWorkflowInput> {
  const so = await db.selectFrom('service_orders').select(['id', 'account_id', 'sla_due_at']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const lines = await db.selectFrom('order_lines').select('product_id').where('order_id', '=', orderId).orderBy('id').execute();
  return {
    serviceOrderId: so.id,
    accountId: so.account_id,
    orderId,
    productIds: lines.map((l) => l.product_id!),
    slaDueAt: so.sla_due_at!.toISOString(),
    paymentWindowSeconds: env().SERVICE_ORDER_PAYMENT_WINDOW_HOURS * 3600,
  };
}
