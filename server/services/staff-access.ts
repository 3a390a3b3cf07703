import type { DbOrTrx } from '../../db/client';
import type { StaffMember } from '../auth/principals';
import { userError } from '../errors';

/**
 * Which corporate accounts a staff member may see (BO-1): a sales rep only the accounts assigned to
 * them; other staff roles all of them. The one place the rule lives, so every back-office procedure
 * asks it instead of re-stating it.
 */
export function seesAllAccounts(staff: StaffMember): boolean {
  return staff.role !== 'sales_rep';
}

/**
 * The account, if this staff member may see it; otherwise NOT_FOUND — the same answer as for an
 * account that does not exist, so a rep learns nothing about other reps' accounts.
 */
export async function accountForStaff(db: DbOrTrx, staff: StaffMember, accountId: string) {
  let q = db.selectFrom('accounts').selectAll().where('id', '=', accountId).where('kind', '=', 'corporate');
  if (!seesAllAccounts(staff)) q = q.where('sales_rep_staff_id', '=', staff.id);
  const account = await q.executeTakeFirst();
  if (!account) throw userError('NOT_FOUND', 'errors.staff.accountNotFound');
  return account;
}
