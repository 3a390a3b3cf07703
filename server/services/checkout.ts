import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import { newId } from '../../db/ids';
import type { Currency, Frequency } from '../../db/schema';
import { workflowIds } from '../../workflows/shared';
import { userError } from '../errors';
import { orderFailureColumns, userMessage, workflowRefusal, type UserMessage } from '../i18n/user-message';
import { CardError, type PaymentGateway } from '../payments/stripe-gateway';
import { requestTrialConversion } from '../temporal/starters';
import { cartItems } from './cart';
import { quoteConversion, type CheckoutQuote } from './checkout-quote';
import { ensureStripeCustomer } from './stripe-customers';
import { changeWorkflowInput, deliverChange } from './subscription-change';

export interface CheckoutDeps {
  db: Db;
  temporal: () => Promise<Client>;
  now: () => Date;
  payments: PaymentGateway;
  sellerCountry: string;
  /** Where a cart of changes only starts its WF-2 workflow. */
  taskQueue: string;
}

export interface PlaceOrderInput {
  accountId: string;
  userId: string;
  cartId: string;
  /** Made once by the page (per checkout attempt): a repeated request returns the same order. */
  idempotencyKey: string;
  paymentMethodId: string | null;
  vatNumber?: string | null;
  /** The total the customer saw; if the amounts changed meanwhile the order is refused with the new figures. */
  expectedTotal?: bigint;
}

export interface PlacedOrder {
  orderId: string;
  status: string;
  duplicate: boolean;
}

/** Stripe.js collects the card in the page against this SetupIntent; the card is saved to the account's customer. */
export async function createCardSetup(deps: Pick<CheckoutDeps, 'db' | 'payments'>, accountId: string) {
  const customerId = await ensureStripeCustomer(deps, accountId);
  return deps.payments.createSetupIntent({ customerId, accountId });
}

/**
 * Checks that the card belongs to this account's Stripe customer (attaching a fresh one, which is where
 * Stripe declines a bad card), and remembers it as the account's default card for reuse.
 */
export async function acceptCard(deps: Pick<CheckoutDeps, 'db' | 'payments'>, accountId: string, paymentMethodId: string) {
  const customerId = await ensureStripeCustomer(deps, accountId);
  const card = await deps.payments.getPaymentMethod(paymentMethodId);
  if (!card) throw userError('BAD_REQUEST', 'errors.card.notFound', {}, { field: 'card' });
  if (card.customerId && card.customerId !== customerId) throw userError('FORBIDDEN', 'errors.card.otherCustomer');
  if (!card.customerId) {
    try {
      await deps.payments.attachPaymentMethod(paymentMethodId, customerId);
    } catch (err) {
      if (err instanceof CardError) throw userError('BAD_REQUEST', 'errors.card.refused', { code: err.code ?? 'card_declined' }, { field: 'card', code: err.code });
      throw err;
    }
  }
  return card;
}

export async function saveCard(trx: Trx, accountId: string, card: { id: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }) {
  const existing = await trx.selectFrom('payment_methods').select(['id', 'is_default']).where('account_id', '=', accountId).where('stripe_payment_method_id', '=', card.id).executeTakeFirst();
  if (existing?.is_default) return;
  await trx.updateTable('payment_methods').set({ is_default: false }).where('account_id', '=', accountId).where('is_default', '=', true).execute();
  if (existing) {
    await trx.updateTable('payment_methods').set({ is_default: true }).where('id', '=', existing.id).execute();
  } else {
    await trx
      .insertInto('payment_methods')
      .values({ id: newId('pm'), account_id: accountId, kind: 'card', stripe_payment_method_id: card.id, card_brand: card.brand, card_last4: card.last4, card_exp_month: card.expMonth, card_exp_year: card.expYear, is_default: true })
      .execute();
  }
}

async function existingOrder(db: Db | Trx, accountId: string, where: { idempotencyKey?: string; cartId?: string }) {
  let q = db.selectFrom('orders').select(['id', 'status', 'account_id']);
  if (where.idempotencyKey) q = q.where('idempotency_key', '=', where.idempotencyKey);
  else if (where.cartId) q = q.where('cart_id', '=', where.cartId);
  const row = await q.executeTakeFirst();
  if (row && row.account_id !== accountId) throw userError('CONFLICT', 'errors.request.reused');
  return row;
}

/**
 * BC-3/BC-5 Place order. In one transaction: the cart is locked and every item re-validated and priced
 * by `quoteConversion` (the same function as the review page), the order and its lines are written, the
 * cart is checked out and the credit balance used. After commit the order goes to the trial's WF-1
 * workflow as an update, which charges, activates, invoices and emails exactly once.
 * A double click or a repeated request returns the same order (idempotency key, one order per cart).
 */
export async function placeOrder(deps: CheckoutDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  const { db } = deps;
  const prior = await existingOrder(db, input.accountId, { idempotencyKey: input.idempotencyKey });
  if (prior) {
    await deliverToWorkflow(deps, prior.id).catch(() => undefined);
    const row = await db.selectFrom('orders').select('status').where('id', '=', prior.id).executeTakeFirstOrThrow();
    return { orderId: prior.id, status: row.status, duplicate: true };
  }
  const at = deps.now();
  const account = await db.selectFrom('accounts').select(['kind']).where('id', '=', input.accountId).executeTakeFirst();
  if (!account) throw userError('NOT_FOUND', 'errors.account.notFound');
  if (account.kind !== 'online') throw userError('FORBIDDEN', 'errors.auth.corporateAccount');

  // Price first (outside the transaction) only to know whether a card is needed; the order re-prices under lock.
  const items = await cartItems(db, input.cartId);
  const cart = await db.selectFrom('carts').select(['account_id', 'status']).where('id', '=', input.cartId).executeTakeFirst();
  if (!cart || cart.account_id !== input.accountId) throw userError('NOT_FOUND', 'errors.cart.notFound');
  if (cart.status !== 'open') {
    const placed = await existingOrder(db, input.accountId, { cartId: input.cartId });
    if (placed) return { orderId: placed.id, status: placed.status, duplicate: true };
    throw userError('CONFLICT', 'errors.cart.checkedOut');
  }
  if (items.length === 0) throw userError('BAD_REQUEST', 'errors.cart.empty');
  const preview = await quoteConversion(db, { accountId: input.accountId, items, at, vatNumber: input.vatNumber, sellerCountry: deps.sellerCountry });
  let card: Awaited<ReturnType<typeof acceptCard>> | null = null;
  if (preview.total > 0n) {
    if (!input.paymentMethodId) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
    card = await acceptCard(deps, input.accountId, input.paymentMethodId);
  }

  let created: { orderId: string; quote: CheckoutQuote };
  try {
    created = await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('carts').select(['status']).where('id', '=', input.cartId).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'open') return { orderId: '', quote: preview };
      const lockedItems = await cartItems(trx, input.cartId);
      if (lockedItems.length === 0) throw userError('BAD_REQUEST', 'errors.cart.empty');
      // Lock the subscriptions too: a concurrent order or expiry waits for us, and we see its result.
      await trx.selectFrom('subscriptions').select('id').where('id', 'in', lockedItems.map((i) => i.subscriptionId)).orderBy('id').forUpdate().execute();
      const quote = await quoteConversion(trx, { accountId: input.accountId, items: lockedItems, at, vatNumber: input.vatNumber, sellerCountry: deps.sellerCountry });
      if (input.expectedTotal !== undefined && input.expectedTotal !== quote.total) {
        throw userError('CONFLICT', 'errors.checkout.amountsChanged', {}, { reason: 'amounts_changed', total: quote.total.toString() });
      }
      if (quote.total > 0n && !card) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
      const orderId = newId('ord');
      // A cart with a trial conversion is processed by the first trial's workflow (WF-1), which applies its
      // changes too; a cart of changes only is one WF-2 change order with several lines.
      const firstSub = quote.lines.find((l) => l.kind === 'conversion')?.subscriptionId ?? null;
      await trx
        .insertInto('orders')
        .values({
          id: orderId,
          account_id: input.accountId,
          kind: firstSub ? 'conversion' : 'change',
          status: 'processing',
          currency: quote.currency,
          subtotal: quote.subtotal,
          credit_applied: quote.creditApplied,
          tax: quote.tax,
          total: quote.total,
          tax_rate_basis_points: quote.taxRateBasisPoints,
          reverse_charge: quote.reverseCharge,
          vat_number: quote.vatNumber,
          idempotency_key: input.idempotencyKey,
          workflow_id: null,
          cart_id: input.cartId,
          placed_by_user_id: input.userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('order_lines')
        .values(
          quote.lines.map((l) => ({
            id: newId('ol'),
            order_id: orderId,
            subscription_id: l.subscriptionId,
            product_id: l.productId,
            tier_id: l.tierId,
            seats: l.seats,
            frequency: l.frequency,
            period_start: l.periodStart,
            period_end: l.periodEnd,
            plan_amount: l.planAmount,
            credit_amount: l.creditAmount,
            description: l.description,
            // A change holds its subscription's one-change-in-flight lock until the order ends (WF-2 rule).
            change_in_flight: l.kind === 'change',
            subscription_version: l.subscriptionVersion,
          })),
        )
        .execute();
      await trx.updateTable('carts').set({ status: 'checked_out' }).where('id', '=', input.cartId).execute();
      if (quote.creditApplied > 0n) {
        await trx.insertInto('credit_ledger').values({ id: newId('cl'), account_id: input.accountId, currency: quote.currency, amount: -quote.creditApplied, reason: 'applied_to_order', order_id: orderId, note: 'Credit balance used for a subscription order' }).execute();
      }
      if (quote.vatNumber) await trx.updateTable('accounts').set({ vat_number: quote.vatNumber }).where('id', '=', input.accountId).execute();
      if (card) await saveCard(trx, input.accountId, card);
      // One payment for the whole cart, by the first trial's workflow or by the order's own WF-2 workflow.
      const workflowId = firstSub ? sql<string>`${workflowIds.trial(firstSub)} || '#' || ${orderId}` : sql<string>`${workflowIds.subscriptionChange(orderId)}`;
      await trx.updateTable('orders').set({ workflow_id: workflowId }).where('id', '=', orderId).execute();
      return { orderId, quote };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'order_lines_one_change_in_flight')) {
      throw userError('CONFLICT', 'errors.cart.changeInProgress', {}, { reason: 'change_in_progress' });
    }
    if (isUniqueViolation(err, 'orders_idempotency_key_key') || isUniqueViolation(err, 'orders_cart_id_key')) {
      const again = (await existingOrder(db, input.accountId, { idempotencyKey: input.idempotencyKey })) ?? (await existingOrder(db, input.accountId, { cartId: input.cartId }));
      if (again) return { orderId: again.id, status: again.status, duplicate: true };
    }
    throw err;
  }
  if (!created.orderId) {
    // A concurrent click checked the cart out first: that order is this order.
    const placed = await existingOrder(db, input.accountId, { cartId: input.cartId });
    if (placed) return { orderId: placed.id, status: placed.status, duplicate: true };
    throw userError('CONFLICT', 'errors.cart.checkedOut');
  }
  await deliverToWorkflow(deps, created.orderId);
  const row = await db.selectFrom('orders').select('status').where('id', '=', created.orderId).executeTakeFirstOrThrow();
  return { orderId: created.orderId, status: row.status, duplicate: false };
}

/** The trial workflow that processes an order (`trial-<first line's subscription>`). */
export function orderWorkflowId(storedWorkflowId: string | null): string | null {
  return storedWorkflowId ? storedWorkflowId.split('#')[0]! : null;
}

/**
 * Sends the order to its workflow (safe to repeat: the update ID is the order ID). If the workflow's
 * validator refuses it, nothing was charged: the order is cancelled, the credit given back and the
 * items put back in a cart, and the user gets the workflow's reason.
 */
export async function deliverToWorkflow(deps: Pick<CheckoutDeps, 'db' | 'temporal' | 'taskQueue'>, orderId: string): Promise<void> {
  const { db } = deps;
  const order = await db.selectFrom('orders').select(['id', 'kind', 'status', 'workflow_id', 'account_id']).where('id', '=', orderId).executeTakeFirstOrThrow();
  if (order.status !== 'processing' && order.status !== 'pending') return;
  if (order.kind === 'change') {
    // BC-5 cart of changes only: its WF-2 workflow (update-with-start; a repeat attaches). The payment's
    // outcome is on the order page like a conversion's.
    await deliverChange(deps, orderId, await changeWorkflowInput(db, orderId));
    return;
  }
  // The trials the order converts (its change lines, if any, are applied by the same activation).
  const lines = await db.selectFrom('order_lines').select(['subscription_id']).where('order_id', '=', orderId).where('subscription_version', 'is', null).orderBy('id').execute();
  const subscriptionIds = lines.map((l) => l.subscription_id!).filter(Boolean);
  const primary = orderWorkflowId(order.workflow_id)?.replace(/^trial-/, '') ?? subscriptionIds[0]!;
  const paymentMethod = await db.selectFrom('payment_methods').select('stripe_payment_method_id').where('account_id', '=', order.account_id).where('is_default', '=', true).executeTakeFirst();
  const total = await db.selectFrom('orders').select('total').where('id', '=', orderId).executeTakeFirstOrThrow();
  try {
    await requestTrialConversion(await deps.temporal(), primary, {
      orderId,
      subscriptionIds,
      paymentMethodId: total.total > 0n ? paymentMethod?.stripe_payment_method_id ?? null : null,
    });
  } catch (err) {
    const refused = err instanceof WorkflowUpdateFailedError ? workflowRefusal(err.cause) : err instanceof WorkflowNotFoundError ? userMessage('errors.workflow.trialEnded') : null;
    if (refused === null) throw err;
    await cancelRefusedOrder(db, orderId, refused);
    throw userError('CONFLICT', refused.key, refused.params, { reason: 'refused_by_workflow' });
  }
}

/** Undo of an order the workflow refused before any payment: the same steps as a failed payment. */
export async function cancelRefusedOrder(db: Db, orderId: string, reason: UserMessage) {
  await db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('orders').select(['id', 'status', 'account_id', 'currency', 'credit_applied']).where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
    if (order.status === 'completed' || order.status === 'failed' || order.status === 'cancelled') return;
    await trx.updateTable('orders').set({ status: 'cancelled', ...orderFailureColumns(reason) }).where('id', '=', orderId).execute();
    await returnCreditAndCart(trx, { id: order.id, account_id: order.account_id, currency: order.currency as Currency, credit_applied: order.credit_applied });
  });
}

/** Gives back the credit an order used and puts its still-convertible items in an open cart again. */
export async function returnCreditAndCart(trx: Trx, order: { id: string; account_id: string; currency: Currency; credit_applied: bigint }) {
  if (order.credit_applied > 0n) {
    await trx
      .insertInto('credit_ledger')
      .values({ id: newId('cl'), account_id: order.account_id, currency: order.currency, amount: order.credit_applied, reason: 'refund', order_id: order.id, note: 'Order not completed: credit returned' })
      .onConflict((oc) => oc.columns(['order_id', 'reason']).doNothing())
      .execute();
  }
  const lines = await trx
    .selectFrom('order_lines as l')
    .innerJoin('subscriptions as s', 's.id', 'l.subscription_id')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.subscription_id', 'l.tier_id', 'l.seats', 'l.frequency', 'l.subscription_version', 's.status', 'o.cart_id'])
    .where('l.order_id', '=', order.id)
    .execute();
  // Conversions still possible go back; so do the changes of a cart order (a change placed on its own does not).
  const back = lines
    .map((l) => ({ ...l, kind: l.subscription_version === null ? ('conversion' as const) : ('change' as const) }))
    .filter((l) => (l.kind === 'conversion' ? l.status === 'trial' : l.cart_id !== null && l.status === 'active'));
  if (back.length === 0) return;
  let cart = await trx.selectFrom('carts').select('id').where('account_id', '=', order.account_id).where('status', '=', 'open').executeTakeFirst();
  if (!cart) {
    cart = { id: newId('cart') };
    await trx.insertInto('carts').values({ id: cart.id, account_id: order.account_id }).execute();
  }
  for (const l of back) {
    await trx
      .insertInto('cart_items')
      .values({ id: newId('ci'), cart_id: cart.id, kind: l.kind, subscription_id: l.subscription_id!, tier_id: l.tier_id, seats: l.seats, frequency: l.frequency as Frequency })
      .onConflict((oc) => oc.columns(['cart_id', 'subscription_id']).doNothing())
      .execute();
  }
}
