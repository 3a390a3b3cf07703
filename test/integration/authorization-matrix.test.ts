/**
 * AUTHORIZATION MATRIX — every tRPC procedure × every role of every realm (+ anonymous, + a user of
 * another account). The allowed set is asserted exactly, and the list of procedures is read from
 * appRouter itself, so a procedure added without an entry here fails this test.
 *
 * ADDING A PROCEDURE (checkout/trial-conversion and later work): add ONE entry to `MATRIX` below,
 * keyed by the procedure's path ('orders.get'), with
 *   - `allowed`: the roles that get past authorization (see ROLES; `otherAccount` is the billing admin
 *     of ANOTHER online account calling with inputs that name the fixture account's resources — it
 *     must be denied wherever the input names a resource, and may be allowed for account-scoped
 *     calls, whose responses are then checked for any trace of the fixture account);
 *   - `input`: what to call it with. For a query, a real input. For a mutation, an input that gets
 *     past authorization without lasting harm (an invalid payload yields BAD_REQUEST, which counts
 *     as "allowed": the gate let it through).
 * Outcomes: success or any error other than UNAUTHORIZED / FORBIDDEN / NOT_FOUND = allowed;
 * UNAUTHORIZED / FORBIDDEN / NOT_FOUND = denied; INTERNAL_SERVER_ERROR fails the test.
 * AC-3 is checked on the way: no response to someone who may not know the billing contact names them.
 */
import { randomUUID } from 'node:crypto';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber, nextInvoiceNumber } from '../../db/invoice-numbers';
import { DEMO_IDS, seedDemo } from '../../db/seed/demo';
import { createSmtpMailer, type Mailer } from '../../server/email/transport';
import { env } from '../../server/env';
import { appRouter } from '../../server/trpc/root';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { callerAs, createAccount, type Who } from '../helpers/realms';

const ROLES = {
  anonymous: 'anonymous',
  standard: { product: 'sam@northwind.example' },
  accountAdmin: { product: 'adam@northwind.example' },
  billingAdmin: { product: 'giulia@bottega-rossi.example' },
  corporateStandard: { product: 'stan@globex.example' },
  corporateAdmin: { product: 'alan@globex.example' },
  corporateBillingContact: { product: 'carla@globex.example' },
  portal: { portal: 'globex-billing' },
  salesRep: { staff: 'rita.rep@seatplan.example' },
  /** A sales rep with an account of their own, not Globex (Rita's): must never see Rita's accounts. */
  otherRep: { staff: 'vera.rep@matrix.example' },
  cas: { staff: 'nora.cas@seatplan.example' },
  ops: { staff: 'otto.ops@seatplan.example' },
  otherAccount: { product: 'bella@northwind.example' },
} as const satisfies Record<string, Who>;
type Role = keyof typeof ROLES;

const ALL = Object.keys(ROLES) as Role[];
const PRODUCT: Role[] = ['standard', 'accountAdmin', 'billingAdmin', 'corporateStandard', 'corporateAdmin', 'corporateBillingContact', 'otherAccount'];

interface Fixtures {
  /** An order of the fixture account (Bottega Rossi, whose billing admin is `billingAdmin`). */
  orderId: string;
  /** An invoice of the fixture account. */
  invoiceId: string;
  /** A (failed) invoice payment order of Globex, the portal user's account (CP-6). */
  invoicePaymentOrderId: string;
  /** A credit note of the fixture account, correcting that invoice. */
  creditNoteId: string;
  /** A decided (rejected) quote of Globex: every write on it is refused after authorization (CONFLICT). */
  closedQuoteId: string;
  /** A draft service order of Globex (on that quote). */
  serviceOrderId: string;
  /** A request of Globex (Rita's corporate account) to Corporate Account Services. */
  requestId: string;
  /** An expired Globex subscription: cancelling it is refused (CONFLICT) after the gate, and harmless. */
  expiredSubscriptionId: string;
}
interface Entry {
  allowed: Role[];
  input: (fx: Fixtures) => unknown;
}

const S = DEMO_IDS.subscriptions;
const MATRIX: Record<string, Entry> = {
  // ---- BC-2 / WF-1 (Billing Center, billing admin of an online account) ----
  'subscriptions.list': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  'subscriptions.status': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting }) },
  'subscriptions.startTrial': { allowed: ['billingAdmin', 'otherAccount'], input: () => ({ productId: 'not a product' }) },
  // ---- BC-3 / BC-5 cart, checkout, orders ----
  'cart.get': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  'cart.add': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaRemoteSupport, tierId: 'tier_remote_support_v5_business', seats: 1, frequency: 'monthly' }) },
  'cart.addChange': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'monthly' }) },
  'cart.remove': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting }) },
  'checkout.orderForm': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaRemoteSupport }) },
  'checkout.setupCard': { allowed: ['billingAdmin', 'otherAccount'], input: () => ({ unexpected: true }) },
  'checkout.placeOrder': { allowed: ['billingAdmin', 'otherAccount'], input: () => ({ cartId: 'not a cart' }) },
  'orders.get': { allowed: ['billingAdmin'], input: (fx) => ({ orderId: fx.orderId }) },
  'orders.list': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  'orders.paymentActionDone': { allowed: ['billingAdmin'], input: (fx) => ({ orderId: fx.orderId }) },
  // ---- BC-4 / WF-2 modify a subscription (billing admin; Bottega's subscriptions are trials, so the
  // gate lets Giulia through to a CONFLICT "only an active subscription", and Bella gets NOT_FOUND) ----
  'subscriptionChange.form': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting }) },
  'subscriptionChange.preview': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_enterprise', seats: 2, frequency: 'monthly' }) },
  'subscriptionChange.place': { allowed: ['billingAdmin', 'otherAccount'], input: () => ({ subscriptionId: S.bottegaMeeting, quoteToken: 'not a token' }) },
  'subscriptionChange.creditBalance': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  // ---- BC-9 renewals, dunning, payment method (billing admin of an online account; the fixture invoice is
  // the open renewal invoice of Bottega's Meeting, whose subscription is a trial, so cancel/undo are CONFLICTs) ----
  'paymentMethod.get': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  'paymentMethod.replace': { allowed: ['billingAdmin', 'otherAccount'], input: () => ({ paymentMethodId: 'pm_matrix_missing' }) },
  'renewals.states': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  'renewals.cancelAtPeriodEnd': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting }) },
  'renewals.undoCancel': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting }) },
  'renewals.payPage': { allowed: ['billingAdmin'], input: (fx) => ({ invoiceId: fx.invoiceId }) },
  'renewals.payNow': { allowed: ['billingAdmin'], input: (fx) => ({ invoiceId: fx.invoiceId, requestId: 'matrix-request-0001' }) },
  'renewals.payNowAction': { allowed: ['billingAdmin'], input: (fx) => ({ invoiceId: fx.invoiceId, requestId: 'matrix-request-0001' }) },
  'renewals.payNowActionDone': { allowed: ['billingAdmin'], input: (fx) => ({ invoiceId: fx.invoiceId }) },
  // ---- BC-8 billing history ----
  'invoices.history': { allowed: ['billingAdmin', 'otherAccount'], input: () => undefined },
  'invoices.get': { allowed: ['billingAdmin'], input: (fx) => ({ invoiceId: fx.invoiceId }) },
  'invoices.getCreditNote': { allowed: ['billingAdmin'], input: (fx) => ({ creditNoteId: fx.creditNoteId }) },
  // ---- BC-6 seats for users (account admins of the subscription's account) ----
  'seats.list': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting }) },
  'seats.assign': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting, userId: DEMO_IDS.users.giulia }) },
  'seats.unassign': { allowed: ['billingAdmin'], input: () => ({ subscriptionId: S.bottegaMeeting, userId: DEMO_IDS.users.giulia }) },
  // ---- BC-7 / AC-3 personal account (any product user) ----
  'account.me': { allowed: PRODUCT, input: () => undefined },
  'account.whoami': { allowed: PRODUCT, input: () => undefined },
  'account.canSeeBillingContact': { allowed: PRODUCT, input: () => undefined },
  'account.billingContact': { allowed: ['accountAdmin', 'billingAdmin', 'corporateBillingContact', 'otherAccount'], input: () => undefined },
  'account.changePassword': { allowed: PRODUCT, input: () => ({ currentPassword: 'not-the-password', newPassword: 'matrix-new-password', confirm: 'matrix-new-password' }) },
  // ---- AC-1 Admin Center (account admins and the billing contact) ----
  'admin.addLicenses': { allowed: ['accountAdmin', 'billingAdmin', 'corporateAdmin', 'corporateBillingContact', 'otherAccount'], input: () => undefined },
  // A real message: Adam's really reaches Bella; the billing admins get "you are the billing admin"; corporate admins are refused.
  'admin.emailBillingAdmin': { allowed: ['accountAdmin', 'billingAdmin', 'otherAccount'], input: () => ({ message: 'Authorization matrix: please add licenses.' }) },
  // ---- CP-2 password reset (public) ----
  'auth.requestPasswordReset': { allowed: ALL, input: () => ({ realm: 'portal', login: 'matrix-nobody' }) },
  'auth.checkResetToken': { allowed: ALL, input: () => ({ token: 'x'.repeat(43) }) },
  'auth.resetPassword': { allowed: ALL, input: () => ({ token: 'A'.repeat(43), password: 'matrix-new-password', confirm: 'matrix-new-password' }) },
  // ---- Corporate Billing Portal (portal realm) ----
  'portal.me': { allowed: ['portal'], input: () => undefined },
  // ---- CP-4 Preventivi (portal realm: only the account's own quotes) ----
  'portal.quotes.list': { allowed: ['portal'], input: () => undefined },
  'portal.quotes.get': { allowed: ['portal'], input: () => ({ quoteId: DEMO_IDS.globexQuote }) },
  'portal.quotes.reject': { allowed: ['portal'], input: (fx) => ({ quoteId: fx.closedQuoteId, reason: 'matrix' }) },
  // ---- CP-10 Aggiungi postazioni and the service-order steps (portal realm) ----
  'portal.addSeats.form': { allowed: ['portal'], input: () => undefined },
  'portal.addSeats.createQuote': { allowed: ['portal'], input: () => ({ items: [] }) },
  'portal.addSeats.checkout': { allowed: ['portal'], input: () => ({ quoteId: DEMO_IDS.globexQuote }) },
  'portal.addSeats.saveServiceOrder': { allowed: ['portal'], input: (fx) => ({ quoteId: fx.closedQuoteId, admin: { userId: null, name: 'Matrix', email: 'not an email' }, billingAddress: { street: 'x', city: 'y', postcode: 'z', region: null } }) },
  'portal.addSeats.serviceOrder': { allowed: ['portal'], input: (fx) => ({ serviceOrderId: fx.serviceOrderId }) },
  // The fixture service order is a draft on a decided quote: placing it is refused after authorization (CONFLICT).
  'portal.addSeats.placeServiceOrder': { allowed: ['portal'], input: (fx) => ({ serviceOrderId: fx.serviceOrderId }) },
  'portal.addSeats.retryPayment': { allowed: ['portal'], input: (fx) => ({ serviceOrderId: fx.serviceOrderId }) },
  'portal.addSeats.paymentActionDone': { allowed: ['portal'], input: (fx) => ({ serviceOrderId: fx.serviceOrderId }) },
  'portal.subscriptions': { allowed: ['portal'], input: () => undefined },
  'portal.billTo.get': { allowed: ['portal'], input: () => undefined },
  'portal.billTo.update': { allowed: ['portal'], input: () => ({ contactName: '', contactEmail: 'not an email', street: '', city: '', postcode: '', region: '', phone: '' }) },
  'portal.invoices.list': { allowed: ['portal'], input: () => undefined },
  'portal.invoices.get': { allowed: ['portal'], input: () => ({ invoiceId: 'inv_globex_25' }) },
  'portal.invoices.payment.get': { allowed: ['portal'], input: () => ({ invoiceId: 'inv_globex_25' }) },
  // More than the balance: refused (BAD_REQUEST) past the gate, before anything is written or charged.
  'portal.invoices.payment.pay': { allowed: ['portal'], input: () => ({ invoiceId: 'inv_globex_25', amount: '999999999999', paymentMethodId: null, idempotencyKey: 'matrix-invoice-payment-key-01' }) },
  'portal.invoices.payment.progress': { allowed: ['portal'], input: (fx) => ({ orderId: fx.invoicePaymentOrderId }) },
  'portal.invoices.payment.actionDone': { allowed: ['portal'], input: (fx) => ({ orderId: fx.invoicePaymentOrderId }) },
  'portal.recipients.list': { allowed: ['portal'], input: () => undefined },
  'portal.recipients.add': { allowed: ['portal'], input: () => ({ email: 'not an email', name: '' }) },
  'portal.recipients.remove': { allowed: ['portal'], input: () => ({ id: 'irc_globex_ap' }) },
  'portal.purchaseOrders.list': { allowed: ['portal'], input: () => undefined },
  'portal.purchaseOrders.save': { allowed: ['portal'], input: () => ({ number: '', expiresOn: '' }) },
  'portal.purchaseOrders.remove': { allowed: ['portal'], input: () => ({ id: 'po_globex_1' }) },
  'portal.paymentMethod.get': { allowed: ['portal'], input: () => undefined },
  'portal.paymentMethod.setupCard': { allowed: ['portal'], input: () => ({ unexpected: true }) },
  'portal.paymentMethod.save': { allowed: ['portal'], input: () => ({ kind: 'bogus' }) },
  'portal.w9': { allowed: ['portal'], input: () => undefined },
  'portal.changePassword': { allowed: ['portal'], input: () => ({ currentPassword: 'not-the-password', newPassword: 'matrix-new-password', confirm: 'matrix-new-password' }) },
  // ---- Back office (staff realm) ----
  'portal.requests.list': { allowed: ['portal'], input: () => undefined },
  'portal.requests.formOptions': { allowed: ['portal'], input: () => undefined },
  'portal.requests.get': { allowed: ['portal'], input: (fx) => ({ requestId: fx.requestId }) },
  'portal.requests.create': { allowed: ['portal'], input: () => ({ category: 'other', details: 'Authorization matrix: a question.', submissionKey: 'matrix-submission-key-0001' }) },
  'portal.requests.reply': { allowed: ['portal'], input: (fx) => ({ requestId: fx.requestId, body: 'Authorization matrix: a follow-up.' }) },
  // ---- Back office (staff realm): BO-1 for reps (their accounts only) and Corporate Account Services (all), BO-2 for operations ----
  'staff.me': { allowed: ['salesRep', 'otherRep', 'cas', 'ops'], input: () => undefined },
  'staff.home': { allowed: ['salesRep', 'otherRep', 'cas', 'ops'], input: () => undefined },
  'backoffice.accounts.list': { allowed: ['salesRep', 'otherRep', 'cas', 'ops'], input: () => undefined },
  'backoffice.accounts.get': { allowed: ['salesRep', 'cas', 'ops'], input: () => ({ accountId: DEMO_IDS.accounts.globex }) },
  // Globex is already eligible: the gate lets reps and CAS through to a CONFLICT, changing nothing.
  'backoffice.accounts.setEligibility': { allowed: ['salesRep', 'cas'], input: () => ({ accountId: DEMO_IDS.accounts.globex, eligible: true, reason: 'authorization matrix' }) },
  'backoffice.accounts.recordCancellation': { allowed: ['salesRep', 'cas'], input: (fx) => ({ subscriptionId: fx.expiredSubscriptionId, reason: 'authorization matrix' }) },
  'backoffice.accounts.withdrawCancellation': { allowed: ['salesRep', 'cas'], input: (fx) => ({ subscriptionId: fx.expiredSubscriptionId, reason: 'authorization matrix' }) },
  'backoffice.requests.list': { allowed: ['salesRep', 'otherRep', 'cas'], input: () => undefined },
  'backoffice.requests.get': { allowed: ['salesRep', 'cas'], input: (fx) => ({ requestId: fx.requestId }) },
  'backoffice.requests.assignToSelf': { allowed: ['salesRep', 'cas'], input: (fx) => ({ requestId: fx.requestId }) },
  'backoffice.requests.reply': { allowed: ['salesRep', 'cas'], input: (fx) => ({ requestId: fx.requestId, body: 'Authorization matrix: a reply.', status: 'open' }) },
  'backoffice.requests.setStatus': { allowed: ['salesRep', 'cas'], input: (fx) => ({ requestId: fx.requestId, status: 'waiting_for_customer' }) },
  'backoffice.requests.resolve': { allowed: ['salesRep', 'cas'], input: (fx) => ({ requestId: fx.requestId, note: 'Authorization matrix: resolved.' }) },
  'backoffice.requests.answerWithQuote': { allowed: ['salesRep', 'cas'], input: (fx) => ({ requestId: fx.requestId, quoteId: DEMO_IDS.globexQuote, body: 'Authorization matrix: a quote.' }) },
  'ops.orders.list': { allowed: ['ops'], input: () => undefined },
  'ops.orders.get': { allowed: ['ops'], input: (fx) => ({ orderId: fx.orderId }) },
  'ops.orders.failures': { allowed: ['ops'], input: () => undefined },
  // ---- BO-1 quoting: staff read the quotes of accounts they see; reps (their accounts) and Corporate Account Services quote ----
  'backoffice.quotes.list': { allowed: ['salesRep', 'otherRep', 'cas', 'ops'], input: () => undefined },
  'backoffice.quotes.get': { allowed: ['salesRep', 'cas', 'ops'], input: () => ({ quoteId: DEMO_IDS.globexQuote }) },
  'backoffice.quotes.form': { allowed: ['salesRep', 'cas'], input: () => ({ accountId: DEMO_IDS.accounts.globex }) },
  'backoffice.quotes.preview': { allowed: ['salesRep', 'cas'], input: () => ({ accountId: DEMO_IDS.accounts.globex, lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 2, discountBasisPoints: 0, term: 'co_term' }] }) },
  // An expiry in the past: refused after authorization (BAD_REQUEST), nothing written.
  'backoffice.quotes.create': { allowed: ['salesRep', 'cas'], input: () => ({ accountId: DEMO_IDS.accounts.globex, expiresAt: new Date(Date.now() - 86_400_000), lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 2, term: 'co_term' }] }) },
  'backoffice.quotes.update': { allowed: ['salesRep', 'cas'], input: (fx) => ({ quoteId: fx.closedQuoteId, expiresAt: new Date(Date.now() + 86_400_000), lines: [{ productId: 'prd_meeting', tierId: 'tier_meeting_enterprise', seats: 2, term: 'co_term' }] }) },
  'backoffice.quotes.send': { allowed: ['salesRep', 'cas'], input: (fx) => ({ quoteId: fx.closedQuoteId }) },
  'backoffice.quotes.resend': { allowed: ['salesRep', 'cas'], input: (fx) => ({ quoteId: fx.closedQuoteId }) },
  'backoffice.quotes.withdraw': { allowed: ['salesRep', 'cas'], input: (fx) => ({ quoteId: fx.closedQuoteId }) },
};

/** What a role must never find in any response: the billing contact it may not know (AC-3), or another account's data. */
const MUST_NOT_SEE: Partial<Record<Role, string[]>> = {
  anonymous: ['usr_', 'Bella Billing', 'Giulia Rossi', 'Carla Contact', '@'],
  standard: ['usr_northwind_bella', 'Bella Billing', 'bella@northwind.example'],
  corporateStandard: ['usr_globex_carla', 'Carla Contact', 'carla@globex.example'],
  // 004: for a corporate account only the billing contact may look the contact up.
  corporateAdmin: ['usr_globex_carla', 'Carla Contact', 'carla@globex.example'],
  otherAccount: ['acct_bottega', 'sub_bottega', 'usr_bottega', 'giulia', 'Giulia Rossi'],
  // BO-1: a rep never learns anything of another rep's account.
  otherRep: ['acct_globex', 'Globex', 'carla@globex.example', 'globex-billing', 'CAS-'],
  // The portal answers only about the portal user's own corporate account.
  portal: ['acct_bottega', 'acct_northwind', 'inv_northwind', 'Giulia Rossi', 'Bella Billing', 'bella@northwind.example', 'Bottega Rossi', 'Northwind'],
};

const DENIED = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND']);

function procedurePaths(): { path: string; type: string }[] {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: string } }> }).procedures;
  return Object.entries(procedures).map(([path, p]) => ({ path, type: p._def.type }));
}

describe('authorization matrix: every procedure × every realm and role (BC-1, AC-1, AC-3, CP-1, CP-2, CP-13, BO-1, BO-2)', () => {
  let t: TestDatabase;
  let mailer: Mailer;
  const fx: Fixtures = { orderId: '', invoiceId: '', invoicePaymentOrderId: '', creditNoteId: '', closedQuoteId: '', serviceOrderId: '', requestId: '', expiredSubscriptionId: '' };

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    mailer = createSmtpMailer(env());
    fx.orderId = newId('ord');
    await t.db.insertInto('orders').values({ id: fx.orderId, account_id: DEMO_IDS.accounts.bottega, kind: 'conversion', currency: 'EUR', idempotency_key: randomUUID() }).execute();
    fx.invoicePaymentOrderId = newId('ord');
    await t.db.insertInto('orders').values({ id: fx.invoicePaymentOrderId, account_id: DEMO_IDS.accounts.globex, kind: 'invoice_payment', currency: 'USD', subtotal: 100n, total: 100n, idempotency_key: randomUUID() }).execute();
    await t.db.insertInto('order_lines').values({ id: newId('ol'), order_id: fx.invoicePaymentOrderId, kind: 'invoice_payment', invoice_id: 'inv_globex_25', subscription_id: null, product_id: null, tier_id: null, seats: 0, frequency: null, period_start: null, period_end: null, subscription_version: null, plan_amount: 100n, description: 'Payment of an invoice' }).execute();
    await t.db.updateTable('orders').set({ status: 'failed' }).where('id', '=', fx.invoicePaymentOrderId).execute();
    fx.invoiceId = newId('inv');
    await t.db.transaction().execute(async (trx) => {
      const n = await nextInvoiceNumber(trx, new Date());
      await trx.insertInto('invoices').values({ id: fx.invoiceId, account_id: DEMO_IDS.accounts.bottega, order_id: fx.orderId, number: n.number, year: n.year, seq: n.seq, currency: 'EUR', subtotal: 1000n, tax: 220n, total: 1220n, buyer: { name: 'Bottega Rossi' }, seller: { name: 'Seatplan' } }).execute();
      const c = await nextCreditNoteNumber(trx, new Date());
      fx.creditNoteId = newId('cn');
      await trx.insertInto('credit_notes').values({ id: fx.creditNoteId, invoice_id: fx.invoiceId, account_id: DEMO_IDS.accounts.bottega, number: c.number, year: c.year, seq: c.seq, currency: 'EUR', amount: 500n, reason: 'matrix', buyer: { name: 'Bottega Rossi' }, seller: { name: 'Seatplan' } }).execute();
      await trx.insertInto('credit_note_lines').values({ id: newId('cnl'), credit_note_id: fx.creditNoteId, description: 'Credit for unused time', quantity: 1, unit_amount: 500n, amount: 500n }).execute();
      // BC-9: the order and its invoice are an open renewal of Bottega's Meeting (the dunning page's subject).
      const periodStart = new Date();
      await trx.insertInto('renewals').values({ id: newId('ren'), subscription_id: S.bottegaMeeting, account_id: DEMO_IDS.accounts.bottega, kind: 'online', period_start: periodStart, period_end: new Date(periodStart.getTime() + 30 * 86_400_000), status: 'past_due', order_id: fx.orderId, due_at: periodStart, attempts: 1 }).execute();
    });
    fx.closedQuoteId = newId('quo');
    await t.db
      .insertInto('quotes')
      .values({ id: fx.closedQuoteId, account_id: DEMO_IDS.accounts.globex, source: 'sales_rep', status: 'rejected', currency: 'USD', subtotal: 0n, total: 0n, expires_at: new Date(Date.now() + 86_400_000), sent_at: new Date(), decided_at: new Date(), created_by_staff_id: DEMO_IDS.staff.rita })
      .execute();
    fx.serviceOrderId = newId('so');
    await t.db.insertInto('service_orders').values({ id: fx.serviceOrderId, account_id: DEMO_IDS.accounts.globex, quote_id: fx.closedQuoteId, status: 'draft', admin_action: 'update', admin_user_id: DEMO_IDS.users.alan, admin_contact_name: 'Alan Admin', admin_contact_email: 'alan@globex.example', payment_method_id: DEMO_IDS.globexCard }).execute();
    // A second sales rep with a corporate account of her own; a Globex request; the demo's expired Globex
    // subscription (one per account and product, so the demo's own row, not a new one).
    await t.db.insertInto('staff').values({ id: 'staff_matrix_vera', email: 'vera.rep@matrix.example', name: 'Vera Rep', password_hash: 'not-used', role: 'sales_rep' }).execute();
    const vera = await createAccount(t.db, { kind: 'corporate' });
    await t.db.updateTable('accounts').set({ sales_rep_staff_id: 'staff_matrix_vera' }).where('id', '=', vera.accountId).execute();
    fx.requestId = newId('req');
    await t.db.insertInto('requests').values({ id: fx.requestId, account_id: DEMO_IDS.accounts.globex, category: 'other', details: 'Authorization matrix request', submitted_by_user_id: DEMO_IDS.users.carla }).execute();
    // The demo seeds Globex's expired Webinar (seed 004's portal shows it); a second one would break the one-per-product rule.
    fx.expiredSubscriptionId = S.globexWebinar;
    expect((await t.db.selectFrom('subscriptions').select('status').where('id', '=', S.globexWebinar).executeTakeFirstOrThrow()).status).toBe('expired');
    // Giulia's cart holds Meeting, so that removing it is a real (allowed) operation for her.
    const giulia = await callerAs({ db: t.db, mailer }, ROLES.billingAdmin);
    await giulia.cart.add({ subscriptionId: S.bottegaMeeting, tierId: 'tier_meeting_business', seats: 1, frequency: 'monthly' });
  });
  afterAll(async () => {
    mailer?.close();
    await t?.drop();
  });

  it('AC-3: every procedure of appRouter has exactly one matrix entry, and every entry a procedure', () => {
    const paths = procedurePaths().map((p) => p.path).sort();
    expect(paths.filter((p) => !(p in MATRIX)), 'procedures missing from MATRIX (add an entry at the top of this file)').toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !paths.includes(p)), 'MATRIX entries for procedures that no longer exist').toEqual([]);
  });

  it('BC-1 AC-1 AC-3 CP-1 CP-2 CP-13 BO-1 BO-2: the allowed set of every procedure is exactly as specified, and no response leaks', async () => {
    const actual: Record<string, Role[]> = {};
    const problems: string[] = [];
    for (const { path } of procedurePaths()) {
      const entry = MATRIX[path];
      if (!entry) continue;
      actual[path] = [];
      for (const role of ALL) {
        const caller = await callerAs({ db: t.db, mailer, clientIp: `10.0.${ALL.indexOf(role)}.1` }, ROLES[role]);
        const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
        try {
          const result = await fn(entry.input(fx));
          actual[path].push(role);
          const text = superjson.stringify(result ?? null);
          for (const secret of MUST_NOT_SEE[role] ?? []) {
            if (text.includes(secret)) problems.push(`${path} as ${role} returned "${secret}"`);
          }
        } catch (err) {
          const code = err instanceof TRPCError ? err.code : 'NOT_A_TRPC_ERROR';
          if (code === 'INTERNAL_SERVER_ERROR' || code === 'NOT_A_TRPC_ERROR') problems.push(`${path} as ${role} failed: ${(err as Error).message}`);
          else if (!DENIED.has(code)) actual[path].push(role);
          else for (const secret of MUST_NOT_SEE[role] ?? []) {
            if ((err as Error).message.includes(secret)) problems.push(`${path} as ${role}: error names "${secret}"`);
          }
        }
      }
    }
    const expected = Object.fromEntries(Object.entries(MATRIX).map(([p, e]) => [p, ALL.filter((r) => e.allowed.includes(r))]));
    expect(problems).toEqual([]);
    expect(actual).toEqual(expected);
  });

  it('BO-2: operations is read-only — no mutation but the public ones lets ops through; reps and CAS get no operations page', () => {
    const mutations = procedurePaths().filter((p) => p.type === 'mutation').map((p) => p.path);
    expect(mutations.filter((p) => MATRIX[p]?.allowed.includes('ops') && !MATRIX[p]?.allowed.includes('anonymous'))).toEqual([]);
    const opsPages = Object.keys(MATRIX).filter((p) => p.startsWith('ops.'));
    expect(opsPages.length).toBeGreaterThan(0);
    for (const p of opsPages) expect(MATRIX[p]!.allowed, p).toEqual(['ops']);
  });

  it('BC-1: a signed-in person without a session of the right realm gets UNAUTHORIZED, never a partial answer', async () => {
    const anonymous = await callerAs({ db: t.db }, 'anonymous');
    for (const { path } of procedurePaths()) {
      if (MATRIX[path]?.allowed.includes('anonymous')) continue;
      const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], anonymous) as (input: unknown) => Promise<unknown>;
      // Even a malformed input is refused for lack of a session first (authorization runs before validation).
      await expect(fn({ malformed: true }), path).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });
});
