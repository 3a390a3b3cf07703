import { z } from 'zod';
import { env } from '../../env';
import { router, staffProcedure } from '../init';

/** Back office — sales representatives and operations. */
export const staffRouter = router({
  /** The back-office home: who is signed in; sales reps see their corporate accounts, ops the Temporal UI. */
  me: staffProcedure.input(z.object({}).strict().optional()).query(async ({ ctx }) => {
    const accounts =
      ctx.staff.role === 'sales_rep'
        ? await ctx.db.selectFrom('accounts').select(['id', 'name']).where('sales_rep_staff_id', '=', ctx.staff.id).orderBy('name').execute()
        : [];
    return {
      name: ctx.staff.name,
      email: ctx.staff.email,
      role: ctx.staff.role,
      accounts,
      temporalUiUrl: ctx.staff.role === 'ops' ? env().TEMPORAL_UI_URL : null,
    };
  }),
});
