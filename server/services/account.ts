import type { Db } from '../../db/client';
import { hashPassword, verifyPassword } from '../auth/password';
import type { ProductUser } from '../auth/principals';
import { clear, spendOrRefuse } from '../auth/throttle';
import { userError } from '../errors';
import { audit } from './audit';

/**
 * BC-7 personal account page: the signed-in user's own profile and product seats, and a password
 * change. Nothing here names the account's billing contact (AC-3): that is billingContactFor().
 */
export interface MyAccount {
  profile: {
    name: string;
    email: string;
    role: 'standard' | 'account_admin';
    isBillingContact: boolean;
    locale: 'en' | 'it';
  };
  account: { name: string; kind: 'online' | 'corporate' };
  /** Seats of products assigned to this user. */
  seats: Array<{ productId: string; productName: string; tierName: string; status: string }>;
}

export async function getMyAccount(db: Db, user: ProductUser): Promise<MyAccount> {
  const seats = await db
    .selectFrom('seat_assignments as sa')
    .innerJoin('subscriptions as s', 's.id', 'sa.subscription_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .select(['p.id as product_id', 'p.name as product_name', 't.name as tier_name', 's.status'])
    .where('sa.user_id', '=', user.id)
    .where('s.account_id', '=', user.accountId)
    .orderBy('p.sort')
    .execute();
  return {
    ...whoAmI(user),
    seats: seats.map((s) => ({ productId: s.product_id, productName: s.product_name, tierName: s.tier_name, status: s.status })),
  };
}

/** BC-1 routing facts (billing contact or not, corporate or not) and the profile: what the session's person already says, no query. */
export function whoAmI(user: ProductUser): Pick<MyAccount, 'profile' | 'account'> {
  return {
    profile: { name: user.name, email: user.email, role: user.role, isBillingContact: user.isBillingContact, locale: user.locale },
    account: { name: user.accountName, kind: user.accountKind },
  };
}

/**
 * AC-3 (003, 004): who may learn who the billing contact is. The billing contact themselves, and
 * account admins of an online account. For a corporate account seed 004 is stricter — "you cannot
 * look up the billing contact's name online unless you are the billing contact" — so there only the
 * contact themselves.
 */
export function maySeeBillingContact(user: ProductUser): boolean {
  if (user.isBillingContact) return true;
  return user.role === 'account_admin' && user.accountKind === 'online';
}

export async function billingContactFor(db: Db, user: ProductUser): Promise<{ name: string; email: string } | null> {
  if (!maySeeBillingContact(user)) throw userError('FORBIDDEN', 'errors.account.billingContactHidden');
  const row = await db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['u.name', 'u.email'])
    .where('a.id', '=', user.accountId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * BC-7 password change: asks for the current password, then ends every session of the user (the
 * page signs the user straight back in with the new password). Wrong current passwords count
 * against the same per-login budget as sign-in failures.
 */
export async function changePassword(db: Db, user: ProductUser, input: { currentPassword: string; newPassword: string }, now: Date): Promise<void> {
  const key = `product:${user.email}`;
  // Spent before the current password is checked, like sign-in (parallel guesses get the budget, not more).
  const state = await spendOrRefuse(db, [{ rule: 'signInPerLogin', key }]);
  if (state.blocked) {
    throw userError('TOO_MANY_REQUESTS', 'account.throttled', { n: state.retryAfterMinutes }, { reason: 'throttled', retryAfterMinutes: state.retryAfterMinutes });
  }
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw userError('BAD_REQUEST', 'account.wrongCurrent', {}, { reason: 'wrong_current_password' });
  }
  await clear(db, 'signInPerLogin', key);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, sessions_valid_after: now }).where('id', '=', user.id).execute();
    // Reset links asked for before the change stop working: the password they would replace is gone.
    await trx.updateTable('password_reset_tokens').set({ used_at: now }).where('realm', '=', 'product').where('subject_id', '=', user.id).where('used_at', 'is', null).execute();
    await audit(trx, { actor: { realm: 'product', id: user.id }, accountId: user.accountId, action: 'auth.password_changed', subjectId: user.id });
  });
}
