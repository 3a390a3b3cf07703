import type { Db } from '../../../db/client';
import type { PortalUser } from '../../auth/principals';
import { userError } from '../../errors';
import { audit } from '../audit';
import { decideQuote, tellQuoteWorkflow, type QuoteDeps } from './lifecycle';
import { loadQuote, type QuoteView } from './view';

// CP-4 Preventivi: the billing contact's quotes. Pending ones can be accepted (through the service
// order steps of CP-10) or rejected; decided ones stay visible as history.

const actorOf = (u: PortalUser) => ({ realm: 'portal' as const, id: u.credentialId });

/** The account's quotes, open ones first (soonest expiry first), then the decided ones, newest first. Drafts are the rep's. */
export async function listPortalQuotes(db: Db, user: PortalUser) {
  const rows = await db
    .selectFrom('quotes as q')
    .leftJoin('service_orders as so', 'so.quote_id', 'q.id')
    .select(['q.id', 'q.number', 'q.status', 'q.source', 'q.currency', 'q.subtotal', 'q.tax', 'q.total', 'q.expires_at', 'q.sent_at', 'q.decided_at', 'so.id as service_order_id', 'so.status as service_order_status'])
    .where('q.account_id', '=', user.accountId)
    .where('q.status', '<>', 'draft')
    .orderBy('q.created_at', 'desc')
    .limit(100)
    .execute();
  const quotes = rows.map((r) => ({
    id: r.id, number: r.number, status: r.status, source: r.source, currency: r.currency, subtotal: r.subtotal, tax: r.tax, total: r.total,
    expiresAt: r.expires_at, sentAt: r.sent_at, decidedAt: r.decided_at,
    serviceOrder: r.service_order_id ? { id: r.service_order_id, status: r.service_order_status! } : null,
  }));
  const open = quotes.filter((q) => q.status === 'pending').sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  return { open, decided: quotes.filter((q) => q.status !== 'pending') };
}

/** One quote of the contact's account (NOT_FOUND otherwise, drafts included); the first look is recorded for the rep. */
export async function getPortalQuote(deps: Pick<QuoteDeps, 'db' | 'now'>, user: PortalUser, quoteId: string): Promise<QuoteView & { serviceOrderId: string | null }> {
  const q = await loadQuote(deps.db, quoteId);
  if (!q || q.accountId !== user.accountId || q.status === 'draft') throw userError('NOT_FOUND', 'errors.quote.notFound');
  if (!q.viewedAt && q.status === 'pending') {
    await deps.db.transaction().execute(async (trx) => {
      const first = await trx.updateTable('quotes').set({ viewed_at: deps.now() }).where('id', '=', quoteId).where('viewed_at', 'is', null).returning('id').executeTakeFirst();
      if (first) await audit(trx, { actor: actorOf(user), accountId: user.accountId, action: 'quote.viewed', subjectId: quoteId });
    });
  }
  const so = await deps.db.selectFrom('service_orders').select('id').where('quote_id', '=', quoteId).executeTakeFirst();
  return { ...q, serviceOrderId: so?.id ?? null };
}

/** Rifiuta: closes an open quote with an optional reason; its workflow tells the rep by email. */
export async function rejectPortalQuote(deps: QuoteDeps, user: PortalUser, input: { quoteId: string; reason: string | null }) {
  const ok = await deps.db.transaction().execute(async (trx) => {
    const q = await trx.selectFrom('quotes').select(['id', 'account_id', 'status', 'expires_at']).where('id', '=', input.quoteId).forUpdate().executeTakeFirst();
    if (!q || q.account_id !== user.accountId || q.status === 'draft') throw userError('NOT_FOUND', 'errors.quote.notFound');
    if (q.status !== 'pending') throw userError('CONFLICT', 'errors.quote.notOpen');
    // A service order being prepared for this quote is dropped with it.
    await trx.deleteFrom('service_orders').where('quote_id', '=', q.id).where('status', '=', 'draft').execute();
    return decideQuote(trx, { quoteId: q.id, to: 'rejected', at: deps.now(), actor: actorOf(user), reason: input.reason });
  });
  if (!ok) throw userError('CONFLICT', 'errors.quote.notOpen');
  await tellQuoteWorkflow(deps, { quoteId: input.quoteId, status: 'rejected' });
  return { quoteId: input.quoteId, status: 'rejected' as const };
}
