import type { DbOrTrx } from '../../db/client';
import type { StaffRole } from '../../db/schema';
import type { StaffMember } from '../auth/principals';
import { AppError, userError } from '../errors';
import type { MessageKey } from '../i18n/messages';

/**
 * Who in the back office may do what (BO-1, BO-2) — the one place the rules live, so every
 * back-office procedure asks them instead of re-stating them:
 * - which corporate accounts a staff member sees: a sales rep only the accounts assigned to them;
 *   Corporate Account Services and operations all of them;
 * - what each role may do: reps and Corporate Account Services work accounts and requests;
 *   operations read everything and change nothing (no action of theirs charges or refunds).
 */
export const STAFF_ROLES: readonly StaffRole[] = ['sales_rep', 'cas', 'ops'];

export type StaffCapability =
  /** The accounts console: list, search and read an account page. */
  | 'accounts.read'
  /** Change an account: self-service eligibility, a cancellation at term end. */
  | 'accounts.manage'
  /** The request queue: read, assign, reply, change status, resolve. */
  | 'requests.work'
  /** The operations pages: every order with its payments, emails and workflow. */
  | 'orders.read';

const CAPABILITIES: Record<StaffRole, readonly StaffCapability[]> = {
  sales_rep: ['accounts.read', 'accounts.manage', 'requests.work'],
  cas: ['accounts.read', 'accounts.manage', 'requests.work'],
  ops: ['accounts.read', 'orders.read'],
};

export function can(staff: Pick<StaffMember, 'role'>, capability: StaffCapability): boolean {
  return CAPABILITIES[staff.role].includes(capability);
}

export function seesAllAccounts(staff: Pick<StaffMember, 'role'>): boolean {
  return staff.role !== 'sales_rep';
}

/**
 * For list queries over accounts: null when the staff member sees every corporate account, else the
 * sales rep whose assigned accounts are the only ones they see (compare with accounts.sales_rep_staff_id).
 */
export function accountScope(staff: StaffMember): { salesRepStaffId: string } | null {
  return seesAllAccounts(staff) ? null : { salesRepStaffId: staff.id };
}

/**
 * The account, if this staff member may see it; otherwise NOT_FOUND — the same answer as for an
 * account that does not exist, so a rep learns nothing about other reps' accounts.
 */
export async function accountForStaff(db: DbOrTrx, staff: StaffMember, accountId: string) {
  let q = db.selectFrom('accounts').selectAll().where('id', '=', accountId).where('kind', '=', 'corporate');
  const scope = accountScope(staff);
  if (scope) q = q.where('sales_rep_staff_id', '=', scope.salesRepStaffId);
  const account = await q.executeTakeFirst();
  if (!account) throw userError('NOT_FOUND', 'errors.staff.accountNotFound');
  return account;
}

/**
 * For a row of an account (a request, a subscription): NOT_FOUND, worded for that row, unless
 * accountForStaff lets this staff member see the account.
 */
export async function ensureAccountVisible(db: DbOrTrx, staff: StaffMember, accountId: string, notFoundKey: MessageKey): Promise<void> {
  try {
    await accountForStaff(db, staff, accountId);
  } catch (err) {
    if (err instanceof AppError && err.kind === 'NOT_FOUND') throw userError('NOT_FOUND', notFoundKey);
    throw err;
  }
}
