import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/client';
import { newId } from '../../db/ids';
import type { StaffMember } from '../auth/principals';
import { userError } from '../errors';
import { audit } from './audit';
import { containsPattern, decodeCursor, page } from './lists';
import { emailCancellation, type MailDeps } from './request-emails';
import { accountForStaff, accountScope, ensureAccountVisible } from './staff-access';

/**
 * BO-1 accounts console: the corporate accounts a staff member sees (accountForStaff / accountScope),
 * searchable by name, portal user ID and contact email; an account page with everything a rep needs on
 * one screen; the self-service eligibility flag (CP-10) and a cancellation at term end (CP-15), both
 * with a reason, audited, and told to the contact.
 */

const PAGE = 50;


export async function listAccounts(db: Db, staff: StaffMember, now: Date, input: { q?: string | null; cursor?: string | null; limit?: number }) {
  const limit = Math.min(input.limit ?? PAGE, 200);
  let q = db
    .selectFrom('accounts as a')
    .leftJoin('users as c', 'c.id', 'a.billing_contact_user_id')
    .leftJoin('portal_credentials as pc', 'pc.account_id', 'a.id')
    .leftJoin('staff as rep', 'rep.id', 'a.sales_rep_staff_id')
    .select((eb) => [
      'a.id', 'a.name', 'a.country', 'a.currency', 'a.self_service_eligible', 'a.contract_end', 'c.name as contact_name', 'c.email as contact_email', 'pc.login_id', 'rep.name as rep_name',
      sql<string>`lower(a.name)`.as('sort_name'),
      eb.selectFrom('requests as r').select((e) => e.fn.countAll<bigint>().as('n')).whereRef('r.account_id', '=', 'a.id').where('r.status', 'in', ['open', 'waiting_for_customer']).as('open_requests'),
      eb.selectFrom('invoices as i').select((e) => e.fn.countAll<bigint>().as('n')).whereRef('i.account_id', '=', 'a.id').where('i.status', '=', 'open').where('i.due_at', '<', now).as('overdue_invoices'),
      eb.selectFrom('invoices as i').select(sql<bigint>`coalesce(sum(i.total - i.amount_paid), 0)::bigint`.as('b')).whereRef('i.account_id', '=', 'a.id').where('i.status', '=', 'open').as('open_balance'),
    ])
    .where('a.kind', '=', 'corporate');
  const scope = accountScope(staff);
  if (scope) q = q.where('a.sales_rep_staff_id', '=', scope.salesRepStaffId);
  const term = input.q?.trim();
  if (term) {
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([eb('a.name', 'ilike', like), eb('pc.login_id', 'ilike', like), eb('c.email', 'ilike', like), eb('a.id', '=', term)]));
  }
  const after = decodeCursor(input.cursor);
  if (after) q = q.where((eb) => eb(eb.refTuple(sql<string>`lower(a.name)`, 'a.id'), '>', eb.tuple(after.value, after.id)));
  const rows = await q.orderBy(sql`lower(a.name)`).orderBy('a.id').limit(limit + 1).execute();
  const { rows: kept, nextCursor } = page(rows, limit, (r) => ({ value: r.sort_name, id: r.id }));
  return {
    rows: kept.map((r) => ({
      id: r.id,
      name: r.name,
      country: r.country,
      currency: r.currency,
      selfServiceEligible: r.self_service_eligible,
      contractEnd: r.contract_end,
      contact: r.contact_email ? { name: r.contact_name!, email: r.contact_email } : null,
      portalUserId: r.login_id,
      salesRep: r.rep_name,
      openRequests: Number(r.open_requests ?? 0),
      overdueInvoices: Number(r.overdue_invoices ?? 0),
      openBalance: BigInt(r.open_balance ?? 0n),
    })),
    nextCursor,
  };
}

export async function getAccountPage(db: Db, staff: StaffMember, now: Date, accountId: string) {
  const a = await accountForStaff(db, staff, accountId);
  const [contact, portal, rep, recipients, purchaseOrders, subscriptions, invoices, quotes, serviceOrders, requests, auditLog] = await Promise.all([
    a.billing_contact_user_id ? db.selectFrom('users').select(['id', 'name', 'email', 'locale']).where('id', '=', a.billing_contact_user_id).executeTakeFirst() : Promise.resolve(undefined),
    db.selectFrom('portal_credentials').select(['login_id', 'disabled_at']).where('account_id', '=', a.id).executeTakeFirst(),
    a.sales_rep_staff_id ? db.selectFrom('staff').select(['name', 'email']).where('id', '=', a.sales_rep_staff_id).executeTakeFirst() : Promise.resolve(undefined),
    db.selectFrom('invoice_recipients').select(['id', 'name', 'email']).where('account_id', '=', a.id).orderBy('email').execute(),
    db.selectFrom('purchase_orders').select(['id', 'number', 'expires_on']).where('account_id', '=', a.id).orderBy('created_at', 'desc').execute(),
    db
      .selectFrom('subscriptions as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
      .select(['s.id', 'p.name as product', 't.name as tier', 's.seats', 's.frequency', 's.status', 's.current_period_start', 's.current_period_end', 's.cancel_at_period_end', 's.last_charge_amount', 's.currency'])
      .where('s.account_id', '=', a.id)
      .orderBy('p.sort')
      .execute(),
    db
      .selectFrom('invoices')
      .select(['id', 'number', 'issued_at', 'due_at', 'total', 'amount_paid', 'status', 'currency', 'purchase_order_number'])
      .where('account_id', '=', a.id)
      // Overdue first (oldest due first), then the newest.
      .orderBy(sql`(status = 'open' AND due_at < ${now})`, 'desc')
      .orderBy(sql`CASE WHEN status = 'open' AND due_at < ${now} THEN due_at END`, 'asc')
      .orderBy('issued_at', 'desc')
      .limit(50)
      .execute(),
    db.selectFrom('quotes').select(['id', 'number', 'status', 'source', 'total', 'currency', 'expires_at', 'created_at', 'decided_at']).where('account_id', '=', a.id).orderBy('created_at', 'desc').limit(50).execute(),
    db
      .selectFrom('service_orders as so')
      .innerJoin('quotes as q', 'q.id', 'so.quote_id')
      .select(['so.id', 'so.status', 'so.created_at', 'so.placed_at', 'so.completed_at', 'so.order_id', 'so.failure_reason', 'q.number as quote_number'])
      .where('so.account_id', '=', a.id)
      .orderBy('so.created_at', 'desc')
      .limit(50)
      .execute(),
    db.selectFrom('requests').select(['id', 'case_number', 'category', 'subcategory', 'status', 'created_at', 'last_message_at']).where('account_id', '=', a.id).orderBy('created_at', 'desc').limit(50).execute(),
    db
      .selectFrom('audit_log as l')
      .leftJoin('staff as s', (j) => j.onRef('s.id', '=', 'l.actor_id').on('l.actor_realm', '=', 'staff'))
      .leftJoin('portal_credentials as pc', (j) => j.onRef('pc.id', '=', 'l.actor_id').on('l.actor_realm', '=', 'portal'))
      .leftJoin('users as pu', 'pu.id', 'pc.user_id')
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'l.actor_id').on('l.actor_realm', '=', 'product'))
      .select(['l.id', 'l.at', 'l.actor_realm', 'l.action', 'l.subject_id', 'l.data', 's.name as staff_name', 'pu.name as portal_name', 'u.name as user_name'])
      .where('l.account_id', '=', a.id)
      .orderBy('l.at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(50)
      .execute(),
  ]);
  const lastEligibility = auditLog.find((l) => l.action === 'staff.eligibility_changed');
  return {
    id: a.id,
    name: a.name,
    country: a.country,
    currency: a.currency,
    vatNumber: a.vat_number,
    selfServiceEligible: a.self_service_eligible,
    eligibilityReason: lastEligibility ? String((lastEligibility.data as { reason?: unknown }).reason ?? '') : null,
    contract: a.contract_start && a.contract_end ? { start: a.contract_start, end: a.contract_end } : null,
    salesRep: rep ? { name: rep.name, email: rep.email } : null,
    billTo: {
      contact: contact ? { name: contact.name, email: contact.email, locale: contact.locale } : null,
      portalUserId: portal?.login_id ?? null,
      portalDisabled: Boolean(portal?.disabled_at),
      street: a.billing_street,
      city: a.billing_city,
      postcode: a.billing_postcode,
      region: a.billing_region,
      country: a.country,
      phone: a.phone,
    },
    recipients,
    purchaseOrders: purchaseOrders.map((p) => ({ id: p.id, number: p.number, expiresOn: p.expires_on })),
    subscriptions: subscriptions.map((s) => ({
      id: s.id, product: s.product, tier: s.tier, seats: s.seats, frequency: s.frequency, status: s.status, termStart: s.current_period_start, termEnd: s.current_period_end,
      cancelAtPeriodEnd: s.cancel_at_period_end, lastCharge: s.last_charge_amount, currency: s.currency,
      canCancel: s.status === 'active' && s.current_period_end !== null && !s.cancel_at_period_end,
    })),
    invoices: invoices.map((i) => ({
      id: i.id, number: i.number, issuedAt: i.issued_at, dueAt: i.due_at, total: i.total, paid: i.amount_paid, balance: i.status === 'void' ? 0n : i.total - i.amount_paid,
      status: i.status, overdue: i.status === 'open' && i.due_at !== null && i.due_at < now, currency: i.currency, purchaseOrderNumber: i.purchase_order_number,
    })),
    quotes: quotes.map((q) => ({ id: q.id, number: q.number, status: q.status, source: q.source, total: q.total, currency: q.currency, expiresAt: q.expires_at, createdAt: q.created_at, decidedAt: q.decided_at })),
    serviceOrders: serviceOrders.map((o) => ({ id: o.id, status: o.status, createdAt: o.created_at, placedAt: o.placed_at, completedAt: o.completed_at, orderId: o.order_id, failureReason: o.failure_reason, quoteNumber: o.quote_number })),
    requests: requests.map((r) => ({ id: r.id, caseNumber: r.case_number, category: r.category, subcategory: r.subcategory, status: r.status, createdAt: r.created_at, lastMessageAt: r.last_message_at })),
    auditLog: auditLog.map((l) => ({
      id: String(l.id), at: l.at, actorRealm: l.actor_realm, actor: l.staff_name ?? l.portal_name ?? l.user_name ?? null, action: l.action, subjectId: l.subject_id, data: l.data,
    })),
  };
}

/** CP-10: whether the contact may add seats in the portal; told to contact Corporate Account Services otherwise. */
export async function setSelfServiceEligibility(db: Db, staff: StaffMember, input: { accountId: string; eligible: boolean; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const a = await accountForStaff(trx, staff, input.accountId);
    const locked = await trx.selectFrom('accounts').select('self_service_eligible').where('id', '=', a.id).forUpdate().executeTakeFirstOrThrow();
    if (locked.self_service_eligible === input.eligible) throw userError('CONFLICT', input.eligible ? 'errors.staff.alreadyEligible' : 'errors.staff.alreadyNotEligible');
    await trx.updateTable('accounts').set({ self_service_eligible: input.eligible }).where('id', '=', a.id).execute();
    await audit(trx, { actor: { realm: 'staff', id: staff.id }, accountId: a.id, action: 'staff.eligibility_changed', subjectId: a.id, data: { before: locked.self_service_eligible, after: input.eligible, reason: input.reason } });
    return { accountId: a.id, selfServiceEligible: input.eligible };
  });
}

/**
 * CP-15: the subscription ends at the end of its current term instead of renewing. From a cancellation
 * request (named, so the contact sees it there) or by the rep directly with a reason.
 */
export async function recordCancellation(deps: MailDeps & { now: () => Date }, staff: StaffMember, input: { subscriptionId: string; requestId?: string | null; reason?: string | null }) {
  const eventId = newId('cxl');
  const done = await deps.db.transaction().execute(async (trx) => {
    const sub = await subscriptionForStaff(trx, staff, input.subscriptionId);
    const now = deps.now();
    if (sub.cancel_at_period_end) throw userError('CONFLICT', 'errors.staff.alreadyCancelling');
    if (sub.status !== 'active' || !sub.current_period_end || sub.current_period_end <= now) throw userError('CONFLICT', 'errors.staff.notCancellable');
    let caseNumber: string | null = null;
    if (input.requestId) {
      const r = await trx.selectFrom('requests').select(['id', 'case_number', 'subscription_id']).where('id', '=', input.requestId).where('account_id', '=', sub.account_id).executeTakeFirst();
      if (!r) throw userError('BAD_REQUEST', 'errors.requests.notFound');
      if (r.subscription_id && r.subscription_id !== sub.id) throw userError('BAD_REQUEST', 'errors.staff.otherSubscription');
      caseNumber = r.case_number;
    }
    await trx.updateTable('subscriptions').set({ cancel_at_period_end: true, cancel_requested_at: now }).where('id', '=', sub.id).execute();
    await audit(trx, {
      actor: { realm: 'staff', id: staff.id }, accountId: sub.account_id, action: 'staff.cancellation_recorded', subjectId: sub.id,
      data: { eventId, periodEnd: sub.current_period_end.toISOString(), requestId: input.requestId ?? null, caseNumber, reason: input.reason ?? null },
    });
    return { accountId: sub.account_id, product: sub.product, endsAt: sub.current_period_end, caseNumber };
  });
  await emailCancellation(deps, { accountId: done.accountId, key: `subscription-cancellation:${input.subscriptionId}:${eventId}`, template: 'cancellationRecorded', product: done.product, endsAt: done.endsAt, caseNumber: done.caseNumber });
  return { subscriptionId: input.subscriptionId, cancelAtPeriodEnd: true, endsAt: done.endsAt };
}

/** CP-15 undone before the term ends: the subscription renews as before. */
export async function withdrawCancellation(deps: MailDeps & { now: () => Date }, staff: StaffMember, input: { subscriptionId: string; reason: string }) {
  const eventId = newId('cxl');
  const done = await deps.db.transaction().execute(async (trx) => {
    const sub = await subscriptionForStaff(trx, staff, input.subscriptionId);
    if (!sub.cancel_at_period_end || !sub.current_period_end) throw userError('CONFLICT', 'errors.staff.notCancelling');
    if (sub.current_period_end <= deps.now()) throw userError('CONFLICT', 'errors.staff.termOver');
    await trx.updateTable('subscriptions').set({ cancel_at_period_end: false, cancel_requested_at: null }).where('id', '=', sub.id).execute();
    await audit(trx, { actor: { realm: 'staff', id: staff.id }, accountId: sub.account_id, action: 'staff.cancellation_withdrawn', subjectId: sub.id, data: { eventId, reason: input.reason } });
    return { accountId: sub.account_id, product: sub.product, endsAt: sub.current_period_end };
  });
  await emailCancellation(deps, { accountId: done.accountId, key: `subscription-cancellation:${input.subscriptionId}:${eventId}`, template: 'cancellationWithdrawn', product: done.product, endsAt: done.endsAt, caseNumber: null });
  return { subscriptionId: input.subscriptionId, cancelAtPeriodEnd: false };
}

/** A subscription of an account this staff member sees (locked), or NOT_FOUND. */
async function subscriptionForStaff(trx: DbOrTrx, staff: StaffMember, subscriptionId: string) {
  const sub = await trx
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id', 's.account_id', 's.status', 's.current_period_end', 's.cancel_at_period_end', 'p.name as product'])
    .where('s.id', '=', subscriptionId)
    .forUpdate('s')
    .executeTakeFirst();
  if (!sub) throw userError('NOT_FOUND', 'errors.staff.subscriptionNotFound');
  await ensureAccountVisible(trx, staff, sub.account_id, 'errors.staff.subscriptionNotFound');
  return sub;
}
