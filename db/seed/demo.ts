// Demo data for `npm start` and e2e tests: three accounts (online trial, online active, corporate)
// and three staff members (a sales rep, Corporate Account Services, operations). Idempotent: fixed IDs + ON CONFLICT DO NOTHING, and documents numbered
// from sequences (invoices, quotes) are only created when their fixed ID is absent — running it
// twice (even with another `now`) changes nothing. Runs in one transaction under an advisory lock.
import { sql } from 'kysely';
import { hashPassword } from '../../server/auth/password';
import type { Db, Trx } from '../client';
import { nextInvoiceNumber } from '../invoice-numbers';
import type { Currency, InvoiceStatus, PartySnapshot } from '../schema';
import { catalogUnitAmount, seedCatalog, TAX_RATES } from './catalog';

export const DEMO_PASSWORD = 'seatplan-demo';

export interface DemoLogin {
  realm: 'product' | 'portal' | 'staff';
  login: string;
  password: string;
  name: string;
  account: string | null;
  what: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { realm: 'product', login: 'giulia@bottega-rossi.example', password: DEMO_PASSWORD, name: 'Giulia Rossi', account: 'Bottega Rossi', what: 'billing admin, online account in trial (Italian UI)' },
  { realm: 'product', login: 'marco@bottega-rossi.example', password: DEMO_PASSWORD, name: 'Marco Bianchi', account: 'Bottega Rossi', what: 'standard user' },
  { realm: 'product', login: 'bella@northwind.example', password: DEMO_PASSWORD, name: 'Bella Billing', account: 'Northwind Traders', what: 'billing admin, online account with active subscriptions' },
  { realm: 'product', login: 'adam@northwind.example', password: DEMO_PASSWORD, name: 'Adam Admin', account: 'Northwind Traders', what: 'account admin (not the billing admin)' },
  { realm: 'product', login: 'sam@northwind.example', password: DEMO_PASSWORD, name: 'Sam Standard', account: 'Northwind Traders', what: 'standard user' },
  { realm: 'product', login: 'carla@globex.example', password: DEMO_PASSWORD, name: 'Carla Contact', account: 'Globex Corporation', what: 'billing contact of a corporate account (product login)' },
  { realm: 'product', login: 'alan@globex.example', password: DEMO_PASSWORD, name: 'Alan Admin', account: 'Globex Corporation', what: 'account admin, corporate account' },
  { realm: 'product', login: 'stan@globex.example', password: DEMO_PASSWORD, name: 'Stan Standard', account: 'Globex Corporation', what: 'standard user, corporate account' },
  { realm: 'product', login: 'lena@lakeside-studio.example', password: DEMO_PASSWORD, name: 'Lena Lake', account: 'Lakeside Studio', what: 'billing admin; Meeting renews a few minutes after the first start (card 4242)' },
  { realm: 'product', login: 'hank@harbor-analytics.example', password: DEMO_PASSWORD, name: 'Hank Harbor', account: 'Harbor Analytics', what: 'billing admin; Webinar renewal declined a few minutes after the first start → dunning email' },
  { realm: 'portal', login: 'globex-billing', password: DEMO_PASSWORD, name: 'Carla Contact', account: 'Globex Corporation', what: 'Corporate Billing Portal user ID' },
  { realm: 'staff', login: 'rita.rep@seatplan.example', password: DEMO_PASSWORD, name: 'Rita Rep', account: null, what: 'sales representative (back office)' },
  { realm: 'staff', login: 'nora.cas@seatplan.example', password: DEMO_PASSWORD, name: 'Nora Services', account: null, what: 'Corporate Account Services (request queue of every account)' },
  { realm: 'staff', login: 'otto.ops@seatplan.example', password: DEMO_PASSWORD, name: 'Otto Ops', account: null, what: 'operations (ops pages, Temporal UI)' },
];

/** Fixed IDs other code and tests may rely on. */
export const DEMO_IDS = {
  accounts: { bottega: 'acct_bottega', northwind: 'acct_northwind', globex: 'acct_globex', lakeside: 'acct_lakeside', harbor: 'acct_harbor' },
  staff: { rita: 'staff_rita', otto: 'staff_otto', nora: 'staff_nora' },
  users: {
    giulia: 'usr_bottega_giulia', marco: 'usr_bottega_marco',
    bella: 'usr_northwind_bella', adam: 'usr_northwind_adam', sam: 'usr_northwind_sam',
    carla: 'usr_globex_carla', alan: 'usr_globex_alan', stan: 'usr_globex_stan',
    lena: 'usr_lakeside_lena', hank: 'usr_harbor_hank',
  },
  subscriptions: {
    bottegaRemoteSupport: 'sub_bottega_remote_support', bottegaMeeting: 'sub_bottega_meeting',
    northwindMeeting: 'sub_northwind_meeting', northwindWebinar: 'sub_northwind_webinar',
    globexMeeting: 'sub_globex_meeting', globexTraining: 'sub_globex_training', globexWebinar: 'sub_globex_webinar',
    lakesideMeeting: 'sub_lakeside_meeting', harborWebinar: 'sub_harbor_webinar',
  },
  portalCredential: 'pc_globex',
  globexCard: 'pm_globex_card',
  globexQuote: 'quo_globex_pending',
  globexRequest: 'req_globex_w9',
} as const;

/**
 * BC-9 demo: two online accounts whose monthly renewal falls a few minutes after the FIRST start (the
 * seed is idempotent: later starts keep what happened), so a new user can watch a renewal and a dunning
 * email. Their cards are Stripe test tokens saved at start-up (scripts/stack/demo-cards.ts): Lakeside's
 * pays, Harbor's saves fine and is declined when charged.
 */
export const DEMO_RENEWALS = [
  { accountId: 'acct_lakeside', subscriptionId: 'sub_lakeside_meeting', minutesAfterStart: 3, cardToken: 'pm_card_visa' },
  { accountId: 'acct_harbor', subscriptionId: 'sub_harbor_webinar', minutesAfterStart: 5, cardToken: 'pm_card_chargeCustomerFail' },
] as const;

/** The seller printed on demo invoices (the running app takes it from configuration). */
export const DEMO_SELLER: PartySnapshot = {
  name: 'Seatplan Demo S.r.l.', street: 'Corso Como 10', city: 'Milano', postcode: '20154', region: 'MI', country: 'IT', vat_number: 'IT00000000000',
};

const DAY = 86_400_000;

/** Same day and time n months later, or that month's last day when it has no such day (SPEC §8). */
export function addMonthsUTC(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
}

/** round_half_up(amount × (end − t) / (end − start)) with time in whole seconds, integer arithmetic. */
function prorate(amount: bigint, t: Date, start: Date, end: Date): bigint {
  const remaining = BigInt(Math.floor((end.getTime() - t.getTime()) / 1000));
  const total = BigInt(Math.floor((end.getTime() - start.getTime()) / 1000));
  return (2n * amount * remaining + total) / (2n * total);
}

interface DemoInvoice {
  id: string;
  accountId: string;
  currency: Currency;
  issuedAt: Date;
  buyer: PartySnapshot;
  lines: { description: string; quantity: number; unitAmount: bigint; periodStart: Date; periodEnd: Date }[];
  paid: bigint;
  purchaseOrderNumber?: string;
}

export async function seedDemo(db: Db, now: Date = new Date()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('seatplan:seed-demo'))`.execute(trx);
    await seedCatalog(trx);
    await seedDemoData(trx, now, passwordHash);
  });
}

async function seedDemoData(trx: Trx, now: Date, passwordHash: string): Promise<void> {
  const A = DEMO_IDS.accounts;
  const U = DEMO_IDS.users;
  const S = DEMO_IDS.subscriptions;
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  await trx
    .insertInto('staff')
    .values([
      { id: DEMO_IDS.staff.rita, email: 'rita.rep@seatplan.example', name: 'Rita Rep', password_hash: passwordHash, role: 'sales_rep' },
      { id: DEMO_IDS.staff.otto, email: 'otto.ops@seatplan.example', name: 'Otto Ops', password_hash: passwordHash, role: 'ops' },
      { id: DEMO_IDS.staff.nora, email: 'nora.cas@seatplan.example', name: 'Nora Services', password_hash: passwordHash, role: 'cas' },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();

  // Corporate annual term: one year from ~4 months ago.
  const contractStart = addMonthsUTC(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())), -4);
  const contractEnd = addMonthsUTC(contractStart, 12);

  // billing_contact_user_id → users is DEFERRABLE INITIALLY DEFERRED: accounts first, users next.
  await trx
    .insertInto('accounts')
    .values([
      {
        id: A.bottega, name: 'Bottega Rossi', kind: 'online', currency: 'EUR', country: 'IT', billing_contact_user_id: U.giulia,
        billing_street: 'Via Roma 1', billing_city: 'Milano', billing_postcode: '20121', billing_region: 'MI', phone: '+39 02 1234 5678',
        created_at: ago(3),
      },
      {
        id: A.northwind, name: 'Northwind Traders', kind: 'online', currency: 'USD', country: 'US', billing_contact_user_id: U.bella,
        billing_street: '350 Fifth Avenue', billing_city: 'New York', billing_postcode: '10118', billing_region: 'NY', phone: '+1 212 555 0100',
        created_at: ago(400),
      },
      {
        id: A.globex, name: 'Globex Corporation', kind: 'corporate', currency: 'USD', country: 'US', billing_contact_user_id: U.carla,
        self_service_eligible: true, sales_rep_staff_id: DEMO_IDS.staff.rita, contract_start: contractStart, contract_end: contractEnd,
        billing_street: '742 Evergreen Terrace', billing_city: 'Springfield', billing_postcode: '62704', billing_region: 'IL', phone: '+1 217 555 0199',
        created_at: ago(800),
      },
      {
        id: A.lakeside, name: 'Lakeside Studio', kind: 'online', currency: 'GBP', country: 'GB', billing_contact_user_id: U.lena,
        billing_street: '12 Quay Street', billing_city: 'Manchester', billing_postcode: 'M3 3HN', billing_region: 'Greater Manchester', phone: '+44 161 555 0142',
        created_at: ago(95),
      },
      {
        id: A.harbor, name: 'Harbor Analytics', kind: 'online', currency: 'USD', country: 'US', billing_contact_user_id: U.hank,
        billing_street: '1 Harbor Way', billing_city: 'Boston', billing_postcode: '02110', billing_region: 'MA', phone: '+1 617 555 0170',
        created_at: ago(65),
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();

  const user = (id: string, account_id: string, email: string, name: string, role: 'standard' | 'account_admin', locale: 'en' | 'it' = 'en') => ({
    id, account_id, email, name, role, locale, password_hash: passwordHash,
  });
  await trx
    .insertInto('users')
    .values([
      user(U.giulia, A.bottega, 'giulia@bottega-rossi.example', 'Giulia Rossi', 'account_admin', 'it'),
      user(U.marco, A.bottega, 'marco@bottega-rossi.example', 'Marco Bianchi', 'standard', 'it'),
      user(U.bella, A.northwind, 'bella@northwind.example', 'Bella Billing', 'account_admin'),
      user(U.adam, A.northwind, 'adam@northwind.example', 'Adam Admin', 'account_admin'),
      user(U.sam, A.northwind, 'sam@northwind.example', 'Sam Standard', 'standard'),
      user(U.carla, A.globex, 'carla@globex.example', 'Carla Contact', 'account_admin'),
      user(U.alan, A.globex, 'alan@globex.example', 'Alan Admin', 'account_admin'),
      user(U.stan, A.globex, 'stan@globex.example', 'Stan Standard', 'standard'),
      user(U.lena, A.lakeside, 'lena@lakeside-studio.example', 'Lena Lake', 'account_admin'),
      user(U.hank, A.harbor, 'hank@harbor-analytics.example', 'Hank Harbor', 'account_admin'),
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();

  await trx
    .insertInto('portal_credentials')
    .values({ id: DEMO_IDS.portalCredential, account_id: A.globex, user_id: U.carla, login_id: 'globex-billing', password_hash: passwordHash })
    .onConflict((oc) => oc.doNothing())
    .execute();

  await trx
    .insertInto('payment_methods')
    .values({
      id: DEMO_IDS.globexCard, account_id: A.globex, kind: 'card', card_brand: 'visa', card_last4: '4242',
      card_exp_month: 12, card_exp_year: now.getUTCFullYear() + 3, is_default: true,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();

  // ---- subscriptions ----
  const trialStart = ago(3);
  const trialEnd = new Date(trialStart.getTime() + 14 * DAY);
  const nwMeetingStart = ago(10);
  const nwMeetingEnd = addMonthsUTC(nwMeetingStart, 1);
  const nwWebinarStart = ago(100);
  const nwWebinarEnd = addMonthsUTC(nwWebinarStart, 12);
  const price = catalogUnitAmount;
  // BC-9 demo renewals: the current month ends a few minutes from (the first) now.
  const renewsAt = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const lakesideEnd = renewsAt(DEMO_RENEWALS[0].minutesAfterStart);
  const harborEnd = renewsAt(DEMO_RENEWALS[1].minutesAfterStart);
  await trx
    .insertInto('subscriptions')
    .values([
      {
        id: S.bottegaRemoteSupport, account_id: A.bottega, product_id: 'prd_remote_support_v5', tier_id: 'tier_remote_support_v5_business',
        seats: 1, frequency: 'monthly', status: 'trial', trial_started_at: trialStart, trial_ends_at: trialEnd, currency: 'EUR', created_at: trialStart,
      },
      {
        id: S.bottegaMeeting, account_id: A.bottega, product_id: 'prd_meeting', tier_id: 'tier_meeting_business',
        seats: 1, frequency: 'monthly', status: 'trial', trial_started_at: trialStart, trial_ends_at: trialEnd, currency: 'EUR', created_at: trialStart,
      },
      {
        id: S.northwindMeeting, account_id: A.northwind, product_id: 'prd_meeting', tier_id: 'tier_meeting_business',
        seats: 5, frequency: 'monthly', status: 'active', current_period_start: nwMeetingStart, current_period_end: nwMeetingEnd,
        last_charge_amount: 5n * price('meeting', 'business', 'monthly', 'USD'), currency: 'USD', created_at: ago(380),
      },
      {
        id: S.northwindWebinar, account_id: A.northwind, product_id: 'prd_webinar', tier_id: 'tier_webinar_starter',
        seats: 2, frequency: 'annual', status: 'active', current_period_start: nwWebinarStart, current_period_end: nwWebinarEnd,
        last_charge_amount: 2n * price('webinar', 'starter', 'annual', 'USD'), currency: 'USD', created_at: ago(114),
      },
      {
        id: S.globexMeeting, account_id: A.globex, product_id: 'prd_meeting', tier_id: 'tier_meeting_enterprise',
        seats: 50, frequency: 'annual', status: 'active', current_period_start: contractStart, current_period_end: contractEnd,
        last_charge_amount: 50n * price('meeting', 'enterprise', 'annual', 'USD'), currency: 'USD', created_at: ago(790),
      },
      {
        id: S.globexTraining, account_id: A.globex, product_id: 'prd_training', tier_id: 'tier_training_business',
        seats: 10, frequency: 'annual', status: 'active', current_period_start: contractStart, current_period_end: contractEnd,
        last_charge_amount: 10n * price('training', 'business', 'annual', 'USD'), currency: 'USD', created_at: ago(790),
      },
      {
        id: S.lakesideMeeting, account_id: A.lakeside, product_id: 'prd_meeting', tier_id: 'tier_meeting_business',
        seats: 3, frequency: 'monthly', status: 'active', current_period_start: addMonthsUTC(lakesideEnd, -1), current_period_end: lakesideEnd,
        last_charge_amount: 3n * price('meeting', 'business', 'monthly', 'GBP'), currency: 'GBP', created_at: ago(95),
      },
      {
        id: S.harborWebinar, account_id: A.harbor, product_id: 'prd_webinar', tier_id: 'tier_webinar_business',
        seats: 2, frequency: 'monthly', status: 'active', current_period_start: addMonthsUTC(harborEnd, -1), current_period_end: harborEnd,
        last_charge_amount: 2n * price('webinar', 'business', 'monthly', 'USD'), currency: 'USD', created_at: ago(65),
      },
      // Sottoscrizioni shows expired corporate subscriptions too (CP-14: reactivation through a request or the rep).
      {
        id: S.globexWebinar, account_id: A.globex, product_id: 'prd_webinar', tier_id: 'tier_webinar_business',
        seats: 5, frequency: 'annual', status: 'expired', current_period_start: addMonthsUTC(contractStart, -14), current_period_end: addMonthsUTC(contractStart, -2),
        last_charge_amount: 5n * price('webinar', 'business', 'annual', 'USD'), currency: 'USD', created_at: addMonthsUTC(contractStart, -14),
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();

  // Seat assignments: insert only the missing ones (the seat guard counts before ON CONFLICT applies).
  const wanted: { subscription_id: string; user_id: string }[] = [
    { subscription_id: S.bottegaRemoteSupport, user_id: U.giulia },
    { subscription_id: S.bottegaMeeting, user_id: U.giulia },
    { subscription_id: S.northwindMeeting, user_id: U.bella },
    { subscription_id: S.northwindMeeting, user_id: U.adam },
    { subscription_id: S.northwindMeeting, user_id: U.sam },
    { subscription_id: S.northwindWebinar, user_id: U.adam },
    { subscription_id: S.globexMeeting, user_id: U.carla },
    { subscription_id: S.globexMeeting, user_id: U.alan },
    { subscription_id: S.globexMeeting, user_id: U.stan },
    { subscription_id: S.globexTraining, user_id: U.alan },
    { subscription_id: S.lakesideMeeting, user_id: U.lena },
    { subscription_id: S.harborWebinar, user_id: U.hank },
  ];
  const existing = await trx
    .selectFrom('seat_assignments')
    .select(['subscription_id', 'user_id'])
    .where('subscription_id', 'in', Object.values(S))
    .execute();
  const have = new Set(existing.map((e) => `${e.subscription_id}/${e.user_id}`));
  const missing = wanted.filter((w) => !have.has(`${w.subscription_id}/${w.user_id}`));
  if (missing.length > 0) await trx.insertInto('seat_assignments').values(missing.map((m) => ({ ...m, assigned_at: ago(2) }))).execute();

  await trx
    .insertInto('invoice_recipients')
    .values({ id: 'irc_globex_ap', account_id: A.globex, email: 'ap@globex.example', name: 'Globex Accounts Payable' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .insertInto('purchase_orders')
    .values({ id: 'po_globex_1', account_id: A.globex, number: 'PO-4500012345', expires_on: new Date(now.getTime() + 180 * DAY).toISOString().slice(0, 10) })
    .onConflict((oc) => oc.doNothing())
    .execute();

  // ---- a request to Corporate Account Services waiting in the queue (CP-13, seed 004's W-9 example) ----
  // Case numbers come from a sequence: inserted only when absent, so a second seed takes no number.
  if (!(await trx.selectFrom('requests').select('id').where('id', '=', DEMO_IDS.globexRequest).executeTakeFirst())) {
    await trx
      .insertInto('requests')
      .values({
        id: DEMO_IDS.globexRequest, account_id: A.globex, category: 'form_request', subcategory: 'w9_vendor_regional_forms',
        details: 'W-9 — our accounts payable team needs your W-9 to set you up as a vendor.', submitted_by_user_id: U.carla,
        created_at: ago(1), updated_at: ago(1), last_message_at: ago(1),
      })
      .execute();
  }

  // ---- the sales rep's pending quote (co-termed add-seats, CP-4) ----
  const quoteExists = await trx.selectFrom('quotes').select('id').where('id', '=', DEMO_IDS.globexQuote).executeTakeFirst();
  if (!quoteExists) {
    const lines = [
      { product_id: 'prd_meeting', tier_id: 'tier_meeting_enterprise', seats: 10, unit: price('meeting', 'enterprise', 'annual', 'USD') },
      { product_id: 'prd_training', tier_id: 'tier_training_business', seats: 5, unit: price('training', 'business', 'annual', 'USD') },
    ].map((l, i) => ({
      id: `qln_globex_pending_${i + 1}`,
      quote_id: DEMO_IDS.globexQuote,
      product_id: l.product_id,
      tier_id: l.tier_id,
      seats: l.seats,
      unit_amount: l.unit,
      list_unit_amount: l.unit,
      sort: i,
      amount: prorate(BigInt(l.seats) * l.unit, now, contractStart, contractEnd),
      term_start: now,
      term_end: contractEnd,
      description: `${l.seats} additional seats, co-termed to the contract end`,
    }));
    const subtotal = lines.reduce((s, l) => s + l.amount, 0n);
    const taxBp = TAX_RATES.US ?? 0;
    const tax = (subtotal * BigInt(taxBp) * 2n + 10_000n) / 20_000n;
    await trx
      .insertInto('quotes')
      .values({
        id: DEMO_IDS.globexQuote, account_id: A.globex, source: 'sales_rep', currency: 'USD', subtotal, tax, total: subtotal + tax,
        tax_rate_basis_points: taxBp, expires_at: new Date(now.getTime() + 30 * DAY), created_by_staff_id: DEMO_IDS.staff.rita,
        created_at: now, notes: 'Seats for the new Springfield office.', purchase_order_number: 'PO-4500012345',
      })
      .execute();
    // Lines go in while it is a draft (a sent quote's lines are immutable), then it is sent.
    await trx.insertInto('quote_lines').values(lines).execute();
    await trx.updateTable('quotes').set({ status: 'pending', sent_at: now }).where('id', '=', DEMO_IDS.globexQuote).execute();
  }

  // ---- invoices, numbered in issue order through the gapless counter ----
  const buyer = async (accountId: string): Promise<PartySnapshot> => {
    const a = await trx.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    return {
      name: a.name, street: a.billing_street, city: a.billing_city, postcode: a.billing_postcode, region: a.billing_region,
      country: a.country, vat_number: a.vat_number,
    };
  };
  // Seeds 000/004: a corporate invoice names the billing contact together with their portal user ID.
  const globexBuyer: PartySnapshot = { ...(await buyer(A.globex)), contact_name: 'Carla Contact', portal_user_id: 'globex-billing', email: 'carla@globex.example' };
  const northwindBuyer = await buyer(A.northwind);
  const invoices: DemoInvoice[] = [];

  // Globex: 25 monthly invoices over the past two years; the newest open, the one before part-paid.
  const globexAnchor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9, 0, 0) - 2 * DAY);
  for (let k = 24; k >= 0; k--) {
    const issuedAt = addMonthsUTC(globexAnchor, -k);
    const periodEnd = addMonthsUTC(issuedAt, 1);
    const lines = [
      { description: 'Meeting Enterprise — monthly installment', quantity: 50, unitAmount: price('meeting', 'enterprise', 'monthly', 'USD'), periodStart: issuedAt, periodEnd },
      { description: 'Training Business — monthly installment', quantity: 10, unitAmount: price('training', 'business', 'monthly', 'USD'), periodStart: issuedAt, periodEnd },
    ];
    const total = lines.reduce((s, l) => s + BigInt(l.quantity) * l.unitAmount, 0n);
    invoices.push({
      id: `inv_globex_${String(25 - k).padStart(2, '0')}`, accountId: A.globex, currency: 'USD', issuedAt, buyer: globexBuyer, lines,
      paid: k === 0 ? 0n : k === 1 ? 100_000n : total, purchaseOrderNumber: 'PO-4500012345',
    });
  }
  // Northwind: the previous and current Meeting months and the Webinar year, all paid.
  const nwLine = (description: string, quantity: number, unitAmount: bigint, periodStart: Date, periodEnd: Date) => ({
    description, quantity, unitAmount, periodStart, periodEnd,
  });
  const meetingMonthly = price('meeting', 'business', 'monthly', 'USD');
  const prevStart = addMonthsUTC(nwMeetingStart, -1);
  invoices.push(
    { id: 'inv_northwind_meeting_prev', accountId: A.northwind, currency: 'USD', issuedAt: prevStart, buyer: northwindBuyer, paid: 5n * meetingMonthly,
      lines: [nwLine('Meeting Business — 5 seats, monthly', 5, meetingMonthly, prevStart, nwMeetingStart)] },
    { id: 'inv_northwind_meeting_cur', accountId: A.northwind, currency: 'USD', issuedAt: nwMeetingStart, buyer: northwindBuyer, paid: 5n * meetingMonthly,
      lines: [nwLine('Meeting Business — 5 seats, monthly', 5, meetingMonthly, nwMeetingStart, nwMeetingEnd)] },
    { id: 'inv_northwind_webinar', accountId: A.northwind, currency: 'USD', issuedAt: nwWebinarStart, buyer: northwindBuyer,
      paid: 2n * price('webinar', 'starter', 'annual', 'USD'),
      lines: [nwLine('Webinar Starter — 2 seats, annual', 2, price('webinar', 'starter', 'annual', 'USD'), nwWebinarStart, nwWebinarEnd)] },
  );

  const ids = invoices.map((i) => i.id);
  const present = new Set((await trx.selectFrom('invoices').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  const toIssue = invoices.filter((i) => !present.has(i.id)).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
  for (const inv of toIssue) {
    const n = await nextInvoiceNumber(trx, inv.issuedAt);
    const subtotal = inv.lines.reduce((s, l) => s + BigInt(l.quantity) * l.unitAmount, 0n);
    const status: InvoiceStatus = inv.paid === subtotal ? 'paid' : 'open';
    await trx
      .insertInto('invoices')
      .values({
        id: inv.id, account_id: inv.accountId, number: n.number, year: n.year, seq: n.seq, issued_at: inv.issuedAt,
        due_at: new Date(inv.issuedAt.getTime() + 30 * DAY), currency: inv.currency, subtotal, tax: 0n, total: subtotal,
        amount_paid: inv.paid, status, tax_rate_basis_points: 0, buyer: inv.buyer, seller: DEMO_SELLER,
        purchase_order_number: inv.purchaseOrderNumber ?? null, created_at: inv.issuedAt,
      })
      .execute();
    await trx
      .insertInto('invoice_lines')
      .values(
        inv.lines.map((l, i) => ({
          id: `${inv.id.replace(/^inv_/, 'inl_')}_${i + 1}`, invoice_id: inv.id, description: l.description, quantity: l.quantity,
          unit_amount: l.unitAmount, amount: BigInt(l.quantity) * l.unitAmount, period_start: l.periodStart, period_end: l.periodEnd, sort: i,
        })),
      )
      .execute();
    if (inv.paid > 0n) {
      await trx
        .insertInto('payments')
        .values({
          id: inv.id.replace(/^inv_/, 'pay_'), account_id: inv.accountId, invoice_id: inv.id, step: 'invoice-payment', amount: inv.paid,
          currency: inv.currency, status: 'succeeded', created_at: new Date(inv.issuedAt.getTime() + 3 * DAY),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}
