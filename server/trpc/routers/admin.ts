import { z } from 'zod';
import { emailBillingAdminForm } from '../../auth/forms';
import { env } from '../../env';
import { getMailer } from '../../deps';
import { addLicenses, emailBillingAdmin } from '../../services/admin-center';
import { accountAdminProcedure, router } from '../init';

/** Admin Center (003) — account admins and the billing contact. */
export const adminRouter = router({
  /** AC-1: what "Add licenses" does for this admin (one of the three outcomes of seed 003). */
  addLicenses: accountAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => addLicenses(ctx.db, ctx.user)),

  /** AC-1: "Email billing admin" — a real email to the billing admin, rate-limited per sender. */
  emailBillingAdmin: accountAdminProcedure.input(emailBillingAdminForm).mutation(({ ctx, input }) =>
    emailBillingAdmin({ db: ctx.db, mailer: ctx.mailer ?? getMailer(), appUrl: env().APP_URL }, ctx.user, input),
  ),
});
