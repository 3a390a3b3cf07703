import { z } from 'zod';
import { env } from '../../env';
import { MAX_SEATS } from '../../billing';
import { addChangeToCart, addConversionToCart, getCart, removeFromCart } from '../../services/cart';
import { billingAdminProcedure, router } from '../init';
import { ids } from './billing-deps';

export const vatNumberInput = z.string().trim().max(20, 'errors.vat.tooLong').regex(/^[A-Za-z0-9 .-]*$/, 'errors.vat.characters').optional().nullable();

/** Seats of an order line, as every form sends them. */
export const seatsInput = z.number().int('errors.seats.wholeNumber').min(1, 'errors.seats.atLeastOne').max(MAX_SEATS, 'errors.seats.atMost');

const cartItemInput = z
  .object({
    subscriptionId: ids.subscription(z),
    tierId: ids.tier(z),
    seats: seatsInput,
    frequency: z.enum(['monthly', 'annual']),
  })
  .strict();

export const cartRouter = router({
  /** BC-5: the open cart, priced (tax by billing country; a VAT number may change it). */
  get: billingAdminProcedure.input(z.object({ vatNumber: vatNumberInput }).strict().optional()).query(({ ctx, input }) =>
    getCart(ctx.db, { accountId: ctx.user.accountId, at: ctx.now(), vatNumber: input?.vatNumber, sellerCountry: env().SELLER_COUNTRY }),
  ),
  /** BC-3 "Complete transaction" / "Add to cart" (and "Edit order": the same product again replaces its item). */
  add: billingAdminProcedure.input(cartItemInput).mutation(({ ctx, input }) =>
    addConversionToCart(ctx.db, { accountId: ctx.user.accountId, ...input, at: ctx.now(), sellerCountry: env().SELLER_COUNTRY }),
  ),
  /** BC-4/BC-5 "Add to cart" on Modify subscription: a change of an active subscription joins the cart. */
  addChange: billingAdminProcedure.input(cartItemInput).mutation(({ ctx, input }) => {
    const { subscriptionId, ...target } = input;
    return addChangeToCart(ctx.db, { accountId: ctx.user.accountId, subscriptionId, target, at: ctx.now(), sellerCountry: env().SELLER_COUNTRY });
  }),
  remove: billingAdminProcedure.input(z.object({ subscriptionId: ids.subscription(z) }).strict()).mutation(({ ctx, input }) =>
    removeFromCart(ctx.db, { accountId: ctx.user.accountId, subscriptionId: input.subscriptionId }),
  ),
});
