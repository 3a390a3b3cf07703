import { z } from 'zod';
import { getSubscriptionStatus, listSubscriptionCards } from '../../services/subscriptions';
import { startTrial } from '../../services/trials';
import { billingAdminProcedure, router } from '../init';
import { serviceDeps } from './billing-deps';

const productId = z.string().regex(/^prd_[a-z0-9_]+$/, 'errors.input.unknownProduct');
const subscriptionId = z.string().regex(/^sub_[0-9A-Z]{20}$|^sub_[a-z0-9_]+$/, 'errors.input.unknownSubscription');

export const subscriptionsRouter = router({
  /** BC-2: the Subscriptions page's cards. */
  list: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listSubscriptionCards(ctx.db, ctx.user.accountId, ctx.now())),

  /** Follows a subscription while its workflow works on it (the page polls this). */
  status: billingAdminProcedure.input(z.object({ subscriptionId }).strict()).query(({ ctx, input }) =>
    getSubscriptionStatus(ctx.db, ctx.user.accountId, input.subscriptionId),
  ),

  /** WF-1 step one: start a free trial (no card). */
  startTrial: billingAdminProcedure.input(z.object({ productId }).strict()).mutation(({ ctx, input }) =>
    startTrial(serviceDeps(ctx), { accountId: ctx.user.accountId, productId: input.productId }),
  ),
});
