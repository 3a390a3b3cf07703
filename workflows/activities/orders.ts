import { ApplicationFailure } from '@temporalio/activity';
import { fulfilOrder, orderDocuments } from '../../server/orders/fulfilment';
import { endUnfulfilledOrder } from '../../server/orders/undo';
import { userMessage } from '../../server/i18n/user-message';
import type { UserMessage } from '../shared';
import type { ActivityDeps } from './deps';

// Orders: the one fulfilment of every order kind (server/orders/fulfilment.ts, lines applied by their
// kind), and the end of an order that did not go through.

/** A net-negative order is documented by a credit note instead of an invoice. */
export type FulfilmentOutcome =
  | { status: 'completed'; invoiceId?: string | null; invoiceNumber: string | null; creditNoteNumber?: string | null }
  | { status: 'rejected'; reason: UserMessage };

export interface OrderActivities {
  /** Fulfils an order of any kind; the activity a new order kind's workflow calls. */
  fulfilOrder(input: { orderId: string }): Promise<FulfilmentOutcome>;
  /** WF-1's name for `fulfilOrder` (recorded in its histories, so it stays registered). */
  activateOrder(input: { orderId: string }): Promise<FulfilmentOutcome>;
  /** WF-2's name for `fulfilOrder` (recorded in its histories, so it stays registered). */
  applyChange(input: { orderId: string }): Promise<FulfilmentOutcome>;
  // A `reason` string is English text from a workflow scheduled before messages went by key.
  failOrder(input: { orderId: string; reason: UserMessage | string }): Promise<void>;
}

export function createOrderActivities(deps: ActivityDeps): OrderActivities {
  const { db } = deps;

  /**
   * Payment done (or none due) → in ONE transaction (`fulfilOrder`): every line applied by its kind —
   * a trial becomes active with its tier, seats and frequency, its period starting at the order time
   * (the billing date is re-anchored); a change only if its subscription is still the version its line
   * was priced against (new tier, seats, frequency, period; the billing date moves to the change time) —
   * then one invoice with the next gapless number, or one credit note (net-negative order), and the
   * order completed. Re-running it after a crash finds the order completed and returns the same documents.
   */
  async function fulfil(orderId: string): Promise<FulfilmentOutcome> {
    return db.transaction().execute(async (trx) => {
      const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
      if (!order) throw ApplicationFailure.nonRetryable(`order ${orderId} does not exist`, 'OrderNotFound');
      if (order.status === 'completed') {
        const docs = await orderDocuments(trx, orderId);
        return { status: 'completed', invoiceId: docs.invoice?.id ?? null, invoiceNumber: docs.invoice?.number ?? null, creditNoteNumber: docs.creditNoteNumber } as const;
      }
      if (order.status !== 'processing' && order.status !== 'awaiting_payment') {
        return { status: 'rejected', reason: userMessage('errors.order.notOpen') } as const;
      }
      const done = await fulfilOrder(trx, { order, seller: deps.seller });
      if (done.status === 'rejected') return done;
      return { status: 'completed', invoiceId: done.invoice?.id ?? null, invoiceNumber: done.invoice?.number ?? null, creditNoteNumber: done.creditNoteNumber } as const;
    });
  }

  return {
    fulfilOrder: ({ orderId }) => fulfil(orderId),
    activateOrder: ({ orderId }) => fulfil(orderId),
    applyChange: ({ orderId }) => fulfil(orderId),

    /** The order did not go through: nothing was activated; credit and cart items come back for a retry. */
    async failOrder({ orderId, reason }) {
      await endUnfulfilledOrder(db, orderId, 'failed', reason);
    },
  };
}
