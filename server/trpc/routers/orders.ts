import { z } from 'zod';
import { getOrder, listOrders, paymentActionDone } from '../../services/orders';
import { billingAdminProcedure, router } from '../init';
import { ids } from './billing-deps';

export const ordersRouter = router({
  /** The order page polls this while the workflow works: status, payment, invoice, email. */
  get: billingAdminProcedure.input(z.object({ orderId: ids.order(z) }).strict()).query(({ ctx, input }) =>
    getOrder(ctx, ctx.user.accountId, input.orderId, ctx.locale),
  ),
  list: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listOrders(ctx.db, ctx.user.accountId)),
  /** Stripe.js finished 3-D Secure in the page: tell the workflow (the webhook does too; either is enough). */
  paymentActionDone: billingAdminProcedure.input(z.object({ orderId: ids.order(z) }).strict()).mutation(({ ctx, input }) =>
    paymentActionDone(ctx, ctx.user.accountId, input.orderId),
  ),
});
