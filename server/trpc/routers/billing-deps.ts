import { env } from '../../env';
import { deriveKey } from '../../secrets';
import type { ServiceDeps } from '../../services/deps';
import type { Context } from '../init';

/** The use cases' one deps object for a request: the context's parts and the configuration. */
export function serviceDeps(ctx: Context): ServiceDeps {
  const e = env();
  return {
    db: ctx.db,
    temporal: ctx.temporal,
    now: ctx.now,
    taskQueue: ctx.taskQueue,
    payments: ctx.payments,
    sellerCountry: e.SELLER_COUNTRY,
    quoteSecret: deriveKey('quote-token'),
    reminderDaysBefore: e.TRIAL_REMINDER_DAYS,
  };
}

/** IDs as the pages send them: readable prefixes, nothing else. */
export const ids = {
  subscription: (z: typeof import('zod').z) => z.string().regex(/^sub_[0-9A-Z]{20}$|^sub_[a-z0-9_]+$/, 'errors.input.unknownSubscription'),
  order: (z: typeof import('zod').z) => z.string().regex(/^ord_[0-9A-Z]{20}$/, 'errors.input.unknownOrder'),
  cart: (z: typeof import('zod').z) => z.string().regex(/^cart_[0-9A-Z]{20}$/, 'errors.input.unknownCart'),
  /** The version of a view the page already shows (viewVersion): the read answers when it changed. */
  viewVersion: (z: typeof import('zod').z) => z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'errors.input.invalid'),
  tier: (z: typeof import('zod').z) => z.string().regex(/^tier_[a-z0-9_]+$|^tier_[0-9A-Z]{20}$/, 'errors.input.unknownPlan'),
};
