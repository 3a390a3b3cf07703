import { z } from 'zod';
import { changePasswordForm } from '../../auth/forms';
import { billingContactFor, changePassword, getMyAccount, maySeeBillingContact, whoAmI } from '../../services/account';
import { productProcedure, router } from '../init';

const noInput = z.object({}).strict().optional();

/** BC-7 personal account page, BC-1 routing facts, AC-3 billing contact — product realm. */
export const accountRouter = router({
  /** BC-7: own profile and seats. */
  me: productProcedure.input(noInput).query(({ ctx }) => getMyAccount(ctx.db, ctx.user)),
  /** What BC-1 routing needs (billing contact or not, corporate or not) and the profile, without the seats. */
  whoami: productProcedure.input(noInput).query(({ ctx }) => whoAmI(ctx.user)),

  /** AC-3: the billing contact's name and email — only for the billing contact and account admins (online). */
  billingContact: productProcedure.input(noInput).query(async ({ ctx }) => ({
    billingContact: await billingContactFor(ctx.db, ctx.user),
  })),

  /** Whether this user may ask billingContact (pages use it to decide what to show, without a FORBIDDEN round trip). */
  canSeeBillingContact: productProcedure.input(noInput).query(({ ctx }) => maySeeBillingContact(ctx.user)),

  /** BC-7: change the password (asks the current one); ends every session, including this one. */
  changePassword: productProcedure.input(changePasswordForm).mutation(async ({ ctx, input }) => {
    await changePassword(ctx.db, ctx.user, input, ctx.now());
    return { ok: true as const };
  }),
});
