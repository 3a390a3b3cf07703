import type { Db } from '../../../db/client';
import type { PortalUser } from '../../auth/principals';
import { hashPassword, verifyPassword } from '../../auth/password';
import { hit, peek } from '../../auth/throttle';
import { userError } from '../../errors';
import { audit } from '../audit';

/**
 * 004 / issue 11 item 12: the billing contact changes the portal password while signed in. The
 * current password is asked (wrong answers count against the same per-user-ID budget as sign-in);
 * every session of this portal user ID ends, the current one included (the page signs straight back in).
 */
export async function changePortalPassword(db: Db, portalUser: PortalUser, input: { currentPassword: string; newPassword: string }, now: Date): Promise<void> {
  const key = `portal:${portalUser.loginId}`;
  const state = await peek(db, 'signInPerLogin', key);
  if (state.blocked) {
    throw userError('TOO_MANY_REQUESTS', 'account.throttled', { n: state.retryAfterMinutes }, { reason: 'throttled', retryAfterMinutes: state.retryAfterMinutes });
  }
  const row = await db.selectFrom('portal_credentials').select('password_hash').where('id', '=', portalUser.credentialId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    await hit(db, 'signInPerLogin', key);
    throw userError('BAD_REQUEST', 'account.wrongCurrent', {}, { reason: 'wrong_current_password' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('portal_credentials').set({ password_hash: passwordHash, sessions_valid_after: now }).where('id', '=', portalUser.credentialId).execute();
    await audit(trx, { actor: { realm: 'portal', id: portalUser.credentialId }, accountId: portalUser.accountId, action: 'auth.password_changed', subjectId: portalUser.credentialId });
  });
}
