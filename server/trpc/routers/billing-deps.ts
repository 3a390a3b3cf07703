import { env } from '../../env';
import { createStripeGateway, type PaymentGateway } from '../../payments/stripe-gateway';

const g = globalThis as unknown as { __seatplanPayments?: PaymentGateway };
import type { Context } from '../init';

/** The payment gateway for a request: the context's when a test gives one, else the process-wide one. */
export function paymentsFor(ctx: Context): PaymentGateway {
  return (ctx as Context & { payments?: PaymentGateway }).payments ?? (g.__seatplanPayments ??= createStripeGateway(env()));
}

export function checkoutDeps(ctx: Context) {
  return { db: ctx.db, temporal: ctx.temporal, now: ctx.now, payments: paymentsFor(ctx), sellerCountry: env().SELLER_COUNTRY, taskQueue: ctx.taskQueue };
}

/** IDs as the pages send them: readable prefixes, nothing else. */
export const ids = {
  subscription: (z: typeof import('zod').z) => z.string().regex(/^sub_[0-9A-Z]{20}$|^sub_[a-z0-9_]+$/, 'errors.input.unknownSubscription'),
  order: (z: typeof import('zod').z) => z.string().regex(/^ord_[0-9A-Z]{20}$/, 'errors.input.unknownOrder'),
  cart: (z: typeof import('zod').z) => z.string().regex(/^cart_[0-9A-Z]{20}$/, 'errors.input.unknownCart'),
  tier: (z: typeof import('zod').z) => z.string().regex(/^tier_[a-z0-9_]+$|^tier_[0-9A-Z]{20}$/, 'errors.input.unknownPlan'),
};
