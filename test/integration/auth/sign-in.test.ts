import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/seed/demo';
import { authorizePortal, authorizeProduct, authorizeStaff, SignInError } from '../../../server/auth/sign-in';
import { RULES } from '../../../server/auth/throttle';
import { verifyPassword } from '../../../server/auth/password';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { callerAs, callerWithSession, createAccount, sessionFor, unique } from '../../helpers/realms';

const PASSWORD = 'seatplan-demo';

async function failure(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SignInError);
  return (err as SignInError).failure;
}

describe('sign-in realms (CP-1, BC-1) against PostgreSQL', () => {
  let t: TestDatabase;
  const deps = (clientIp: string | null = '198.51.100.1') => ({ db: t.db, clientIp });

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('CP-1: the billing contact signs in to the portal with a username-format user ID, in any letter case', async () => {
    await expect(authorizePortal(deps(), { userId: 'globex-billing', password: PASSWORD })).resolves.toEqual({
      realm: 'portal', subjectId: 'pc_globex', accountId: 'acct_globex', role: 'billing_contact',
    });
    await expect(authorizePortal(deps(), { userId: '  Globex-Billing ', password: PASSWORD })).resolves.toMatchObject({ subjectId: 'pc_globex' });
  });

  it('CP-1: and with an email-format user ID, distinct from the same person\'s product login and password', async () => {
    const loginId = `${unique('ap')}@initech.example`;
    const acct = await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId, portalPassword: 'portal-only-secret' });
    await expect(authorizePortal(deps(), { userId: loginId, password: 'portal-only-secret' })).resolves.toMatchObject({ realm: 'portal', accountId: acct.accountId });
    // The product password does not open the portal, and the portal password does not open the product.
    expect(await failure(authorizePortal(deps(), { userId: loginId, password: PASSWORD }))).toBe('invalid_credentials');
    expect(await failure(authorizeProduct(deps(), { email: acct.billing.email, password: 'portal-only-secret' }))).toBe('invalid_credentials');
    await expect(authorizeProduct(deps(), { email: acct.billing.email, password: PASSWORD })).resolves.toMatchObject({ realm: 'product', role: 'billing_admin' });
    // A product email is not a portal user ID.
    expect(await failure(authorizePortal(deps(), { userId: acct.billing.email, password: PASSWORD }))).toBe('invalid_credentials');
  });

  it('CP-1: a malformed user ID gets "not valid"; every other failure gets the one same answer', async () => {
    for (const userId of ['', 'a', 'no spaces allowed', 'x'.repeat(300), '-dash-first', 'bad@', '<script>']) {
      expect(await failure(authorizePortal(deps(), { userId, password: PASSWORD }))).toBe('invalid_login_id');
    }
    expect(await failure(authorizePortal(deps(), { userId: 'nobody-here', password: PASSWORD }))).toBe('invalid_credentials');
    expect(await failure(authorizePortal(deps(), { userId: 'globex-billing', password: 'wrong-password' }))).toBe('invalid_credentials');
    expect(await failure(authorizePortal(deps(), { userId: 'globex-billing', password: '' }))).toBe('invalid_credentials');
    expect(await failure(authorizePortal(deps(), { userId: 'carla@globex.example', password: PASSWORD }))).toBe('invalid_credentials');
    expect(await failure(authorizePortal(deps(), 'not an object'))).toBe('invalid_login_id');
  });

  it('CP-1: a portal user ID that is disabled, or no longer the billing contact\'s, cannot sign in', async () => {
    const loginId = unique('acme-billing');
    const acct = await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    await expect(authorizePortal(deps(), { userId: loginId, password: PASSWORD })).resolves.toBeTruthy();
    await t.db.updateTable('accounts').set({ billing_contact_user_id: acct.admin.id }).where('id', '=', acct.accountId).execute();
    expect(await failure(authorizePortal(deps(), { userId: loginId, password: PASSWORD }))).toBe('invalid_credentials');
    await t.db.updateTable('accounts').set({ billing_contact_user_id: acct.billing.id }).where('id', '=', acct.accountId).execute();
    await t.db.updateTable('portal_credentials').set({ disabled_at: new Date() }).where('login_id', '=', loginId).execute();
    expect(await failure(authorizePortal(deps(), { userId: loginId, password: PASSWORD }))).toBe('invalid_credentials');
  });

  it('CP-1: repeated failures are throttled per user ID with "try again in N minutes", even for the right password', async () => {
    const loginId = unique('throttle');
    await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    for (let i = 0; i < RULES.signInPerLogin.points; i++) {
      expect(await failure(authorizePortal(deps(`198.51.100.${10 + i}`), { userId: loginId, password: 'wrong-password' }))).toBe('invalid_credentials');
    }
    expect(await failure(authorizePortal(deps('198.51.100.99'), { userId: loginId, password: PASSWORD }))).toEqual({ throttledMinutes: 15 });
    // Unknown IDs are throttled the same way (the answer does not tell them apart).
    for (let i = 0; i < RULES.signInPerLogin.points; i++) await failure(authorizePortal(deps(`198.51.100.${40 + i}`), { userId: 'ghost-user', password: 'x' }));
    expect(await failure(authorizePortal(deps('198.51.100.98'), { userId: 'ghost-user', password: 'x' }))).toEqual({ throttledMinutes: 15 });
    // Other user IDs are unaffected.
    await expect(authorizePortal(deps('198.51.100.97'), { userId: 'globex-billing', password: PASSWORD })).resolves.toBeTruthy();
  });

  it('CP-1: repeated failures are throttled per client address across user IDs', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < RULES.signInPerAddress.points; i++) {
      await failure(authorizePortal(deps(ip), { userId: `guess-${i}-x`, password: 'wrong' }));
    }
    expect(await failure(authorizePortal(deps(ip), { userId: 'globex-billing', password: PASSWORD }))).toEqual({ throttledMinutes: 15 });
    await expect(authorizePortal(deps('192.0.2.201'), { userId: 'globex-billing', password: PASSWORD })).resolves.toBeTruthy();
  });

  it('CP-1: a successful sign-in clears the user ID\'s failures', async () => {
    const loginId = unique('clears');
    await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < RULES.signInPerLogin.points - 1; i++) await failure(authorizePortal(deps(null), { userId: loginId, password: 'wrong' }));
      await expect(authorizePortal(deps(null), { userId: loginId, password: PASSWORD })).resolves.toBeTruthy();
    }
  });

  it('CP-1: an unknown user ID costs the same password verification as a known one (timing reveals nothing)', async () => {
    const calls: string[] = [];
    const verify = async (hash: string, plain: string) => {
      calls.push(hash.slice(0, 9));
      return verifyPassword(hash, plain);
    };
    await failure(authorizePortal({ ...deps('203.0.113.50'), verify }, { userId: 'unknown-person', password: 'guess-1' }));
    await failure(authorizePortal({ ...deps('203.0.113.50'), verify }, { userId: 'globex-billing', password: 'guess-1' }));
    await failure(authorizeProduct({ ...deps('203.0.113.50'), verify }, { email: 'unknown@nowhere.example', password: 'guess-1' }));
    await failure(authorizeStaff({ ...deps('203.0.113.50'), verify }, { email: 'unknown@nowhere.example', password: 'guess-1' }));
    // One real argon2id verification each, known or not.
    expect(calls).toEqual(['$argon2id', '$argon2id', '$argon2id', '$argon2id']);
  });

  it('BC-1: product and staff realms sign in with email + password; each realm refuses the others\' people', async () => {
    await expect(authorizeProduct(deps(), { email: 'Bella@Northwind.example', password: PASSWORD })).resolves.toEqual({
      realm: 'product', subjectId: 'usr_northwind_bella', accountId: 'acct_northwind', role: 'billing_admin',
    });
    await expect(authorizeProduct(deps(), { email: 'adam@northwind.example', password: PASSWORD })).resolves.toMatchObject({ role: 'account_admin' });
    await expect(authorizeProduct(deps(), { email: 'sam@northwind.example', password: PASSWORD })).resolves.toMatchObject({ role: 'standard' });
    await expect(authorizeStaff(deps(), { email: 'rita.rep@seatplan.example', password: PASSWORD })).resolves.toMatchObject({ realm: 'staff', role: 'sales_rep', accountId: null });
    expect(await failure(authorizeStaff(deps(), { email: 'bella@northwind.example', password: PASSWORD }))).toBe('invalid_credentials');
    expect(await failure(authorizeProduct(deps(), { email: 'otto.ops@seatplan.example', password: PASSWORD }))).toBe('invalid_credentials');
    expect(await failure(authorizeProduct(deps(), { email: 'not-an-email', password: PASSWORD }))).toBe('invalid_login_id');
  });

  it('BC-1: a session is checked against the database on every request — disabling or demoting takes effect at once', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const admin = await callerAs({ db: t.db }, { product: acct.admin.email });
    await expect(admin.admin.addLicenses()).resolves.toMatchObject({ outcome: 'contact_billing_admin' });
    await t.db.updateTable('users').set({ role: 'standard' }).where('id', '=', acct.admin.id).execute();
    await expect(admin.admin.addLicenses()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.account.me()).resolves.toMatchObject({ profile: { role: 'standard' } });
    await t.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', acct.admin.id).execute();
    await expect(admin.account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // Authentication to the product is refused too.
    expect(await failure(authorizeProduct(deps(), { email: acct.admin.email, password: PASSWORD }))).toBe('invalid_credentials');

    // Same for the portal and staff realms.
    const staff = await callerAs({ db: t.db }, { staff: 'otto.ops@seatplan.example' });
    await expect(staff.staff.me()).resolves.toMatchObject({ role: 'ops' });
    await t.db.updateTable('staff').set({ disabled_at: new Date() }).where('id', '=', 'staff_otto').execute();
    await expect(staff.staff.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await t.db.updateTable('staff').set({ disabled_at: null }).where('id', '=', 'staff_otto').execute();
  });

  it('BC-1: sessions that began before the person\'s sessions were ended are refused', async () => {
    const acct = await createAccount(t.db, { kind: 'corporate', portalLoginId: unique('ended') });
    await t.db.updateTable('users').set({ sessions_valid_after: new Date(Date.now() - 3_600_000) }).where('id', '=', acct.standard.id).execute();
    const old = await sessionFor(t.db, { product: acct.standard.email }, Math.floor(Date.now() / 1000) - 60);
    await expect(callerWithSession({ db: t.db }, old).account.me()).resolves.toBeTruthy();
    await t.db.updateTable('users').set({ sessions_valid_after: new Date() }).where('id', '=', acct.standard.id).execute();
    await expect(callerWithSession({ db: t.db }, old).account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const fresh = await sessionFor(t.db, { product: acct.standard.email }, Math.floor(Date.now() / 1000) + 1);
    await expect(callerWithSession({ db: t.db }, fresh).account.me()).resolves.toBeTruthy();
  });

  it('BC-1 CP-1: signing in to one realm never grants another realm\'s procedures', async () => {
    const product = await callerAs({ db: t.db }, { product: 'carla@globex.example' });
    const portal = await callerAs({ db: t.db }, { portal: 'globex-billing' });
    const staff = await callerAs({ db: t.db }, { staff: 'rita.rep@seatplan.example' });
    await expect(product.portal.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(product.staff.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(portal.account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(portal.staff.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(staff.account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(staff.portal.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // A forged session naming a subject of another realm finds nobody.
    await expect(callerWithSession({ db: t.db }, { realm: 'portal', subjectId: 'usr_globex_carla', issuedAt: Math.floor(Date.now() / 1000) }).portal.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(portal.portal.me()).resolves.toMatchObject({ userId: 'globex-billing', accountName: 'Globex Corporation', name: 'Carla Contact' });
  });
});
