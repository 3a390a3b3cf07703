import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/seed/demo';
import { RULES } from '../../../server/auth/throttle';
import { authorizeProduct } from '../../../server/auth/sign-in';
import { createSmtpMailer, type Mailer } from '../../../server/email/transport';
import { env } from '../../../server/env';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { settledEmailsTo, waitForEmail } from '../../helpers/maildev';
import { callerAs, callerWithSession, createAccount, sessionFor } from '../../helpers/realms';

describe('BC-7 personal account, AC-1 Add licenses, AC-3 who is the billing contact', () => {
  let t: TestDatabase;
  let mailer: Mailer;
  const as = (email: string) => callerAs({ db: t.db, mailer }, { product: email });

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
  });
  afterAll(async () => {
    mailer?.close();
    await t?.drop();
  });

  it('BC-7: the personal account page shows the profile and the user\'s own product seats only', async () => {
    await expect((await as('sam@northwind.example')).account.me()).resolves.toEqual({
      profile: { name: 'Sam Standard', email: 'sam@northwind.example', role: 'standard', isBillingContact: false, locale: 'en' },
      account: { name: 'Northwind Traders', kind: 'online' },
      seats: [{ productId: 'prd_meeting', productName: 'Meeting', tierName: 'Business', status: 'active' }],
    });
    const adam = await (await as('adam@northwind.example')).account.me();
    expect(adam.seats.map((s) => s.productName)).toEqual(['Meeting', 'Webinar']);
  });

  it('AC-3: only the billing contact and account admins learn who the billing contact is; a corporate account\'s only to the contact (004)', async () => {
    await expect((await as('adam@northwind.example')).account.billingContact()).resolves.toEqual({ billingContact: { name: 'Bella Billing', email: 'bella@northwind.example' } });
    await expect((await as('bella@northwind.example')).account.billingContact()).resolves.toEqual({ billingContact: { name: 'Bella Billing', email: 'bella@northwind.example' } });
    await expect((await as('carla@globex.example')).account.billingContact()).resolves.toEqual({ billingContact: { name: 'Carla Contact', email: 'carla@globex.example' } });
    for (const email of ['sam@northwind.example', 'stan@globex.example', 'alan@globex.example']) {
      const c = await as(email);
      await expect(c.account.canSeeBillingContact()).resolves.toBe(false);
      const err = await c.account.billingContact().then(() => null, (e: Error) => e);
      expect(err).toMatchObject({ code: 'FORBIDDEN' });
      expect(err!.message).not.toMatch(/Bella|Carla|@/);
    }
  });

  it('AC-1: the billing admin of an online account is sent to the Subscriptions page', async () => {
    await expect((await as('bella@northwind.example')).admin.addLicenses()).resolves.toEqual({ outcome: 'subscriptions' });
  });

  it('AC-1: a non-billing admin is told to contact the billing admin, by name and email', async () => {
    await expect((await as('adam@northwind.example')).admin.addLicenses()).resolves.toEqual({
      outcome: 'contact_billing_admin', billingAdmin: { name: 'Bella Billing', email: 'bella@northwind.example' },
    });
  });

  it('AC-1: a corporate-managed account is told to pick a product to go to billing (and learns no name)', async () => {
    for (const email of ['alan@globex.example', 'carla@globex.example']) {
      const r = await (await as(email)).admin.addLicenses();
      // Expired corporate subscriptions too: the portal is where their reactivation is requested (CP-14).
      expect(r).toEqual({ outcome: 'corporate', products: [{ id: 'prd_meeting', name: 'Meeting' }, { id: 'prd_webinar', name: 'Webinar' }, { id: 'prd_training', name: 'Training' }] });
    }
  });

  it('AC-1: a standard user has no Admin Center', async () => {
    await expect((await as('sam@northwind.example')).admin.addLicenses()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await as('sam@northwind.example')).admin.emailBillingAdmin({ message: 'hi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('AC-1: Email billing admin really reaches the billing admin through SMTP, and is rate-limited per sender', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const admin = await as(acct.admin.email);
    await expect(admin.admin.emailBillingAdmin({ message: '  Please add 5 Meeting licenses for the new team.  ' })).resolves.toEqual({ sentTo: acct.billing.email });
    const mail = await waitForEmail(acct.billing.email, new RegExp(`${acct.admin.name} asks for a change`));
    expect(mail.text).toContain('Please add 5 Meeting licenses for the new team.');
    expect(mail.text).toContain(acct.admin.email);
    expect(mail.text).toContain('/billing/subscriptions');
    for (let i = 1; i < RULES.billingAdminEmailPerUser.points; i++) await admin.admin.emailBillingAdmin({ message: `again ${i}` });
    await expect(admin.admin.emailBillingAdmin({ message: 'one too many' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/Try again in \d+ minutes/),
    });
    expect(await settledEmailsTo(t.db, acct.billing.email)).toHaveLength(RULES.billingAdminEmailPerUser.points);
    // The billing admin does not email themself; the corporate admin has no such action.
    await expect((await as(acct.billing.email)).admin.emailBillingAdmin({ message: 'me' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect((await as('alan@globex.example')).admin.emailBillingAdmin({ message: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('AC-1: bad input on Email billing admin gets a clear message and sends nothing', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const admin = await as(acct.admin.email);
    await expect(admin.admin.emailBillingAdmin({ message: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Write a message') });
    await expect(admin.admin.emailBillingAdmin({ message: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('too long') });
    await expect(admin.admin.emailBillingAdmin({ message: 'ok', to: 'attacker@evil.example' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await settledEmailsTo(t.db, acct.billing.email)).toHaveLength(0);
  });

  it('BC-7: a password change asks for the current password and ends the user\'s sessions', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    await t.db.updateTable('users').set({ sessions_valid_after: new Date(Date.now() - 7_200_000) }).where('id', '=', acct.standard.id).execute();
    const session = await sessionFor(t.db, { product: acct.standard.email }, Math.floor(Date.now() / 1000) - 60);
    const c = callerWithSession({ db: t.db }, session);
    await expect(c.account.changePassword({ currentPassword: 'wrong-one', newPassword: 'my-new-password', confirm: 'my-new-password' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: 'The current password is not correct.',
    });
    await expect(authorizeProduct({ db: t.db, clientIp: null }, { email: acct.standard.email, password: 'seatplan-demo' })).resolves.toBeTruthy();
    await expect(c.account.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'my-new-password', confirm: 'my-new-password' })).resolves.toEqual({ ok: true });
    await expect(c.account.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(authorizeProduct({ db: t.db, clientIp: null }, { email: acct.standard.email, password: 'my-new-password' })).resolves.toBeTruthy();
    await expect(authorizeProduct({ db: t.db, clientIp: null }, { email: acct.standard.email, password: 'seatplan-demo' })).rejects.toThrow();
  });

  it('BC-7: bad input on the password change gets a clear message and changes nothing', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const c = await as(acct.standard.email);
    const hash = async () => (await t.db.selectFrom('users').select('password_hash').where('id', '=', acct.standard.id).executeTakeFirstOrThrow()).password_hash;
    const before = await hash();
    await expect(c.account.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'short', confirm: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least 10 characters') });
    await expect(c.account.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'long-enough-1', confirm: 'long-enough-2' })).rejects.toMatchObject({ message: expect.stringContaining('do not match') });
    await expect(c.account.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'seatplan-demo', confirm: 'seatplan-demo' })).rejects.toMatchObject({ message: expect.stringContaining('different from the current') });
    await expect(c.account.changePassword({ currentPassword: '', newPassword: 'long-enough-1', confirm: 'long-enough-1' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.account.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'long-enough-1', confirm: 'long-enough-1', role: 'account_admin' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await hash()).toBe(before);
    await expect(c.account.me()).resolves.toMatchObject({ profile: { role: 'standard' } });
  });

  it('BC-7 AC-1 CP-1: unexpected input on every identity query is refused clearly', async () => {
    const product = await as('adam@northwind.example');
    const portal = await callerAs({ db: t.db }, { portal: 'globex-billing' });
    const staff = await callerAs({ db: t.db }, { staff: 'otto.ops@seatplan.example' });
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['account.me', () => product.account.me({ accountId: 'acct_globex' } as never)],
      ['account.billingContact', () => product.account.billingContact({ accountId: 'acct_globex' } as never)],
      ['account.canSeeBillingContact', () => product.account.canSeeBillingContact({ x: 1 } as never)],
      ['admin.addLicenses', () => product.admin.addLicenses({ outcome: 'subscriptions' } as never)],
      ['portal.me', () => portal.portal.me({ accountId: 'acct_northwind' } as never)],
      ['staff.me', () => staff.staff.me({ role: 'sales_rep' } as never)],
    ];
    for (const [name, call] of calls) await expect(call(), name).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/unrecognized key/i) });
  });

  it('BC-7: wrong current passwords are throttled like sign-in failures', async () => {
    const acct = await createAccount(t.db, { kind: 'online' });
    const c = await as(acct.standard.email);
    for (let i = 0; i < RULES.signInPerLogin.points; i++) {
      await expect(c.account.changePassword({ currentPassword: `wrong-${i}`, newPassword: 'long-enough-1', confirm: 'long-enough-1' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(c.account.changePassword({ currentPassword: 'seatplan-demo', newPassword: 'long-enough-1', confirm: 'long-enough-1' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});
