import { z } from 'zod';
import { replaceCard, savedCard } from '../../services/payment-methods';
import { billingAdminProcedure, router } from '../init';
import { serviceDeps } from './billing-deps';

export const paymentMethodRouter = router({
  /** BC-9 payment method page: the saved card (the one renewals and dunning retries charge). */
  get: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => savedCard(ctx.db, ctx.user.accountId)),
  /** Replaces the saved card with one Stripe.js saved through a SetupIntent (checkout.setupCard); nothing is charged. */
  replace: billingAdminProcedure
    .input(z.object({ paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]+$/, 'errors.card.required') }).strict())
    .mutation(({ ctx, input }) => replaceCard(serviceDeps(ctx), { accountId: ctx.user.accountId, userId: ctx.user.id, paymentMethodId: input.paymentMethodId })),
});
