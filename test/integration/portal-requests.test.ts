import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { createSmtpMailer, type Mailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { settledEmailsTo } from '../helpers/maildev';
import { callerAs, createAccount, unique } from '../helpers/realms';

/**
 * CP-13 / CP-14 / CP-15, the customer's side, through tRPC on a real database and real SMTP (MailDev):
 * the billing contact files a request in the portal, gets a case number and an acknowledgement email,
 * sees the request and its replies, answers; nothing of another account is reachable.
 */
describe('CP-13 requests to Corporate Account Services from the portal', () => {
  let t: TestDatabase;
  let mailer: Mailer;
  const key = () => randomBytes(12).toString('hex');

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
  });
  afterAll(async () => {
    mailer?.close();
    await t?.drop();
  });

  /** A corporate account of its own (unique emails for MailDev) with a portal login, assigned to Rita. */
  async function corporate(opts: { expired?: boolean } = {}) {
    const loginId = unique('contact');
    const a = await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    await t.db.updateTable('accounts').set({ sales_rep_staff_id: DEMO_IDS.staff.rita }).where('id', '=', a.accountId).execute();
    const start = new Date(Date.now() - 100 * 86_400_000);
    const end = new Date(Date.now() + 265 * 86_400_000);
    const active = newId('sub');
    const expired = newId('sub');
    await t.db.insertInto('subscriptions').values([
      { id: active, account_id: a.accountId, product_id: 'prd_meeting', tier_id: 'tier_meeting_business', seats: 20, frequency: 'annual', status: 'active', current_period_start: start, current_period_end: end, currency: 'USD' },
      ...(opts.expired ? [{ id: expired, account_id: a.accountId, product_id: 'prd_training', tier_id: 'tier_training_business', seats: 5, frequency: 'annual' as const, status: 'expired' as const, currency: 'USD' as const }] : []),
    ]).execute();
    const portal = await callerAs({ db: t.db, mailer }, { portal: loginId });
    return { ...a, loginId, portal, active, expired, termEnd: end };
  }

  it('CP-13: Submit files the request with a readable case number, an acknowledgement to the contact and a notice to the rep', async () => {
    const a = await corporate();
    const created = await a.portal.portal.requests.create({ category: 'form_request', subcategory: 'w9_vendor_regional_forms', details: 'W-9', submissionKey: key() });
    expect(created.caseNumber).toMatch(new RegExp(`^CAS-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(created.duplicate).toBe(false);
    const ack = await settledEmailsTo(t.db, a.billing.email, /We received your request/, { atLeast: 1 });
    expect(ack).toHaveLength(1);
    expect(ack[0]!.subject).toBe(`We received your request ${created.caseNumber}`);
    expect(ack[0]!.text).toContain('Form Requests > W-9/Vendor Form/Regional Forms');
    expect(ack[0]!.text).toContain(`/portal/requests/${created.requestId}`);
    const notice = await settledEmailsTo(t.db, 'rita.rep@seatplan.example', new RegExp(`New request ${created.caseNumber}`), { atLeast: 1 });
    expect(notice[0]!.text).toContain(`/backoffice/requests/${created.requestId}`);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_realm']).where('subject_id', '=', created.requestId).execute();
    expect(audit).toEqual([{ action: 'portal.request_created', actor_realm: 'portal' }]);
  });

  it('CP-13: a contact whose language is Italian gets the acknowledgement in Italian, with seed 004\'s category words', async () => {
    const a = await corporate();
    await t.db.updateTable('users').set({ locale: 'it' }).where('id', '=', a.billing.id).execute();
    const created = await a.portal.portal.requests.create({ category: 'form_request', subcategory: 'w9_vendor_regional_forms', details: 'W-9', submissionKey: key() });
    const [ack] = await settledEmailsTo(t.db, a.billing.email, /Abbiamo ricevuto la tua richiesta/, { atLeast: 1 });
    expect(ack!.subject).toBe(`Abbiamo ricevuto la tua richiesta ${created.caseNumber}`);
    expect(ack!.text).toContain('ai Servizi per account Corporate (Form Requests > W-9/Vendor Form/Regional Forms)');
    expect(ack!.text).toContain('Dettagli:\nW-9');
  });

  it('CP-13: the same Submit twice (a double click, a retry) files one request and sends one acknowledgement', async () => {
    const a = await corporate();
    const submissionKey = key();
    const input = { category: 'billing_frequency' as const, details: 'We would like to be billed quarterly.', submissionKey };
    const [one, two] = await Promise.all([a.portal.portal.requests.create(input), a.portal.portal.requests.create(input)]);
    expect(two.requestId).toBe(one.requestId);
    expect([one.duplicate, two.duplicate].sort()).toEqual([false, true]);
    expect(await a.portal.portal.requests.list()).toHaveLength(1);
    expect(await settledEmailsTo(t.db, a.billing.email, /We received your request/)).toHaveLength(1);
  });

  it('CP-13: bad input gets a clear error in the caller\'s language and files nothing', async () => {
    const a = await corporate();
    const bad = [
      { category: 'other', details: '   ', submissionKey: key() },
      { category: 'form_request', details: 'W-9', submissionKey: key() }, // the topic is missing
      { category: 'other', subcategory: 'w9_vendor_regional_forms', details: 'x', submissionKey: key() },
      { category: 'cancellation', details: 'Please cancel', submissionKey: key() }, // which subscription?
      { category: 'nonsense', details: 'x', submissionKey: key() },
      { category: 'other', details: 'x'.repeat(5001), submissionKey: key() },
      { category: 'other', details: 'x', submissionKey: 'short' },
    ];
    for (const input of bad) await expect(a.portal.portal.requests.create(input as never), JSON.stringify(input).slice(0, 80)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const italian = await callerAs({ db: t.db, mailer, locale: 'it' }, { portal: a.loginId });
    await expect(italian.portal.requests.create({ category: 'reactivation', subscriptionId: a.active, details: 'Riattivate', submissionKey: key() })).rejects.toThrow(
      'Solo una sottoscrizione scaduta può essere riattivata. Scegline una scaduta, oppure "Altro".',
    );
    await expect(italian.portal.requests.create({ category: 'other', details: '  ', submissionKey: key() })).rejects.toThrow('Scrivi i dettagli della richiesta (al massimo 5.000 caratteri).');
    await expect(a.portal.portal.requests.create({ category: 'cancellation', subscriptionId: DEMO_IDS.subscriptions.globexMeeting, details: 'Not ours', submissionKey: key() })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Choose one of your subscriptions.' });
    expect(await t.db.selectFrom('requests').select('id').where('account_id', '=', a.accountId).execute()).toEqual([]);
  });

  it('CP-14 / CP-15: reactivation names an expired subscription, cancellation an active one; a cancellation already recorded is refused', async () => {
    const a = await corporate({ expired: true });
    const options = await a.portal.portal.requests.formOptions();
    expect(options.subscriptions.map((s) => [s.id, s.reactivation, s.cancellation]).sort()).toEqual([[a.active, false, true], [a.expired, true, false]].sort());
    const re = await a.portal.portal.requests.create({ category: 'reactivation', subscriptionId: a.expired, details: 'We need Training again.', submissionKey: key() });
    const cancel = await a.portal.portal.requests.create({ category: 'cancellation', subscriptionId: a.active, details: 'Please do not renew Meeting.', submissionKey: key() });
    const got = await a.portal.portal.requests.get({ requestId: cancel.requestId });
    expect(got.subscription).toMatchObject({ product: 'Meeting', status: 'active', cancelAtPeriodEnd: false });
    expect((await a.portal.portal.requests.get({ requestId: re.requestId })).subscription).toMatchObject({ product: 'Training', status: 'expired' });
    await t.db.updateTable('subscriptions').set({ cancel_at_period_end: true, cancel_requested_at: new Date() }).where('id', '=', a.active).execute();
    await expect(a.portal.portal.requests.create({ category: 'cancellation', subscriptionId: a.active, details: 'Again', submissionKey: key() })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await a.portal.portal.requests.formOptions()).subscriptions.find((s) => s.id === a.active)?.cancellation).toBe(false);
  });

  it('CP-13: the contact sees only their own requests; another account\'s request is NOT_FOUND, and so is a reply to it', async () => {
    const a = await corporate();
    const b = await corporate();
    const mine = await a.portal.portal.requests.create({ category: 'other', details: 'Ours', submissionKey: key() });
    const theirs = await b.portal.portal.requests.create({ category: 'other', details: 'Theirs', submissionKey: key() });
    expect((await a.portal.portal.requests.list()).map((r) => r.id)).toEqual([mine.requestId]);
    await expect(a.portal.portal.requests.get({ requestId: theirs.requestId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.portal.portal.requests.reply({ requestId: theirs.requestId, body: 'Sneaky' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.portal.portal.requests.get({ requestId: 'req_doesnotexist' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.selectFrom('request_messages').select('id').where('request_id', '=', theirs.requestId).execute()).toEqual([]);
  });

  it('CP-13: the contact answers; a resolved request is reopened and the staff member working it is told', async () => {
    const a = await corporate();
    const r = await a.portal.portal.requests.create({ category: 'seats_products', details: 'Ten more seats of Meeting?', submissionKey: key() });
    await t.db.updateTable('requests').set({ status: 'resolved', resolved_at: new Date(), assigned_staff_id: DEMO_IDS.staff.nora }).where('id', '=', r.requestId).execute();
    const answered = await a.portal.portal.requests.reply({ requestId: r.requestId, body: 'Actually, twelve.' });
    expect(answered).toMatchObject({ status: 'open', reopened: true });
    const got = await a.portal.portal.requests.get({ requestId: r.requestId });
    expect(got.status).toBe('open');
    expect(got.resolvedAt).toBeNull();
    expect(got.messages.map((m) => [m.fromStaff, m.body, m.author])).toEqual([[false, 'Actually, twelve.', a.billing.name]]);
    const notice = await settledEmailsTo(t.db, 'nora.cas@seatplan.example', new RegExp(`replied on request ${got.caseNumber}`), { atLeast: 1 });
    expect(notice[0]!.text).toContain('Actually, twelve.');
  });

  it('CP-13: a portal session cannot reach the back office, and staff cannot file a request as a customer', async () => {
    const a = await corporate();
    await expect(a.portal.backoffice.requests.list()).rejects.toBeInstanceOf(TRPCError);
    await expect(a.portal.backoffice.requests.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const rita = await callerAs({ db: t.db, mailer }, { staff: 'rita.rep@seatplan.example' });
    await expect(rita.portal.requests.create({ category: 'other', details: 'x', submissionKey: key() })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
