import { z } from 'zod';
import { ORDER_KINDS, ORDER_STATUSES } from '../../../db/schema';
import { env } from '../../env';
import { cursorSchema } from '../../services/lists';
import { getOpsOrder, listFailures, listOrders, type OpsConfig } from '../../services/ops-orders';
import { router, staffWith } from '../init';

/** BO-2 operations: read-only pages over every order and its workflow. */
const opsConfig = (): OpsConfig => {
  const e = env();
  return { stuckAfterMinutes: e.OPS_STUCK_AFTER_MINUTES, temporalUiUrl: e.TEMPORAL_UI_URL, namespace: e.TEMPORAL_NAMESPACE };
};

const ordersRouter = router({
  /** Every order of every kind, newest first, a page at a time (keyset); filters kind, status, account, age, stuck. */
  list: staffWith('orders.read')
    .input(
      z
        .object({
          kind: z.enum(ORDER_KINDS).optional(),
          status: z.enum(ORDER_STATUSES).optional(),
          account: z.string().trim().max(200).optional(),
          minAgeMinutes: z.number().int().min(1).max(365 * 24 * 60).optional(),
          stuck: z.boolean().optional(),
          cursor: cursorSchema.nullish(),
          limit: z.number().int().min(1).max(200).optional(),
        })
        .strict()
        .optional(),
    )
    .query(({ ctx, input }) => listOrders(ctx.db, opsConfig(), ctx.now(), input ?? {})),
  /** One order: lines, payments, refunds, invoices, emails, timeline, workflow ID and its Temporal UI link. */
  get: staffWith('orders.read')
    .input(z.object({ orderId: z.string().regex(/^ord_[0-9A-Za-z_]{1,40}$/, 'errors.input.unknownOrder') }).strict())
    .query(({ ctx, input }) => getOpsOrder(ctx.db, opsConfig(), ctx.now(), input.orderId)),
  /** Failed and compensated orders of the last `days` days. */
  failures: staffWith('orders.read')
    .input(z.object({ days: z.number().int().min(1).max(90).default(7) }).strict().optional())
    .query(({ ctx, input }) => listFailures(ctx.db, ctx.now(), input?.days ?? 7)),
});

export const opsRouter = router({ orders: ordersRouter });
