import type { Db, DbOrTrx } from '../../db/client';
import { newId } from '../../db/ids';
import type { RequestCategory, RequestStatus } from '../../db/schema';
import type { StaffMember } from '../auth/principals';
import { userError } from '../errors';
import { audit } from './audit';
import { decodeTimeCursor, page } from './lists';
import { emailContact, type MailDeps } from './request-emails';
import { requestThread } from './request-thread';
import { accountScope, ensureAccountVisible } from './staff-access';

/**
 * BO-1 request queue (CP-13, CP-14, CP-15), the staff side: every request of the accounts a staff
 * member sees (a rep: their accounts; Corporate Account Services: all), oldest first with its age;
 * assign to self, reply (the contact gets it by email and in the portal), change status, resolve with a
 * note, answer a reactivation with a quote. Every action is audited.
 */

export type QueueStatusFilter = 'unresolved' | RequestStatus;
export interface QueueFilters {
  status?: QueueStatusFilter;
  assignee?: 'any' | 'me' | 'unassigned';
  category?: RequestCategory;
  accountId?: string;
  cursor?: string | null;
  limit?: number;
}

const PAGE = 50;

export async function listQueue(db: Db, staff: StaffMember, now: Date, f: QueueFilters) {
  const limit = Math.min(f.limit ?? PAGE, 200);
  let q = db
    .selectFrom('requests as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('staff as s', 's.id', 'r.assigned_staff_id')
    .leftJoin('subscriptions as sub', 'sub.id', 'r.subscription_id')
    .leftJoin('products as p', 'p.id', 'sub.product_id')
    .select(['r.id', 'r.case_number', 'r.category', 'r.subcategory', 'r.status', 'r.created_at', 'r.last_message_at', 'r.assigned_staff_id', 's.name as assignee', 'a.id as account_id', 'a.name as account_name', 'p.name as product'])
    .where('a.kind', '=', 'corporate');
  const scope = accountScope(staff);
  if (scope) q = q.where('a.sales_rep_staff_id', '=', scope.salesRepStaffId);
  const status = f.status ?? 'unresolved';
  q = status === 'unresolved' ? q.where('r.status', 'in', ['open', 'waiting_for_customer']) : q.where('r.status', '=', status);
  if (f.assignee === 'me') q = q.where('r.assigned_staff_id', '=', staff.id);
  if (f.assignee === 'unassigned') q = q.where('r.assigned_staff_id', 'is', null);
  if (f.category) q = q.where('r.category', '=', f.category);
  if (f.accountId) q = q.where('r.account_id', '=', f.accountId);
  const after = decodeTimeCursor(f.cursor);
  if (after) q = q.where((eb) => eb(eb.refTuple('r.created_at', 'r.id'), '>', eb.tuple(after.at, after.id)));
  const rows = await q.orderBy('r.created_at', 'asc').orderBy('r.id', 'asc').limit(limit + 1).execute();
  const { rows: kept, nextCursor } = page(rows, limit, (r) => ({ value: r.created_at.toISOString(), id: r.id }));
  return {
    rows: kept.map((r) => ({
      id: r.id,
      caseNumber: r.case_number,
      category: r.category,
      subcategory: r.subcategory,
      status: r.status,
      createdAt: r.created_at,
      lastMessageAt: r.last_message_at,
      ageSeconds: Math.max(0, Math.floor((now.getTime() - r.created_at.getTime()) / 1000)),
      assignee: r.assignee,
      assignedToMe: r.assigned_staff_id === staff.id,
      account: { id: r.account_id, name: r.account_name },
      product: r.product,
    })),
    nextCursor,
  };
}

/** The request, if its account is one this staff member sees (accountForStaff); NOT_FOUND otherwise. */
async function requestForStaff(db: DbOrTrx, staff: StaffMember, requestId: string, lock = false) {
  let q = db.selectFrom('requests').selectAll().where('id', '=', requestId);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw userError('NOT_FOUND', 'errors.requests.notFound');
  await ensureAccountVisible(db, staff, r.account_id, 'errors.requests.notFound');
  return r;
}

export async function getQueuedRequest(db: Db, staff: StaffMember, now: Date, requestId: string) {
  const r = await requestForStaff(db, staff, requestId);
  const account = await db
    .selectFrom('accounts as a')
    .leftJoin('users as c', 'c.id', 'a.billing_contact_user_id')
    .leftJoin('portal_credentials as pc', 'pc.account_id', 'a.id')
    .leftJoin('staff as rep', 'rep.id', 'a.sales_rep_staff_id')
    .select(['a.id', 'a.name', 'a.self_service_eligible', 'c.name as contact_name', 'c.email as contact_email', 'pc.login_id', 'rep.name as rep_name'])
    .where('a.id', '=', r.account_id)
    .executeTakeFirstOrThrow();
  const [messages, subscription, quotes, assignee, resolvedBy] = await Promise.all([
    requestThread(db, r.id),
    r.subscription_id
      ? db
          .selectFrom('subscriptions as s')
          .innerJoin('products as p', 'p.id', 's.product_id')
          .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
          .select(['s.id', 'p.name as product', 't.name as tier', 's.seats', 's.status', 's.current_period_end', 's.cancel_at_period_end'])
          .where('s.id', '=', r.subscription_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    db.selectFrom('quotes').select(['id', 'number', 'status', 'total', 'currency', 'expires_at', 'created_at']).where('account_id', '=', r.account_id).where('status', '=', 'pending').orderBy('created_at', 'desc').limit(20).execute(),
    r.assigned_staff_id ? db.selectFrom('staff').select('name').where('id', '=', r.assigned_staff_id).executeTakeFirst() : Promise.resolve(undefined),
    r.resolved_by_staff_id ? db.selectFrom('staff').select('name').where('id', '=', r.resolved_by_staff_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return {
    id: r.id,
    caseNumber: r.case_number,
    category: r.category,
    subcategory: r.subcategory,
    details: r.details,
    status: r.status,
    createdAt: r.created_at,
    ageSeconds: Math.max(0, Math.floor((now.getTime() - r.created_at.getTime()) / 1000)),
    resolvedAt: r.resolved_at,
    resolutionNote: r.resolution_note,
    resolvedBy: resolvedBy?.name ?? null,
    assignee: assignee?.name ?? null,
    assignedToMe: r.assigned_staff_id === staff.id,
    account: { id: account.id, name: account.name, selfServiceEligible: account.self_service_eligible, contactName: account.contact_name, contactEmail: account.contact_email, portalUserId: account.login_id, salesRep: account.rep_name },
    subscription: subscription
      ? { id: subscription.id, product: subscription.product, tier: subscription.tier, seats: subscription.seats, status: subscription.status, termEnd: subscription.current_period_end, cancelAtPeriodEnd: subscription.cancel_at_period_end }
      : null,
    answeredWithQuoteId: r.quote_id,
    pendingQuotes: quotes.map((q) => ({ id: q.id, number: q.number, total: q.total, currency: q.currency, expiresAt: q.expires_at })),
    messages,
  };
}

const actor = (staff: StaffMember) => ({ realm: 'staff' as const, id: staff.id });

export async function assignToSelf(db: Db, staff: StaffMember, requestId: string) {
  return db.transaction().execute(async (trx) => {
    const r = await requestForStaff(trx, staff, requestId, true);
    if (r.assigned_staff_id === staff.id) return { requestId: r.id, assignedToMe: true, changed: false };
    await trx.updateTable('requests').set({ assigned_staff_id: staff.id }).where('id', '=', r.id).execute();
    await audit(trx, { actor: actor(staff), accountId: r.account_id, action: 'staff.request_assigned', subjectId: r.id, data: { before: r.assigned_staff_id, after: staff.id } });
    return { requestId: r.id, assignedToMe: true, changed: true };
  });
}

/** Writes a staff message and moves the request to `status`; the contact gets it by email after the commit. */
async function postStaffMessage(
  deps: MailDeps & { now: () => Date },
  staff: StaffMember,
  input: { requestId: string; body: string; status: RequestStatus; kind: 'reply' | 'resolution'; quoteId?: string; action: string },
) {
  const at = deps.now();
  const messageId = newId('rqm');
  const result = await deps.db.transaction().execute(async (trx) => {
    const r = await requestForStaff(trx, staff, input.requestId, true);
    if (input.quoteId) {
      const quote = await trx.selectFrom('quotes').select(['id', 'status']).where('id', '=', input.quoteId).where('account_id', '=', r.account_id).executeTakeFirst();
      if (!quote) throw userError('BAD_REQUEST', 'errors.requests.unknownQuote');
      if (quote.status !== 'pending') throw userError('CONFLICT', 'errors.requests.quoteNotPending');
    }
    await trx
      .insertInto('request_messages')
      .values({ id: messageId, request_id: r.id, author_realm: 'staff', author_staff_id: staff.id, kind: input.kind, body: input.body, quote_id: input.quoteId ?? null, created_at: at })
      .execute();
    const resolving = input.status === 'resolved';
    await trx
      .updateTable('requests')
      .set({
        status: input.status,
        last_message_at: at,
        // Whoever answers first takes the request, unless someone already has it.
        assigned_staff_id: r.assigned_staff_id ?? staff.id,
        resolved_at: resolving ? at : null,
        resolved_by_staff_id: resolving ? staff.id : null,
        resolution_note: resolving ? input.body : r.resolution_note,
        ...(input.quoteId ? { quote_id: input.quoteId } : {}),
      })
      .where('id', '=', r.id)
      .execute();
    await audit(trx, { actor: actor(staff), accountId: r.account_id, action: input.action, subjectId: r.id, data: { messageId, before: r.status, after: input.status, ...(input.quoteId ? { quoteId: input.quoteId } : {}) } });
    return { requestId: r.id, status: input.status };
  });
  await emailContact(deps, { requestId: result.requestId, template: input.kind === 'resolution' ? 'requestResolved' : 'requestReply', key: `request-message:${messageId}`, message: input.body, author: staff.name });
  return { ...result, messageId };
}

export function replyAsStaff(deps: MailDeps & { now: () => Date }, staff: StaffMember, input: { requestId: string; body: string; status: 'open' | 'waiting_for_customer' }) {
  return postStaffMessage(deps, staff, { ...input, kind: 'reply', action: 'staff.request_replied' });
}

export function resolveRequest(deps: MailDeps & { now: () => Date }, staff: StaffMember, input: { requestId: string; note: string }) {
  return postStaffMessage(deps, staff, { requestId: input.requestId, body: input.note, status: 'resolved', kind: 'resolution', action: 'staff.request_resolved' });
}

/** CP-14: the answer to a reactivation is a quote the contact accepts in the portal; it is the customer's turn. */
export function answerWithQuote(deps: MailDeps & { now: () => Date }, staff: StaffMember, input: { requestId: string; quoteId: string; body: string }) {
  const link = new URL(`/portal/quotes/${input.quoteId}`, deps.appUrl).toString();
  return postStaffMessage(deps, staff, { requestId: input.requestId, body: `${input.body}\n\n${link}`, status: 'waiting_for_customer', kind: 'reply', quoteId: input.quoteId, action: 'staff.request_answered_with_quote' });
}

/** Status without a message: back to open, or waiting for the customer. Resolving needs a note (resolveRequest). */
export async function setRequestStatus(db: Db, staff: StaffMember, input: { requestId: string; status: 'open' | 'waiting_for_customer' }) {
  return db.transaction().execute(async (trx) => {
    const r = await requestForStaff(trx, staff, input.requestId, true);
    if (r.status === input.status) return { requestId: r.id, status: r.status, changed: false };
    await trx.updateTable('requests').set({ status: input.status, resolved_at: null, resolved_by_staff_id: null }).where('id', '=', r.id).execute();
    await audit(trx, { actor: actor(staff), accountId: r.account_id, action: 'staff.request_status_changed', subjectId: r.id, data: { before: r.status, after: input.status } });
    return { requestId: r.id, status: input.status, changed: true };
  });
}

/** Counts for the back-office home: unresolved requests the staff member sees, and those assigned to them. */
export async function queueCounts(db: Db, staff: StaffMember) {
  let q = db
    .selectFrom('requests as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select((eb) => [
      eb.fn.countAll<bigint>().as('unresolved'),
      eb.fn.count<bigint>('r.id').filterWhere('r.assigned_staff_id', 'is', null).as('unassigned'),
      eb.fn.count<bigint>('r.id').filterWhere('r.assigned_staff_id', '=', staff.id).as('mine'),
      eb.fn.min('r.created_at').as('oldest'),
    ])
    .where('r.status', 'in', ['open', 'waiting_for_customer'])
    .where('a.kind', '=', 'corporate');
  const scope = accountScope(staff);
  if (scope) q = q.where('a.sales_rep_staff_id', '=', scope.salesRepStaffId);
  const c = await q.executeTakeFirstOrThrow();
  return { unresolved: Number(c.unresolved), unassigned: Number(c.unassigned), mine: Number(c.mine), oldest: (c.oldest as Date | null) ?? null };
}
