import { z } from 'zod';
import { assignSeat, listSeats, unassignSeat } from '../../services/seats';
import { accountAdminProcedure, router } from '../init';
import { ids } from './billing-deps';

const userId = z.string().regex(/^usr_[0-9A-Z]{20}$|^usr_[a-z0-9_]+$/, 'errors.input.unknownUser');
const target = z.object({ subscriptionId: ids.subscription(z), userId }).strict();

/** BC-6 / AC-2: account admins (the billing admin among them) manage product seats for users. */
export const seatsRouter = router({
  list: accountAdminProcedure.input(z.object({ subscriptionId: ids.subscription(z) }).strict()).query(({ ctx, input }) => listSeats(ctx.db, ctx.user.accountId, input.subscriptionId)),
  assign: accountAdminProcedure.input(target).mutation(({ ctx, input }) => assignSeat(ctx.db, { accountId: ctx.user.accountId, ...input })),
  unassign: accountAdminProcedure.input(target).mutation(({ ctx, input }) => unassignSeat(ctx.db, { accountId: ctx.user.accountId, ...input })),
});
