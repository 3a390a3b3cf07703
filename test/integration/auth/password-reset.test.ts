import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/seed/demo';
import { hashToken, requestPasswordReset } from '../../../server/auth/password-reset';
import { authorizePortal, authorizeProduct, SignInError } from '../../../server/auth/sign-in';
import { createSmtpMailer, type Mailer } from '../../../server/email/transport';
import { env } from '../../../server/env';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { emailsTo, settledEmailsTo, waitForEmail } from '../../helpers/maildev';
import { callerAs, callerWithSession, createAccount, sessionFor, unique } from '../../helpers/realms';

const linkIn = (text: string) => {
  const m = /(https?:\/\/\S+\/reset-password\?token=([A-Za-z0-9_%-]+))/.exec(text);
  if (!m) throw new Error(`no reset link in: ${text}`);
  return { url: m[1]!, token: decodeURIComponent(m[2]!) };
};

describe('CP-2 Forgot password? — single-use, expiring, hashed reset links by email', () => {
  let t: TestDatabase;
  let mailer: Mailer;
  const anon = (now?: () => Date) => callerAs({ db: t.db, mailer, now }, 'anonymous');

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
  });
  afterAll(async () => {
    mailer?.close();
    await t?.drop();
  });

  it('CP-2: the portal user ID gets a reset link at the billing contact\'s email; the link works once; other sessions end', async () => {
    const loginId = unique('reset-portal');
    const acct = await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    // A session that began an hour ago, before the reset.
    await t.db.updateTable('portal_credentials').set({ sessions_valid_after: new Date(Date.now() - 7_200_000) }).where('login_id', '=', loginId).execute();
    const before = await sessionFor(t.db, { portal: loginId }, Math.floor(Date.now() / 1000) - 3600);
    await expect(callerWithSession({ db: t.db }, before).portal.me()).resolves.toMatchObject({ userId: loginId });

    await expect((await anon()).auth.requestPasswordReset({ realm: 'portal', login: loginId.toUpperCase() })).resolves.toEqual({ ok: true });
    const mail = await waitForEmail(acct.billing.email, /Reset your Corporate Billing Portal password/);
    expect(mail.text).toContain(loginId);
    expect(mail.text).toMatch(/expires in 60 minutes/);
    const { url, token } = linkIn(mail.text);
    expect(url.startsWith(env().APP_URL)).toBe(true);

    // Stored hashed only.
    const rows = await t.db.selectFrom('password_reset_tokens').selectAll().where('realm', '=', 'portal').execute();
    const row = rows.find((r) => r.token_hash === hashToken(token))!;
    expect(row).toBeTruthy();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(60 * 60_000);

    await expect((await anon()).auth.checkResetToken({ token })).resolves.toEqual({ valid: true, realm: 'portal' });
    await expect((await anon()).auth.resetPassword({ token, password: 'brand-new-portal-pw', confirm: 'brand-new-portal-pw' })).resolves.toEqual({ realm: 'portal' });

    // Once only.
    await expect((await anon()).auth.checkResetToken({ token })).resolves.toEqual({ valid: false });
    await expect((await anon()).auth.resetPassword({ token, password: 'another-password-1', confirm: 'another-password-1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'This reset link is not valid or has expired. Ask for a new one.',
    });
    // The old session has ended; the new password works, the old one does not.
    await expect(callerWithSession({ db: t.db }, before).portal.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(authorizePortal({ db: t.db, clientIp: null }, { userId: loginId, password: 'brand-new-portal-pw' })).resolves.toMatchObject({ realm: 'portal' });
    await expect(authorizePortal({ db: t.db, clientIp: null }, { userId: loginId, password: 'seatplan-demo' })).rejects.toBeInstanceOf(SignInError);
    // The product login of the same person is untouched (a distinct credential, 004).
    await expect(authorizeProduct({ db: t.db, clientIp: null }, { email: acct.billing.email, password: 'seatplan-demo' })).resolves.toMatchObject({ realm: 'product' });
  });

  it('CP-2: the answer is identical for an unknown user ID, and nothing is stored or sent', async () => {
    const loginId = unique('reset-known');
    const acct = await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    const nobody = unique('nobody');
    const known = await (await anon()).auth.requestPasswordReset({ realm: 'portal', login: loginId });
    const unknown = await (await anon()).auth.requestPasswordReset({ realm: 'portal', login: nobody });
    expect(unknown).toEqual(known);
    // The work happens after the answer (so its timing tells nothing either). The known ID's token is
    // stored before its email goes out, so once the email is there, every token so far is counted…
    await waitForEmail(acct.billing.email, /Reset your/);
    const tokensBefore = (await t.db.selectFrom('password_reset_tokens').select('id').execute()).length;
    // …and the unknown ID's work, awaited here, stores and sends nothing.
    await expect(requestPasswordReset({ db: t.db, mailer, now: () => new Date(), appUrl: env().APP_URL, ttlMinutes: 60, clientIp: null }, { realm: 'portal', login: nobody })).resolves.toBe('unknown');
    expect((await t.db.selectFrom('password_reset_tokens').select('id').execute()).length).toBe(tokensBefore);
    // A product email is not a portal user ID: no email for it either.
    await (await anon()).auth.requestPasswordReset({ realm: 'portal', login: acct.admin.email });
    expect(await settledEmailsTo(t.db, acct.admin.email)).toHaveLength(0);
  });

  it('CP-2: a link expires', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    await (await anon()).auth.requestPasswordReset({ realm: 'product', login: acct.standard.email });
    const { token } = linkIn((await waitForEmail(acct.standard.email, /Reset your Billing Center password/)).text);
    const later = () => new Date(Date.now() + 61 * 60_000);
    await expect((await anon(later)).auth.checkResetToken({ token })).resolves.toEqual({ valid: false });
    await expect((await anon(later)).auth.resetPassword({ token, password: 'too-late-password', confirm: 'too-late-password' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Still usable within the hour, by the product user, and a newer link voids nothing it should not.
    await expect((await anon()).auth.resetPassword({ token, password: 'in-time-password', confirm: 'in-time-password' })).resolves.toEqual({ realm: 'product' });
    await expect(authorizeProduct({ db: t.db, clientIp: null }, { email: acct.standard.email, password: 'in-time-password' })).resolves.toBeTruthy();
  });

  it('CP-2: a completed reset voids the person\'s other outstanding links; the Italian email uses the seeds\' words', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    await t.db.updateTable('users').set({ locale: 'it' }).where('id', '=', acct.admin.id).execute();
    await (await anon()).auth.requestPasswordReset({ realm: 'product', login: acct.admin.email });
    await (await anon()).auth.requestPasswordReset({ realm: 'product', login: acct.admin.email });
    for (let i = 0; i < 100 && (await emailsTo(acct.admin.email)).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const mails = await emailsTo(acct.admin.email);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toBe('Reimposta la password per il Centro fatturazione');
    expect(mails[0]!.text).toMatch(/ID utente/);
    const [a, b] = mails.map((m) => linkIn(m.text).token);
    await (await anon()).auth.resetPassword({ token: a!, password: 'first-link-password', confirm: 'first-link-password' });
    await expect((await anon()).auth.checkResetToken({ token: b! })).resolves.toEqual({ valid: false });
  });

  it('CP-2: requests beyond the per-ID limit are dropped silently (same answer, no email)', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    for (let i = 0; i < 5; i++) await expect((await anon()).auth.requestPasswordReset({ realm: 'product', login: acct.billing.email })).resolves.toEqual({ ok: true });
    // Not a fixed sleep: MailDev may store the third email later than that on a busy machine.
    // The answers come before the work: wait for the three that are sent (the other two are dropped).
    expect(await settledEmailsTo(t.db, acct.billing.email, /Reset your/, { atLeast: 3 })).toHaveLength(3);
  });

  it('CP-2: bad input gets a clear message and changes nothing', async () => {
    const c = await anon();
    const count = async () => (await t.db.selectFrom('password_reset_tokens').select('id').execute()).length;
    const before = await count();
    await expect(c.auth.requestPasswordReset({ realm: 'portal', login: 'not valid!' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('The user ID is not valid.') });
    await expect(c.auth.requestPasswordReset({ realm: 'product', login: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Enter a valid email address.') });
    await expect(c.auth.requestPasswordReset({ realm: 'martian', login: 'x' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.auth.requestPasswordReset({ realm: 'portal', login: 'globex-billing', extra: 1 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.auth.resetPassword({ token: 'short', password: 'long-enough-pw', confirm: 'long-enough-pw' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.auth.resetPassword({ token: 'A'.repeat(43), password: 'short', confirm: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least 10 characters') });
    await expect(c.auth.resetPassword({ token: 'A'.repeat(43), password: 'long-enough-pw', confirm: 'different-pw' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('do not match') });
    await expect(c.auth.checkResetToken({ token: 'x'.repeat(500) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await count()).toBe(before);
  });
});
