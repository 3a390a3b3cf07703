import type { Db, Trx } from '../../db/client';
import type { VatNumberCheck } from '../../db/schema';
import { normalizeVatInput } from '../billing';
import { isUniqueViolation } from '../../db/client';
import { workflowIds } from '../../workflows/shared';
import { AppError, userError } from '../errors';
import { orderByIdempotencyKey, writeOrder } from '../orders/write';
import { cartItems } from './cart';
import { quoteConversion, type CheckoutQuote } from './checkout-quote';
import type { ServiceDeps } from './deps';
import { deliverOrder, deliverPlacedConversion, ORDER_NOT_STARTED } from './order-delivery';
import { acceptCard, saveCard } from './payment-methods';
import { recordVatNumber, verifyVatNumber } from './vat-verification';

type CheckoutDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'now' | 'payments' | 'sellerCountry' | 'taskQueue'>;

export interface PlaceOrderInput {
  accountId: string;
  userId: string;
  cartId: string;
  /** Made once by the page (per checkout attempt): a repeated request returns the same order. */
  idempotencyKey: string;
  paymentMethodId: string | null;
  vatNumber?: string | null;
  /** The total the customer saw; if the amounts changed meanwhile the order is refused with the new figures. */
  expectedTotal: bigint;
}

export interface PlacedOrder {
  orderId: string;
  status: string;
  duplicate: boolean;
}

/** The order that checked out this cart, if any (one order per cart). */
async function orderOfCart(db: Db | Trx, accountId: string, cartId: string) {
  const row = await db.selectFrom('orders').select(['id', 'status', 'account_id']).where('cart_id', '=', cartId).executeTakeFirst();
  if (row && row.account_id !== accountId) throw userError('CONFLICT', 'errors.request.reused');
  return row;
}

/**
 * Place order again for an order already written (same idempotency key, or the cart it checked out):
 * the first request may have committed it but never reached Temporal, so it is handed over now — the
 * workflow's update ID is the order's, so a workflow that has it already answers without a second
 * charge. Temporal still unreachable: the user is told so again and the order stays as it is. Any
 * other failure to hand over leaves the order to the reconciler; the user gets the order as it is.
 */
async function placedAgain(deps: CheckoutDeps, orderId: string): Promise<PlacedOrder> {
  try {
    await deliverOrder(deps, orderId);
  } catch (err) {
    if (err instanceof AppError && err.details?.reason === ORDER_NOT_STARTED) throw err;
  }
  const row = await deps.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
  return { orderId, status: row.status, duplicate: true };
}

type AcceptedCard = Awaited<ReturnType<typeof acceptCard>>;

/** The workflow of a conversion order: its first trial's WF-1 (the order ID after `#`). */
const orderWorkflow = (firstSub: string, orderId: string) => `${workflowIds.trial(firstSub)}#${orderId}`;

/**
 * BC-3/BC-5 Place order. In one transaction: the cart is locked and every item re-validated and priced
 * by `quoteConversion` (the same function as the review page), the order and its lines are written, the
 * cart is checked out and the credit balance used. After commit the order goes to the trial's WF-1
 * workflow as an update, which charges, activates, invoices and emails exactly once.
 * A double click or a repeated request returns the same order (idempotency key, one order per cart).
 */
export async function placeOrder(deps: CheckoutDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  const { db } = deps;
  const prior = await orderByIdempotencyKey(db, input.accountId, input.idempotencyKey);
  if (prior) return placedAgain(deps, prior.id);
  const at = deps.now();
  const account = await db.selectFrom('accounts').select(['kind']).where('id', '=', input.accountId).executeTakeFirst();
  if (!account) throw userError('NOT_FOUND', 'errors.account.notFound');
  if (account.kind !== 'online') throw userError('FORBIDDEN', 'errors.auth.corporateAccount');

  const cart = await db.selectFrom('carts').select(['account_id', 'status']).where('id', '=', input.cartId).executeTakeFirst();
  if (!cart || cart.account_id !== input.accountId) throw userError('NOT_FOUND', 'errors.cart.notFound');
  if (cart.status !== 'open') {
    const placed = await orderOfCart(db, input.accountId, input.cartId);
    if (placed) return placedAgain(deps, placed.id);
    throw userError('CONFLICT', 'errors.cart.checkedOut');
  }

  // Outside the transaction (they ask Stripe and VIES): the card, when something is due, and the VAT
  // number's VIES check (§8: with VIES_URL set it is confirmed before it earns a reverse charge).
  // Whether a card is needed is decided by the total the customer saw: the locked pricing below refuses
  // any other total, so pricing the cart here as well would only repeat its reads. Each call is made at
  // most once per request.
  let accepted: Promise<AcceptedCard> | null = null;
  let verified: Promise<VatNumberCheck> | null = null;
  const beforeTransaction = async (total: bigint, vatNumber: string | null) => {
    let card: AcceptedCard | null = null;
    if (total > 0n) {
      if (!input.paymentMethodId) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
      card = await (accepted ??= acceptCard(deps, input.accountId, input.paymentMethodId));
    }
    const vatCheck = vatNumber ? await (verified ??= verifyVatNumber(vatNumber)) : null;
    return { card, vatCheck };
  };
  let card: AcceptedCard | null;
  let vatCheck: VatNumberCheck | null;
  try {
    ({ card, vatCheck } = await beforeTransaction(input.expectedTotal, normalizeVatInput(input.vatNumber)));
  } catch (err) {
    // Refused before the transaction (no card, a card Stripe refuses, a VAT number VIES does not know):
    // the user gets the answer of pricing the cart first, as a checkout always did — the cart's own
    // problem (empty, a trial ended, a VAT number that is wrong) before the card's, and the card asked
    // for only when the cart's total now needs one.
    const items = await cartItems(db, input.cartId);
    if (items.length === 0) throw userError('BAD_REQUEST', 'errors.cart.empty');
    const preview = await quoteConversion(db, { accountId: input.accountId, items, at, vatNumber: input.vatNumber, sellerCountry: deps.sellerCountry });
    if (preview.total === input.expectedTotal) throw err;
    ({ card, vatCheck } = await beforeTransaction(preview.total, preview.vatNumber));
  }

  let created: { orderId: string; quote: CheckoutQuote | null };
  try {
    created = await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('carts').select(['status']).where('id', '=', input.cartId).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'open') return { orderId: '', quote: null };
      const lockedItems = await cartItems(trx, input.cartId);
      if (lockedItems.length === 0) throw userError('BAD_REQUEST', 'errors.cart.empty');
      // Lock the subscriptions too: a concurrent order or expiry waits for us, and we see its result.
      await trx.selectFrom('subscriptions').select('id').where('id', 'in', lockedItems.map((i) => i.subscriptionId)).orderBy('id').forUpdate().execute();
      const quote = await quoteConversion(trx, { accountId: input.accountId, items: lockedItems, at, vatNumber: input.vatNumber, sellerCountry: deps.sellerCountry });
      if (input.expectedTotal !== quote.total) {
        throw userError('CONFLICT', 'errors.checkout.amountsChanged', {}, { reason: 'amounts_changed', total: quote.total.toString() });
      }
      if (quote.total > 0n && !card) throw userError('BAD_REQUEST', 'errors.card.required', {}, { field: 'card' });
      // A cart with a trial conversion is processed by the first trial's workflow (WF-1), which applies its
      // changes too; a cart of changes only is one WF-2 change order with several lines. Either way one
      // payment for the whole cart.
      const firstSub = quote.lines.find((l) => l.kind === 'conversion')?.subscriptionId ?? null;
      const { orderId } = await writeOrder(trx, {
        accountId: input.accountId,
        kind: firstSub ? 'conversion' : 'change',
        currency: quote.currency,
        lines: quote.lines,
        creditApplied: quote.creditApplied,
        tax: quote.tax,
        total: quote.total,
        taxRateBasisPoints: quote.taxRateBasisPoints,
        reverseCharge: quote.reverseCharge,
        vatNumber: quote.vatNumber,
        idempotencyKey: input.idempotencyKey,
        workflowId: (id) => (firstSub ? orderWorkflow(firstSub, id) : workflowIds.subscriptionChange(id)),
        cartId: input.cartId,
        placedByUserId: input.userId,
        at,
        creditNote: 'Credit balance used for a subscription order',
      });
      await trx.updateTable('carts').set({ status: 'checked_out' }).where('id', '=', input.cartId).execute();
      if (quote.vatNumber) await recordVatNumber(trx, input.accountId, quote.vatNumber, vatCheck ?? 'format', at);
      if (card && quote.total > 0n) await saveCard(trx, input.accountId, card);
      return { orderId, quote };
    });
  } catch (err) {
    if (err instanceof AppError && err.details?.reason === 'amounts_changed' && !card) {
      // The cart costs something now where the customer saw nothing due: as when the cart was priced
      // before the transaction, the card is asked for (and checked) before the new figures are told.
      const total = BigInt(err.details.total as string);
      if (total > 0n) await beforeTransaction(total, normalizeVatInput(input.vatNumber));
    }
    if (isUniqueViolation(err, 'order_lines_one_change_in_flight')) {
      throw userError('CONFLICT', 'errors.cart.changeInProgress', {}, { reason: 'change_in_progress' });
    }
    if (isUniqueViolation(err, 'orders_idempotency_key_key') || isUniqueViolation(err, 'orders_cart_id_key')) {
      const again = (await orderByIdempotencyKey(db, input.accountId, input.idempotencyKey)) ?? (await orderOfCart(db, input.accountId, input.cartId));
      if (again) return { orderId: again.id, status: again.status, duplicate: true };
    }
    throw err;
  }
  if (!created.orderId) {
    // A concurrent click checked the cart out first: that order is this order.
    const placed = await orderOfCart(db, input.accountId, input.cartId);
    if (placed) return { orderId: placed.id, status: placed.status, duplicate: true };
    throw userError('CONFLICT', 'errors.cart.checkedOut');
  }
  const { orderId, quote } = created;
  const conversions = quote!.lines.filter((l) => l.kind === 'conversion').map((l) => l.subscriptionId);
  if (conversions.length > 0) {
    // Just committed in this request: handed over without reading back what the transaction wrote (the
    // order, its conversion lines in order, and the card it saved as the account's default).
    const order = { id: orderId, account_id: input.accountId, workflow_id: orderWorkflow(conversions[0]!, orderId), total: quote!.total };
    await deliverPlacedConversion(deps, order, { conversionSubscriptionIds: conversions, paymentMethodId: quote!.total > 0n ? card!.id : null });
  } else {
    await deliverOrder(deps, orderId);
  }
  const row = await db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
  return { orderId, status: row.status, duplicate: false };
}

