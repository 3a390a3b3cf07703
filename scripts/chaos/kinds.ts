import type { Db } from '../../db/client';
import { serviceOrderIdempotencyKey } from '../../server/services/service-orders';
import type { callerFor } from '../../test/helpers/callers';
import type { Rng } from './random';

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/** The pages a chaos user works in: the Billing Center (product login), the Corporate Billing Portal of their corporate account. */
export interface Pages {
  product: Caller;
  portal: Caller;
  /** Read only, for what the harness (not the user) needs: the order behind a placed service order. */
  db: Db;
}

/** What a chaos user knows about their account: its active subscription (changed) and its trials (converted). */
export interface ChaosAccount {
  index: number;
  accountId: string;
  email: string;
  /** An active Meeting Business subscription, monthly (scripts/bench/change.ts makes it). */
  activeSubscriptionId: string;
  /** Trials (one per other product) started through WF-1 before the faults begin. */
  trialIds: string[];
  /**
   * The same user's corporate account (test/helpers/corporate.ts: Meeting and Training on an annual
   * contract, a card that pays saved as its default), whose billing contact adds seats (CP-10).
   */
  corporate: { accountId: string; portalLoginId: string };
}

/** What the user's page holds once the order is ready to place: Place order, repeatable with the same key. */
export interface PreparedOrder {
  /** Places it (again, after an error, with the same idempotency key as the page would); the order's ID. */
  place(idempotencyKey: string): Promise<string>;
  /** The key the order is stored under when the kind makes its own (a service order's order is keyed by it). */
  idempotencyKey?: string;
  /** Follows the order on its own page until it ended, when that is not the Billing Center's order page. */
  follow?(orderId: string, timeoutMs: number): Promise<void>;
}

/**
 * One kind of order the chaos run places. `prepare` does what the user does before Place order (forms,
 * previews, the cart) from the account's state as it is now; null when the account has nothing left to
 * order of this kind. A kind landing later (invoice payments WF-5, renewals WF-4) is one more entry in
 * ORDER_KINDS, as the service orders of WF-3 are.
 */
export interface OrderKind {
  name: string;
  /**
   * Pays with the card saved on the account, never with the run's (possibly declined) card: a declined
   * service-order payment waits for the contact for SERVICE_ORDER_PAYMENT_WINDOW_HOURS (≥ 1 h), longer than a run.
   */
  paysWithAccountCard?: boolean;
  prepare(pages: Pages, account: ChaosAccount, state: AccountState, rng: Rng, card: string | null): Promise<PreparedOrder | null>;
}

/** The account as the chaos user sees it before each order (read from the database by run.ts). */
export interface AccountState {
  /** Trials still in trial (a failed conversion leaves its trial running). */
  trials: string[];
  activeSeats: number;
}

const CHANGE_TIER = 'tier_meeting_business';

/** The target of a change: mostly more seats, sometimes one fewer (a net-negative change: credit, a credit note). */
function changeTarget(state: AccountState, rng: Rng) {
  const seats = state.activeSeats >= 2 && rng.chance(0.25) ? state.activeSeats - 1 : state.activeSeats + rng.int(1, 3);
  return { tierId: CHANGE_TIER, seats, frequency: 'monthly' as const };
}

/** Items a failed order put back in the cart are removed first: each order is only what its kind says. */
async function emptyCart(caller: Caller) {
  const cart = await caller.cart.get();
  for (const item of cart.items) await caller.cart.remove({ subscriptionId: item.subscriptionId });
}

async function addConversion(caller: Caller, subscriptionId: string, rng: Rng) {
  const form = await caller.checkout.orderForm({ subscriptionId });
  return caller.cart.add({ subscriptionId, tierId: form.selection.tierId, seats: rng.int(1, 5), frequency: rng.pick(['monthly', 'annual'] as const) });
}

/** Place order on the cart page, with the total the page showed. */
async function cartCheckout(caller: Caller, card: string | null): Promise<PreparedOrder> {
  const { cartId, quote, problem } = await caller.cart.get();
  if (!cartId || !quote) throw new Error(`chaos: the cart cannot be priced: ${problem?.message ?? 'it is empty'}`);
  return {
    async place(idempotencyKey) {
      const placed = await caller.checkout.placeOrder({ cartId, idempotencyKey, paymentMethodId: quote.total > 0n ? card : null, vatNumber: null, expectedTotal: quote.total });
      return placed.orderId;
    },
  };
}

export const ORDER_KINDS: readonly OrderKind[] = [
  {
    // BC-3 / WF-1: Complete transaction on one trial.
    name: 'trial conversion (WF-1)',
    async prepare({ product: caller }, _account, state, rng, card) {
      if (state.trials.length === 0) return null;
      await emptyCart(caller);
      await addConversion(caller, rng.pick(state.trials), rng);
      return cartCheckout(caller, card);
    },
  },
  {
    // BC-4 / WF-2: Modify subscription → Place order (preview first, as the page does).
    name: 'subscription change (WF-2)',
    async prepare({ product: caller }, account, state, rng, card) {
      const target = { subscriptionId: account.activeSubscriptionId, ...changeTarget(state, rng) };
      const { quote, quoteToken } = await caller.subscriptionChange.preview({ ...target, vatNumber: null });
      return {
        async place(idempotencyKey) {
          const placed = await caller.subscriptionChange.place({ ...target, quoteToken, idempotencyKey, paymentMethodId: quote.total > 0n ? card : null, vatNumber: null });
          return placed.orderId;
        },
      };
    },
  },
  {
    // BC-5: a cart with a trial conversion and a change (WF-1 applies both).
    name: 'cart: conversion + change',
    async prepare({ product: caller }, account, state, rng, card) {
      if (state.trials.length === 0) return null;
      await emptyCart(caller);
      await addConversion(caller, rng.pick(state.trials), rng);
      await caller.cart.addChange({ subscriptionId: account.activeSubscriptionId, ...changeTarget(state, rng) });
      return cartCheckout(caller, card);
    },
  },
  {
    // BC-5: a cart of changes only (one WF-2 order).
    name: 'cart: changes only',
    async prepare({ product: caller }, account, state, rng, card) {
      await emptyCart(caller);
      await caller.cart.addChange({ subscriptionId: account.activeSubscriptionId, ...changeTarget(state, rng) });
      return cartCheckout(caller, card);
    },
  },
  {
    // CP-10 / WF-3: the corporate billing contact's Aggiungi postazioni → Salva carrello e rivedi (the quote;
    // an earlier attempt's open quote is superseded, as the page asks) → Completa il pagamento → Salva e
    // procedi → Effettua ordine di servizio; WF-3 charges the saved card, adds the seats, invoices, emails.
    name: 'add seats service order (WF-3)',
    paysWithAccountCard: true,
    async prepare({ portal, db }, _account, _state, rng) {
      const { quoteId } = await portal.portal.addSeats.createQuote({ items: [{ productId: rng.pick(['prd_meeting', 'prd_training']), seats: rng.int(1, 5) }], supersedeOpenQuotes: true });
      const review = await portal.portal.addSeats.checkout({ quoteId });
      const admin = review.admins.find((a) => a.isAdmin) ?? review.admins[0]!;
      const { street, city, postcode, region } = review.billingAddress;
      const { serviceOrderId } = await portal.portal.addSeats.saveServiceOrder({
        quoteId,
        admin: { userId: admin.id, name: admin.name, email: admin.email },
        billingAddress: { street: street!, city: city!, postcode: postcode!, region },
      });
      return {
        idempotencyKey: serviceOrderIdempotencyKey(serviceOrderId),
        async place() {
          await portal.portal.addSeats.placeServiceOrder({ serviceOrderId });
          return (await db.selectFrom('service_orders').select('order_id').where('id', '=', serviceOrderId).executeTakeFirstOrThrow()).order_id!;
        },
        async follow(_orderId, timeoutMs) {
          for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
            const { status } = await portal.portal.addSeats.serviceOrder({ serviceOrderId });
            if (status === 'completed' || status === 'failed' || status === 'compensated') return;
          }
          throw new Error(`service order ${serviceOrderId} did not end`);
        },
      };
    },
  },
];
