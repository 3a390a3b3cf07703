import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { createSmtpMailer, type Mailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { settledEmailsTo } from '../helpers/maildev';
import { callerAs, createAccount, unique } from '../helpers/realms';

/**
 * BO-1 request queue (CP-13, CP-14, CP-15), the staff side, through tRPC on a real database and real
 * SMTP: a rep works the requests of their own accounts only, Corporate Account Services those of every
 * account, operations none; every action is audited and what the contact should know reaches them by
 * email and in the portal.
 */
describe('BO-1 the request queue of sales reps and Corporate Account Services', () => {
  let t: TestDatabase;
  let mailer: Mailer;
  const key = () => randomBytes(12).toString('hex');
  const staff = (email: string) => callerAs({ db: t.db, mailer }, { staff: email });

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
    await t.db.insertInto('staff').values({ id: 'staff_queue_vera', email: 'vera.rep@queue.example', name: 'Vera Rep', password_hash: 'not-used', role: 'sales_rep' }).execute();
  });
  afterAll(async () => {
    mailer?.close();
    await t?.drop();
  });

  async function corporate(repId: string) {
    const loginId = unique('queue');
    const a = await createAccount(t.db, { kind: 'corporate', portalLoginId: loginId });
    await t.db.updateTable('accounts').set({ sales_rep_staff_id: repId }).where('id', '=', a.accountId).execute();
    const start = new Date(Date.now() - 100 * 86_400_000);
    const end = new Date(Date.now() + 265 * 86_400_000);
    const subscriptionId = newId('sub');
    await t.db.insertInto('subscriptions').values({ id: subscriptionId, account_id: a.accountId, product_id: 'prd_webinar', tier_id: 'tier_webinar_business', seats: 8, frequency: 'annual', status: 'active', current_period_start: start, current_period_end: end, currency: 'USD' }).execute();
    const portal = await callerAs({ db: t.db, mailer }, { portal: loginId });
    const file = (input: { category: 'other' | 'cancellation' | 'reactivation' | 'seats_products'; details: string; subscriptionId?: string }) => portal.portal.requests.create({ ...input, submissionKey: key() });
    return { ...a, portal, subscriptionId, termEnd: end, file };
  }

  it('BO-1: a rep sees only the requests of their own accounts, oldest first with age; CAS sees every account\'s; ops is refused', async () => {
    const ritas = await corporate(DEMO_IDS.staff.rita);
    const veras = await corporate('staff_queue_vera');
    const first = await ritas.file({ category: 'other', details: 'First' });
    const second = await ritas.file({ category: 'other', details: 'Second' });
    const other = await veras.file({ category: 'other', details: 'Vera\'s customer' });
    await t.db.updateTable('requests').set({ created_at: new Date(Date.now() - 3 * 3600_000) }).where('id', '=', first.requestId).execute();
    const rita = await staff('rita.rep@seatplan.example');
    const queue = await rita.backoffice.requests.list({ accountId: ritas.accountId });
    expect(queue.rows.map((r) => r.id)).toEqual([first.requestId, second.requestId]);
    expect(queue.rows[0]!.ageSeconds).toBeGreaterThanOrEqual(3 * 3600 - 5);
    const all = await rita.backoffice.requests.list();
    expect(all.rows.some((r) => r.id === other.requestId)).toBe(false);
    expect(all.rows.every((r) => r.account.id !== veras.accountId)).toBe(true);
    await expect(rita.backoffice.requests.get({ requestId: other.requestId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rita.backoffice.requests.reply({ requestId: other.requestId, body: 'Not mine', status: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const nora = await staff('nora.cas@seatplan.example');
    const everything = (await nora.backoffice.requests.list()).rows.map((r) => r.id);
    expect(everything).toEqual(expect.arrayContaining([first.requestId, second.requestId, other.requestId, DEMO_IDS.globexRequest]));
    const otto = await staff('otto.ops@seatplan.example');
    await expect(otto.backoffice.requests.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(otto.backoffice.requests.reply({ requestId: first.requestId, body: 'ops', status: 'open' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('BO-1: the queue pages by keyset without skipping or repeating a request, and filters by status, assignee and category', async () => {
    const a = await corporate(DEMO_IDS.staff.rita);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await a.file({ category: i % 2 ? 'seats_products' : 'other', details: `Request ${i}` })).requestId);
    const nora = await staff('nora.cas@seatplan.example');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      pages++;
      const p: Awaited<ReturnType<typeof nora.backoffice.requests.list>> = await nora.backoffice.requests.list({ accountId: a.accountId, cursor, limit: 3 });
      expect(p.rows.length).toBeLessThanOrEqual(3);
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    const seats = await nora.backoffice.requests.list({ accountId: a.accountId, category: 'seats_products' });
    expect(seats.rows.map((r) => r.id)).toEqual(ids.filter((_, i) => i % 2));
    await nora.backoffice.requests.assignToSelf({ requestId: ids[0]! });
    expect((await nora.backoffice.requests.list({ accountId: a.accountId, assignee: 'me' })).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect((await nora.backoffice.requests.list({ accountId: a.accountId, assignee: 'unassigned' })).rows).toHaveLength(6);
    await expect(nora.backoffice.requests.list({ cursor: '%%%' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('BO-1 CP-13: a reply reaches the contact by email and in the portal; status, resolution and reopening are audited', async () => {
    const a = await corporate(DEMO_IDS.staff.rita);
    const r = await a.file({ category: 'other', details: 'Can you send last year\'s invoices again?' });
    const rita = await staff('rita.rep@seatplan.example');
    expect((await rita.backoffice.requests.assignToSelf({ requestId: r.requestId })).changed).toBe(true);
    expect((await rita.backoffice.requests.assignToSelf({ requestId: r.requestId })).changed).toBe(false);
    await rita.backoffice.requests.reply({ requestId: r.requestId, body: 'Sure — which invoice numbers do you need?', status: 'waiting_for_customer' });
    const reply = await settledEmailsTo(t.db, a.billing.email, /Reply to your request/, { atLeast: 1 });
    expect(reply).toHaveLength(1);
    expect(reply[0]!.text).toContain('Sure — which invoice numbers do you need?');
    expect(reply[0]!.text).toContain('Rita Rep (Corporate Account Services)');
    const seen = await a.portal.portal.requests.get({ requestId: r.requestId });
    expect(seen.status).toBe('waiting_for_customer');
    expect(seen.messages.map((m) => [m.fromStaff, m.author, m.body])).toEqual([[true, 'Rita Rep', 'Sure — which invoice numbers do you need?']]);

    await rita.backoffice.requests.setStatus({ requestId: r.requestId, status: 'open' });
    await rita.backoffice.requests.resolve({ requestId: r.requestId, note: 'Sent the 2025 invoices as PDFs.' });
    const resolved = await settledEmailsTo(t.db, a.billing.email, /is resolved/, { atLeast: 1 });
    expect(resolved[0]!.text).toContain('Sent the 2025 invoices as PDFs.');
    const view = await rita.backoffice.requests.get({ requestId: r.requestId });
    expect(view).toMatchObject({ status: 'resolved', resolutionNote: 'Sent the 2025 invoices as PDFs.', resolvedBy: 'Rita Rep', assignedToMe: true });
    await expect(rita.backoffice.requests.resolve({ requestId: r.requestId, note: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await rita.backoffice.requests.setStatus({ requestId: r.requestId, status: 'open' });
    expect((await rita.backoffice.requests.get({ requestId: r.requestId })).resolvedAt).toBeNull();
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'data']).where('subject_id', '=', r.requestId).orderBy('id').execute();
    expect(audit.map((e) => e.action)).toEqual(['portal.request_created', 'staff.request_assigned', 'staff.request_replied', 'staff.request_status_changed', 'staff.request_resolved', 'staff.request_status_changed']);
    expect(audit.filter((e) => e.action.startsWith('staff.')).every((e) => e.actor_id === DEMO_IDS.staff.rita)).toBe(true);
    expect(audit[4]!.data).toMatchObject({ before: 'open', after: 'resolved' });
  });

  it('CP-14: a reactivation is answered with a pending quote of the same account; another account\'s quote or a decided one is refused', async () => {
    const a = await corporate(DEMO_IDS.staff.rita);
    await t.db.insertInto('subscriptions').values({ id: newId('sub'), account_id: a.accountId, product_id: 'prd_training', tier_id: 'tier_training_business', seats: 5, frequency: 'annual', status: 'expired', currency: 'USD' }).execute();
    const expired = (await a.portal.portal.requests.formOptions()).subscriptions.find((s) => s.reactivation)!;
    const r = await a.file({ category: 'reactivation', subscriptionId: expired.id, details: 'Please reactivate Training.' });
    // A sent (pending) quote: since 0050 a new quote row is a draft, and a sent one has its sent_at.
    const quoteId = newId('quo');
    await t.db.insertInto('quotes').values({ id: quoteId, account_id: a.accountId, source: 'sales_rep', currency: 'USD', subtotal: 150_000n, total: 150_000n, expires_at: new Date(Date.now() + 30 * 86_400_000), created_by_staff_id: DEMO_IDS.staff.rita, status: 'pending', sent_at: new Date() }).execute();
    const nora = await staff('nora.cas@seatplan.example');
    await expect(nora.backoffice.requests.answerWithQuote({ requestId: r.requestId, quoteId: DEMO_IDS.globexQuote, body: 'Wrong account' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await nora.backoffice.requests.answerWithQuote({ requestId: r.requestId, quoteId, body: 'Here is the quote for a new annual term of Training.' });
    const mail = await settledEmailsTo(t.db, a.billing.email, /Reply to your request/, { atLeast: 1 });
    expect(mail[0]!.text).toContain(`/portal/quotes/${quoteId}`);
    const seen = await a.portal.portal.requests.get({ requestId: r.requestId });
    expect(seen).toMatchObject({ status: 'waiting_for_customer', quote: { id: quoteId } });
    expect(seen.messages[0]!.quote?.id).toBe(quoteId);
    await t.db.updateTable('quotes').set({ status: 'rejected', decided_at: new Date() }).where('id', '=', quoteId).execute();
    await expect(nora.backoffice.requests.answerWithQuote({ requestId: r.requestId, quoteId, body: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('CP-15: a cancellation request is recorded at term end on the subscription (audited, emailed), and can be withdrawn; ops cannot', async () => {
    const a = await corporate(DEMO_IDS.staff.rita);
    const r = await a.file({ category: 'cancellation', subscriptionId: a.subscriptionId, details: 'Please do not renew Webinar.' });
    const otto = await staff('otto.ops@seatplan.example');
    await expect(otto.backoffice.accounts.recordCancellation({ subscriptionId: a.subscriptionId, requestId: r.requestId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const vera = await staff('vera.rep@queue.example');
    await expect(vera.backoffice.accounts.recordCancellation({ subscriptionId: a.subscriptionId, requestId: r.requestId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rita = await staff('rita.rep@seatplan.example');
    const done = await rita.backoffice.accounts.recordCancellation({ subscriptionId: a.subscriptionId, requestId: r.requestId });
    expect(done.endsAt).toEqual(a.termEnd);
    const sub = await t.db.selectFrom('subscriptions').select(['status', 'cancel_at_period_end', 'cancel_requested_at', 'current_period_end']).where('id', '=', a.subscriptionId).executeTakeFirstOrThrow();
    expect(sub).toMatchObject({ status: 'active', cancel_at_period_end: true, current_period_end: a.termEnd });
    expect(sub.cancel_requested_at).toBeInstanceOf(Date);
    await expect(rita.backoffice.accounts.recordCancellation({ subscriptionId: a.subscriptionId, requestId: r.requestId })).rejects.toMatchObject({ code: 'CONFLICT' });
    const mail = await settledEmailsTo(t.db, a.billing.email, /Cancellation of Webinar/, { atLeast: 1 });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(`(request ${(await a.portal.portal.requests.get({ requestId: r.requestId })).caseNumber})`);
    expect((await a.portal.portal.requests.get({ requestId: r.requestId })).subscription).toMatchObject({ cancelAtPeriodEnd: true });
    await expect(rita.backoffice.accounts.withdrawCancellation({ subscriptionId: a.subscriptionId, reason: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await rita.backoffice.accounts.withdrawCancellation({ subscriptionId: a.subscriptionId, reason: 'The customer changed their mind.' });
    expect(await t.db.selectFrom('subscriptions').select(['cancel_at_period_end', 'cancel_requested_at']).where('id', '=', a.subscriptionId).executeTakeFirstOrThrow()).toEqual({ cancel_at_period_end: false, cancel_requested_at: null });
    await settledEmailsTo(t.db, a.billing.email, /Webinar will renew/, { atLeast: 1 });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'data']).where('subject_id', '=', a.subscriptionId).orderBy('id').execute();
    expect(audit.map((e) => e.action)).toEqual(['staff.cancellation_recorded', 'staff.cancellation_withdrawn']);
    expect(audit[0]!.data).toMatchObject({ requestId: r.requestId, periodEnd: a.termEnd.toISOString() });
    expect(audit[1]!.data).toMatchObject({ reason: 'The customer changed their mind.' });
  });

  it('BO-1: staff errors are told in the staff member\'s language', async () => {
    const it = await callerAs({ db: t.db, mailer, locale: 'it' }, { staff: 'otto.ops@seatplan.example' });
    await expect(it.backoffice.requests.list()).rejects.toThrow('Il tuo ruolo non può farlo nel back office.');
    const rita = await callerAs({ db: t.db, mailer, locale: 'it' }, { staff: 'rita.rep@seatplan.example' });
    await expect(rita.backoffice.requests.get({ requestId: 'req_nope' })).rejects.toThrow('Questa richiesta non esiste.');
  });
});
