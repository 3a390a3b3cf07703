import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, newToken } from '../../../db/ids';
import { seedDemo } from '../../../db/seed/demo';
import { checkResetToken, hashToken } from '../../../server/auth/password-reset';
import { verifyPassword } from '../../../server/auth/password';
import { newSessionId, revokeSession, sessionMaxSeconds } from '../../../server/auth/sessions';
import { authorizePortal, authorizeProduct, SignInError } from '../../../server/auth/sign-in';
import { RULES } from '../../../server/auth/throttle';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { callerWithSession, createAccount, sessionFor, unique } from '../../helpers/realms';

// Issue 14 items 7 and 8: the sign-in throttle spends before it checks (no race), its table is a
// migration's and expires; sessions have an absolute lifetime, sign-out revokes them server-side,
// and a password change voids the reset links asked for before it.
const PASSWORD = 'seatplan-demo';
const nowS = () => Math.floor(Date.now() / 1000);

describe('CP-1 BC-1 BC-7 sign-in throttle and sessions, hardened', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('CP-1: N parallel wrong passwords for one user ID get exactly the budget of guesses (and argon2 hashes), not N', async () => {
    const loginId = unique('race');
    await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    let verifications = 0;
    const verify = async (hash: string, plain: string) => {
      verifications++;
      return verifyPassword(hash, plain);
    };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authorizePortal({ db: t.db, clientIp: `198.51.100.${100 + i}`, verify }, { userId: loginId, password: `wrong-${i}` }).then(() => 'signed in', (e: SignInError) => e.failure)),
    );
    expect(verifications).toBe(RULES.signInPerLogin.points);
    expect(outcomes.filter((o) => o === 'invalid_credentials')).toHaveLength(RULES.signInPerLogin.points);
    expect(outcomes.filter((o) => typeof o === 'object')).toHaveLength(20 - RULES.signInPerLogin.points);
    // Refused attempts cost nothing: the count stays at the budget, and the right password is still refused.
    await expect(authorizePortal({ db: t.db, clientIp: '198.51.100.200' }, { userId: loginId, password: PASSWORD })).rejects.toMatchObject({ failure: { throttledMinutes: 15 } });
  });

  it('CP-1: a successful sign-in gives back the point it spent on the address budget', async () => {
    const ip = '198.51.100.250';
    for (let i = 0; i < RULES.signInPerAddress.points + 5; i++) {
      await expect(authorizeProduct({ db: t.db, clientIp: ip }, { email: 'sam@northwind.example', password: PASSWORD })).resolves.toMatchObject({ realm: 'product' });
    }
  });

  it('BC-7: parallel wrong current passwords in change-password get the same budget, then "too many attempts"', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const caller = callerWithSession({ db: t.db }, await sessionFor(t.db, { product: acct.standard.email }));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => caller.account.changePassword({ currentPassword: `wrong-${i}`, newPassword: 'a-new-password-1', confirm: 'a-new-password-1' }).then(() => 'changed', (e: { code: string }) => e.code)),
    );
    expect(outcomes.filter((o) => o === 'BAD_REQUEST')).toHaveLength(RULES.signInPerLogin.points);
    expect(outcomes.filter((o) => o === 'TOO_MANY_REQUESTS')).toHaveLength(10 - RULES.signInPerLogin.points);
  });

  it('CP-1: the throttle table comes from the migrations (no table made at run time), and expired rows are purged', async () => {
    const table = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'auth_throttle'`.execute(t.db);
    expect(table.rows[0]!.n).toBe(1);
    const fresh = await createTestDatabase();
    try {
      // A database that never saw a sign-in has the table too, with the index for the purge.
      const idx = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'auth_throttle' AND indexname = 'auth_throttle_expire_idx'`.execute(fresh.db);
      expect(idx.rows[0]!.n).toBe(1);
      await fresh.db.insertInto('auth_throttle').values([
        { key: 'signInPerLogin:portal:long-gone', points: 3, expire: BigInt(Date.now() - 60_000) },
        { key: 'signInPerLogin:portal:still-counting', points: 3, expire: BigInt(Date.now() + 600_000) },
      ]).execute();
      // The next attempt (any realm) purges what has expired, in the background.
      await authorizePortal({ db: fresh.db, clientIp: null }, { userId: 'someone-else', password: 'x' }).catch(() => undefined);
      for (let i = 0; i < 50; i++) {
        const keys = (await fresh.db.selectFrom('auth_throttle').select('key').execute()).map((r) => r.key);
        if (!keys.includes('signInPerLogin:portal:long-gone')) {
          expect(keys).toContain('signInPerLogin:portal:still-counting');
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the expired throttle row was not purged');
    } finally {
      await fresh.drop();
    }
  });

  it('BC-1: a session ends at its absolute lifetime from sign-in, however busy it was', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    await t.db.updateTable('users').set({ sessions_valid_after: new Date(0) }).where('id', '=', acct.standard.id).execute();
    const max = sessionMaxSeconds();
    expect(max).toBe(12 * 3600);
    const young = await sessionFor(t.db, { product: acct.standard.email }, nowS() - max + 120);
    await expect(callerWithSession({ db: t.db }, young).account.me()).resolves.toBeTruthy();
    const old = await sessionFor(t.db, { product: acct.standard.email }, nowS() - max - 1);
    await expect(callerWithSession({ db: t.db }, old).account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // Every realm.
    const portal = await sessionFor(t.db, { portal: 'globex-billing' }, nowS() - max - 1);
    await expect(callerWithSession({ db: t.db }, portal).portal.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const staff = await sessionFor(t.db, { staff: 'rita.rep@seatplan.example' }, nowS() - max - 1);
    await expect(callerWithSession({ db: t.db }, staff).staff.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('BC-1: signing out revokes that session server-side (a copy of its cookie is refused); the person\'s other sessions go on', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const claims = (await sessionFor(t.db, { product: acct.standard.email }))!;
    const signedOut = { ...claims, sessionId: newSessionId() };
    const other = { ...claims, sessionId: newSessionId() };
    await expect(callerWithSession({ db: t.db }, signedOut).account.me()).resolves.toBeTruthy();
    // What next-auth's signOut event hands over: the decoded JWT.
    await revokeSession(t.db, { sid: signedOut.sessionId, sub: claims.subjectId, realm: 'product', authAt: claims.issuedAt });
    await expect(callerWithSession({ db: t.db }, signedOut).account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerWithSession({ db: t.db }, other).account.me()).resolves.toBeTruthy();
    const row = await t.db.selectFrom('revoked_sessions').selectAll().where('session_id', '=', signedOut.sessionId).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime()).toBe((claims.issuedAt + sessionMaxSeconds()) * 1000);
    // Revocations whose session would have expired anyway are purged at the next sign-out.
    await t.db.insertInto('revoked_sessions').values({ session_id: newSessionId(), realm: 'staff', subject_id: 'staff_rita', expires_at: new Date(Date.now() - 1000) }).execute();
    await revokeSession(t.db, { sid: other.sessionId, sub: claims.subjectId, realm: 'product', authAt: claims.issuedAt });
    expect((await t.db.selectFrom('revoked_sessions').select('expires_at').execute()).every((r) => r.expires_at.getTime() > Date.now())).toBe(true);
  });

  it('BC-7 CP-2: a password change voids the reset links asked for before it', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const token = newToken();
    await t.db.insertInto('password_reset_tokens').values({ id: newId('prt'), realm: 'product', subject_id: acct.standard.id, token_hash: hashToken(token), created_at: new Date(), expires_at: new Date(Date.now() + 3_600_000) }).execute();
    expect(await checkResetToken(t.db, token, new Date())).toEqual({ valid: true, realm: 'product' });
    const caller = callerWithSession({ db: t.db }, await sessionFor(t.db, { product: acct.standard.email }));
    await caller.account.changePassword({ currentPassword: PASSWORD, newPassword: 'a-new-password-1', confirm: 'a-new-password-1' });
    expect(await checkResetToken(t.db, token, new Date())).toEqual({ valid: false });
  });
});
