import { z } from 'zod';
import { env } from '../../env';
import { opsCounts } from '../../services/ops-orders';
import { queueCounts } from '../../services/request-queue';
import { accountScope, can } from '../../services/staff-access';
import { router, staffProcedure } from '../init';

/** Back office — sales representatives, Corporate Account Services and operations. */
export const staffRouter = router({
  /** Who is signed in, what their role may open (the navigation is built from it), and a rep's own accounts. */
  me: staffProcedure.input(z.object({}).strict().optional()).query(async ({ ctx }) => ({
    name: ctx.staff.name,
    email: ctx.staff.email,
    role: ctx.staff.role,
    can: {
      accounts: can(ctx.staff, 'accounts.read'),
      manageAccounts: can(ctx.staff, 'accounts.manage'),
      requests: can(ctx.staff, 'requests.work'),
      orders: can(ctx.staff, 'orders.read'),
    },
    accounts:
      ctx.staff.role === 'sales_rep'
        ? await ctx.db.selectFrom('accounts').select(['id', 'name']).where('sales_rep_staff_id', '=', ctx.staff.id).where('kind', '=', 'corporate').orderBy('name').execute()
        : [],
    temporalUiUrl: can(ctx.staff, 'orders.read') ? env().TEMPORAL_UI_URL : null,
  })),

  /** The back-office home: what waits for this staff member (requests, stuck and failed orders, accounts). */
  home: staffProcedure.input(z.object({}).strict().optional()).query(async ({ ctx }) => {
    const now = ctx.now();
    const scope = accountScope(ctx.staff);
    let accounts = ctx.db.selectFrom('accounts').select((eb) => eb.fn.countAll<bigint>().as('n')).where('kind', '=', 'corporate');
    if (scope) accounts = accounts.where('sales_rep_staff_id', '=', scope.salesRepStaffId);
    const e = env();
    return {
      accounts: Number((await accounts.executeTakeFirstOrThrow()).n),
      requests: can(ctx.staff, 'requests.work') ? await queueCounts(ctx.db, ctx.staff) : null,
      orders: can(ctx.staff, 'orders.read') ? await opsCounts(ctx.db, { stuckAfterMinutes: e.OPS_STUCK_AFTER_MINUTES, temporalUiUrl: e.TEMPORAL_UI_URL, namespace: e.TEMPORAL_NAMESPACE }, now) : null,
    };
  }),
});
