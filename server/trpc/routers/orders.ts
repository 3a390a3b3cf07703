import { z } from 'zod';
import { listOrders, paymentActionDone, watchOrder } from '../../services/orders';
import { billingAdminProcedure, router } from '../init';
import { ids } from './billing-deps';

export const ordersRouter = router({
  /**
   * The order page reads this while the workflow works: status, payment, invoice, email, and the
   * version it shows. With `after` (the version the page has), it answers when the order changed.
   */
  get: billingAdminProcedure.input(z.object({ orderId: ids.order(z), after: ids.viewVersion(z).optional() }).strict()).query(({ ctx, input, signal }) =>
    watchOrder(ctx, ctx.user.accountId, input.orderId, ctx.locale ?? 'en', { after: input.after, signal }),
  ),
  list: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listOrders(ctx.db, ctx.user.accountId)),
  /** Stripe.js finished 3-D Secure in the page: tell the workflow (the webhook does too; either is enough). */
  paymentActionDone: billingAdminProcedure.input(z.object({ orderId: ids.order(z) }).strict()).mutation(({ ctx, input }) =>
    paymentActionDone(ctx, ctx.user.accountId, input.orderId),
  ),
});
