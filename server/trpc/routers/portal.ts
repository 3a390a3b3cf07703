import { z } from 'zod';
import { portalProcedure, router } from '../init';
import { portalRequestsRouter } from './portal-requests';

/** Corporate Billing Portal (004) — the billing contact signed in with the portal user ID. */
export const portalRouter = router({
  requests: portalRequestsRouter,
  /** The portal home: who is signed in, for which account, and the Bill To details. */
  me: portalProcedure.input(z.object({}).strict().optional()).query(async ({ ctx }) => {
    const a = await ctx.db
      .selectFrom('accounts')
      .select(['name', 'billing_street', 'billing_city', 'billing_postcode', 'billing_region', 'country', 'phone'])
      .where('id', '=', ctx.portalUser.accountId)
      .executeTakeFirstOrThrow();
    return {
      userId: ctx.portalUser.loginId,
      accountName: a.name,
      billTo: {
        name: ctx.portalUser.name,
        email: ctx.portalUser.email,
        street: a.billing_street,
        city: a.billing_city,
        postcode: a.billing_postcode,
        region: a.billing_region,
        country: a.country,
        phone: a.phone,
      },
    };
  }),
});
