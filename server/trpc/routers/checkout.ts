import { z } from 'zod';
import { env } from '../../env';
import { orderForm } from '../../services/conversion';
import { placeOrder } from '../../services/checkout';
import { createCardSetup } from '../../services/payment-methods';
import { billingAdminProcedure, router } from '../init';
import { ids, serviceDeps } from './billing-deps';
import { vatNumberInput } from './cart';

export const checkoutRouter = router({
  /** BC-3 order form after "Subscribe now": the product's tiers and prices, the default choice, the cart state. */
  orderForm: billingAdminProcedure.input(z.object({ subscriptionId: ids.subscription(z) }).strict()).query(({ ctx, input }) =>
    orderForm(ctx.db, { accountId: ctx.user.accountId, subscriptionId: input.subscriptionId, at: ctx.now() }),
  ),
  /** Stripe.js collects the card against this SetupIntent (the card is saved to the account's Stripe customer). */
  setupCard: billingAdminProcedure.input(z.object({}).strict().optional()).mutation(async ({ ctx }) => {
    const { clientSecret } = await createCardSetup(ctx, ctx.user.accountId);
    const e = env();
    return { clientSecret, publishableKey: e.STRIPE_PUBLISHABLE_KEY, stripeJsUrl: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/' };
  }),
  /** BC-3 "Place order": one order per cart and per idempotency key; the workflow does the rest. */
  placeOrder: billingAdminProcedure
    .input(
      z
        .object({
          cartId: ids.cart(z),
          idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'errors.input.reload'),
          paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]+$/, 'errors.card.required').nullable(),
          vatNumber: vatNumberInput,
          // The total the customer reviewed: required, so an order never charges figures nobody saw.
          expectedTotal: z.bigint('errors.input.reload').nonnegative('errors.input.reload'),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => placeOrder(serviceDeps(ctx), { accountId: ctx.user.accountId, userId: ctx.user.id, ...input })),
});
