import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import { newId } from '../../db/ids';
import type { RequestCategory, SubscriptionStatus } from '../../db/schema';
import type { PortalUser } from '../auth/principals';
import { userError } from '../errors';
import { SUBSCRIPTION_CATEGORIES, type NewRequestInput } from '../requests/forms';
import { audit } from './audit';
import { emailContact, emailStaff, type MailDeps } from './request-emails';
import { requestThread } from './request-thread';

/**
 * CP-13 / CP-14 / CP-15, the customer's side: the billing contact files a request to Corporate Account
 * Services from the portal, gets a case number and an acknowledgement email, and follows the
 * conversation there. Everything is scoped to the contact's own account: another account's request is
 * NOT_FOUND, like one that does not exist.
 */

/** CP-14: what counts as expired (reactivation); CP-15: what can be cancelled at term end. */
const REACTIVATABLE: readonly SubscriptionStatus[] = ['expired', 'lapsed', 'cancelled'];

/** The account's subscriptions as the form offers them, with what each category may name. */
export async function requestFormOptions(db: Db, user: PortalUser) {
  const subs = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .select(['s.id', 'p.name as product', 't.name as tier', 's.status', 's.seats', 's.current_period_end', 's.cancel_at_period_end'])
    .where('s.account_id', '=', user.accountId)
    .orderBy('p.sort')
    .execute();
  return {
    subscriptions: subs.map((s) => ({
      id: s.id,
      product: s.product,
      tier: s.tier,
      status: s.status,
      seats: s.seats,
      termEnd: s.current_period_end,
      cancelAtPeriodEnd: s.cancel_at_period_end,
      reactivation: REACTIVATABLE.includes(s.status),
      cancellation: s.status === 'active' && s.current_period_end !== null && !s.cancel_at_period_end,
    })),
  };
}

export async function createRequest(deps: MailDeps & { now: () => Date }, user: PortalUser, input: NewRequestInput) {
  const { db } = deps;
  const wants = SUBSCRIPTION_CATEGORIES[input.category];
  let subscriptionId: string | null = null;
  if (input.subscriptionId) {
    const sub = await db.selectFrom('subscriptions').select(['id', 'status', 'current_period_end', 'cancel_at_period_end']).where('id', '=', input.subscriptionId).where('account_id', '=', user.accountId).executeTakeFirst();
    if (!sub) throw userError('BAD_REQUEST', 'errors.requests.unknownSubscription');
    if (wants === 'expired' && !REACTIVATABLE.includes(sub.status)) throw userError('BAD_REQUEST', 'errors.requests.notExpired');
    if (wants === 'active' && (sub.status !== 'active' || sub.current_period_end === null)) throw userError('BAD_REQUEST', 'errors.requests.notActive');
    if (wants === 'active' && sub.cancel_at_period_end) throw userError('CONFLICT', 'errors.requests.alreadyCancelling');
    subscriptionId = sub.id;
  }
  const at = deps.now();
  const id = newId('req');
  let created: { id: string; case_number: string; duplicate: boolean };
  try {
    created = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('requests')
        .values({
          id,
          account_id: user.accountId,
          category: input.category as RequestCategory,
          subcategory: input.subcategory ?? null,
          details: input.details,
          submitted_by_user_id: user.userId,
          subscription_id: subscriptionId,
          submission_key: input.submissionKey,
          created_at: at,
          updated_at: at,
          last_message_at: at,
        })
        .returning(['id', 'case_number'])
        .executeTakeFirstOrThrow();
      await audit(trx, { actor: { realm: 'portal', id: user.credentialId }, accountId: user.accountId, action: 'portal.request_created', subjectId: row.id, data: { caseNumber: row.case_number, category: input.category, subscriptionId } });
      return { ...row, duplicate: false };
    });
  } catch (err) {
    // The same Submit again (double click, retry after a lost answer): the first request is the answer.
    if (!isUniqueViolation(err, 'requests_account_id_submission_key_key')) throw err;
    const first = await db.selectFrom('requests').select(['id', 'case_number']).where('account_id', '=', user.accountId).where('submission_key', '=', input.submissionKey).executeTakeFirstOrThrow();
    created = { ...first, duplicate: true };
  }
  // After the commit; a retry sends whatever the first attempt could not (the outbox keys are per request).
  const details = (await db.selectFrom('requests').select('details').where('id', '=', created.id).executeTakeFirstOrThrow()).details;
  await emailContact(deps, { requestId: created.id, template: 'requestAcknowledged', key: `request:${created.id}:ack`, message: details });
  await emailStaff(deps, { requestId: created.id, key: `request:${created.id}:staff-new`, message: details, isNew: true });
  return { requestId: created.id, caseNumber: created.case_number, duplicate: created.duplicate };
}

export async function listRequests(db: Db, user: PortalUser) {
  return db
    .selectFrom('requests as r')
    .leftJoin('subscriptions as s', 's.id', 'r.subscription_id')
    .leftJoin('products as p', 'p.id', 's.product_id')
    .select((eb) => [
      'r.id', 'r.case_number', 'r.category', 'r.subcategory', 'r.status', 'r.created_at', 'r.last_message_at', 'p.name as product',
      eb.selectFrom('request_messages as m').select((e) => e.fn.countAll<bigint>().as('n')).whereRef('m.request_id', '=', 'r.id').where('m.author_realm', '=', 'staff').as('staff_replies'),
    ])
    .where('r.account_id', '=', user.accountId)
    .orderBy('r.last_message_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(200)
    .execute()
    .then((rows) => rows.map((r) => ({ id: r.id, caseNumber: r.case_number, category: r.category, subcategory: r.subcategory, status: r.status, createdAt: r.created_at, lastMessageAt: r.last_message_at, product: r.product, staffReplies: Number(r.staff_replies ?? 0) })));
}

/** One request with its conversation, as the contact sees it (staff are named, internal fields are not shown). */
export async function getRequest(db: Db, user: PortalUser, requestId: string) {
  const r = await db
    .selectFrom('requests as r')
    .leftJoin('subscriptions as s', 's.id', 'r.subscription_id')
    .leftJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('quotes as q', 'q.id', 'r.quote_id')
    .select(['r.id', 'r.case_number', 'r.category', 'r.subcategory', 'r.details', 'r.status', 'r.created_at', 'r.resolved_at', 'r.resolution_note', 'p.name as product', 's.status as subscription_status', 's.current_period_end', 's.cancel_at_period_end', 'q.id as quote_id', 'q.number as quote_number', 'q.status as quote_status'])
    .where('r.id', '=', requestId)
    .where('r.account_id', '=', user.accountId)
    .executeTakeFirst();
  if (!r) throw userError('NOT_FOUND', 'errors.requests.notFound');
  const messages = await requestThread(db, r.id);
  return {
    id: r.id,
    caseNumber: r.case_number,
    category: r.category,
    subcategory: r.subcategory,
    details: r.details,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    subscription: r.product ? { product: r.product, status: r.subscription_status, termEnd: r.current_period_end, cancelAtPeriodEnd: Boolean(r.cancel_at_period_end) } : null,
    quote: r.quote_id ? { id: r.quote_id, number: r.quote_number!, status: r.quote_status! } : null,
    messages,
  };
}

/** The contact answers: the request is the staff's turn again (a resolved one is reopened). */
export async function replyToRequest(deps: MailDeps & { now: () => Date }, user: PortalUser, input: { requestId: string; body: string }) {
  const { db } = deps;
  const at = deps.now();
  const messageId = newId('rqm');
  const result = await db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('requests').select(['id', 'status']).where('id', '=', input.requestId).where('account_id', '=', user.accountId).forUpdate().executeTakeFirst();
    if (!r) throw userError('NOT_FOUND', 'errors.requests.notFound');
    await trx.insertInto('request_messages').values({ id: messageId, request_id: r.id, author_realm: 'portal', author_user_id: user.userId, body: input.body, created_at: at }).execute();
    await trx.updateTable('requests').set({ status: 'open', resolved_at: null, last_message_at: at }).where('id', '=', r.id).execute();
    await audit(trx, { actor: { realm: 'portal', id: user.credentialId }, accountId: user.accountId, action: 'portal.request_replied', subjectId: r.id, data: { messageId, before: r.status, after: 'open' } });
    return { requestId: r.id, status: 'open' as const, reopened: r.status === 'resolved' };
  });
  await emailStaff(deps, { requestId: result.requestId, key: `request-message:${messageId}`, message: input.body, isNew: false });
  return result;
}
