import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import { newId, newToken } from '../../db/ids';
import { sendEmailOnce } from '../email/send-once';
import type { Mailer } from '../email/transport';
import { userError } from '../errors';
import { audit } from '../services/audit';
import type { RealmName } from './forms';
import { hashPassword } from './password';
import { hit } from './throttle';

/**
 * CP-2 "Forgot password?" (004), for the portal user ID and, the same way, for product and staff
 * logins: a single-use link that expires goes to the person's email address (for the portal: the
 * billing contact's). Only the token's SHA-256 is stored. The on-screen answer never depends on
 * whether the ID exists, and neither does the response time: the procedure answers before the
 * lookup and the email happen (see routers/auth.ts).
 */
export interface ResetDeps {
  db: Db;
  mailer: Mailer;
  now: () => Date;
  appUrl: string;
  ttlMinutes: number;
  clientIp: string | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

interface Subject {
  subjectId: string;
  to: string;
  name: string;
  locale: 'en' | 'it';
}

async function findSubject(db: Db, realm: RealmName, login: string): Promise<Subject | null> {
  if (realm === 'product') {
    const u = await db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('email', '=', login).where('disabled_at', 'is', null).executeTakeFirst();
    return u ? { subjectId: u.id, to: u.email, name: u.name, locale: u.locale } : null;
  }
  if (realm === 'portal') {
    const c = await db
      .selectFrom('portal_credentials as pc')
      .innerJoin('accounts as a', 'a.id', 'pc.account_id')
      .innerJoin('users as u', 'u.id', 'pc.user_id')
      .select(['pc.id', 'u.email', 'u.name', 'u.locale', 'a.kind', 'a.billing_contact_user_id', 'pc.user_id'])
      .where('pc.login_id', '=', login)
      .where('pc.disabled_at', 'is', null)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    // Only the current billing contact's portal user ID can be reset (the link goes to their email).
    if (!c || c.kind !== 'corporate' || c.billing_contact_user_id !== c.user_id) return null;
    return { subjectId: c.id, to: c.email, name: c.name, locale: c.locale };
  }
  const s = await db.selectFrom('staff').select(['id', 'email', 'name']).where('email', '=', login).where('disabled_at', 'is', null).executeTakeFirst();
  return s ? { subjectId: s.id, to: s.email, name: s.name, locale: 'en' } : null;
}

export type ResetRequestOutcome = 'sent' | 'unknown' | 'throttled';

/**
 * Creates a token and emails the link, unless the ID is unknown or the request is over the limits
 * (then nothing happens: the caller shows the same answer either way). `login` is already validated
 * and lowercased by forms.ts.
 */
export async function requestPasswordReset(deps: ResetDeps, input: { realm: RealmName; login: string }): Promise<ResetRequestOutcome> {
  const { db } = deps;
  const byAddress = deps.clientIp ? await hit(db, 'resetPerAddress', deps.clientIp) : { blocked: false };
  const byLogin = await hit(db, 'resetPerLogin', `${input.realm}:${input.login}`);
  if (byAddress.blocked || byLogin.blocked) return 'throttled';

  const subject = await findSubject(db, input.realm, input.login);
  if (!subject) return 'unknown';

  const now = deps.now();
  const token = newToken();
  const id = newId('prt', now.getTime());
  await db
    .insertInto('password_reset_tokens')
    .values({ id, realm: input.realm, subject_id: subject.subjectId, token_hash: hashToken(token), created_at: now, expires_at: new Date(now.getTime() + deps.ttlMinutes * 60_000) })
    .execute();
  const resetUrl = new URL(`/reset-password?token=${encodeURIComponent(token)}`, deps.appUrl).toString();
  await sendEmailOnce(
    { db, mailer: deps.mailer },
    {
      key: `password-reset:${id}`,
      to: subject.to,
      locale: subject.locale,
      template: 'passwordReset',
      data: { name: subject.name, realm: input.realm, login: input.login, resetUrl, expiresInMinutes: deps.ttlMinutes },
    },
  );
  return 'sent';
}

const invalidLink = () => userError('BAD_REQUEST', 'reset.invalid', {}, { reason: 'invalid_token' });

/** Whether a link still works (the reset page asks before showing the form). */
export async function checkResetToken(db: Db, token: string, now: Date): Promise<{ valid: true; realm: RealmName } | { valid: false }> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .select(['realm'])
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { valid: true, realm: row.realm } : { valid: false };
}

/**
 * Spends the token (once: the UPDATE … WHERE used_at IS NULL is the guard, so two tabs cannot both
 * use it), sets the new password, ends every session of that person and voids their other links.
 */
export async function completePasswordReset(deps: { db: Db; now: () => Date }, input: { token: string; password: string }): Promise<{ realm: RealmName }> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hashToken(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'realm', 'subject_id'])
      .executeTakeFirst();
    if (!spent) throw invalidLink();
    const changes = { password_hash: passwordHash, sessions_valid_after: now };
    const table = spent.realm === 'product' ? 'users' : spent.realm === 'portal' ? 'portal_credentials' : 'staff';
    const updated = await trx.updateTable(table).set(changes).where('id', '=', spent.subject_id).where('disabled_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw invalidLink();
    await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('realm', '=', spent.realm)
      .where('subject_id', '=', spent.subject_id)
      .where('used_at', 'is', null)
      .execute();
    await audit(trx, { actor: { realm: spent.realm, id: spent.subject_id }, accountId: null, action: 'auth.password_reset', subjectId: spent.subject_id, data: { token_id: spent.id } });
    return { realm: spent.realm };
  });
}
