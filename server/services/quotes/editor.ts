import { newId } from '../../../db/ids';
import type { Trx } from '../../../db/client';
import type { StaffMember } from '../../auth/principals';
import { env } from '../../env';
import { userError } from '../../errors';
import { signalQuoteResend, startQuoteWorkflow } from '../../temporal/starters';
import { workflowIds } from '../../../workflows/shared';
import { audit } from '../audit';
import { loadPriceBook } from '../catalog';
import { accountForStaff, accountScope, ensureAccountVisible } from '../staff-access';
import { decideQuote, quoteWorkflowInput, tellQuoteWorkflow, type QuoteDeps } from './lifecycle';
import { validPurchaseOrder } from '../portal/purchase-orders';
import { priceQuoteFor, type PricedQuoteFigures, type QuoteLineRequest } from './pricing';
import { loadQuote, quoteLineDescription, type QuoteView } from './view';

// BO-1: the sales rep's quote editor. A draft is priced by the same function every time it is
// saved, previewed and sent; sending fixes its figures (re-priced at the send time), emails it and
// starts its WF-6 lifetime. Every step is audited: the audit entries are the quote's timeline.

export interface DraftInput {
  expiresAt: Date;
  notes: string | null;
  lines: QuoteLineRequest[];
}

const actorOf = (staff: StaffMember) => ({ realm: 'staff' as const, id: staff.id });

/** The lines of a priced quote as rows; a quote's lines are written only while it is a draft. */
async function writeLines(trx: Trx, quoteId: string, priced: PricedQuoteFigures) {
  await trx.deleteFrom('quote_lines').where('quote_id', '=', quoteId).execute();
  await trx
    .insertInto('quote_lines')
    .values(
      priced.lines.map((l, i) => ({
        id: newId('qln'),
        quote_id: quoteId,
        product_id: l.productId,
        tier_id: l.tierId,
        seats: l.seats,
        list_unit_amount: l.listUnitPrice.amount,
        discount_basis_points: l.discountBasisPoints,
        unit_amount: l.unitPrice.amount,
        amount: l.amount.amount,
        term_kind: l.term.kind,
        term_start: l.period.start,
        term_end: l.period.end,
        sort: i,
        description: quoteLineDescription({
          productName: priced.context.products.get(l.productId)!.name,
          tierName: priced.context.tiers.get(l.tierId)!.name,
          seats: l.seats,
          termKind: l.term.kind,
        }),
      })),
    )
    .execute();
}

const figures = (priced: PricedQuoteFigures) => ({
  currency: priced.subtotal.currency,
  subtotal: priced.subtotal.amount,
  tax: priced.tax.amount,
  total: priced.total.amount,
  tax_rate_basis_points: priced.taxDecision.rateBasisPoints,
  reverse_charge: priced.taxDecision.reverseCharge,
  purchase_order_number: priced.context.purchaseOrderNumber,
});

function assertExpiry(expiresAt: Date, now: Date) {
  if (!(expiresAt.getTime() > now.getTime())) throw userError('BAD_REQUEST', 'errors.quote.expiryInPast');
}

/** What the editor offers for an account: its products and tiers with their catalog prices, its subscriptions, contract and PO. */
export async function quoteEditorForm(deps: Pick<QuoteDeps, 'db' | 'now'>, staff: StaffMember, accountId: string) {
  const account = await accountForStaff(deps.db, staff, accountId);
  const now = deps.now();
  const products = await deps.db.selectFrom('products').select(['id', 'name']).orderBy('sort').execute();
  const tiers = await deps.db.selectFrom('plan_tiers').select(['id', 'product_id', 'name', 'rank']).orderBy('rank').execute();
  const book = await loadPriceBook(deps.db, tiers.map((t) => t.id), account.currency, now);
  const subscriptions = await deps.db
    .selectFrom('subscriptions')
    .select(['product_id', 'tier_id', 'seats', 'status', 'current_period_end'])
    .where('account_id', '=', accountId)
    .execute();
  return {
    account: { id: account.id, name: account.name, currency: account.currency, country: account.country },
    contract: account.contract_start && account.contract_end ? { start: account.contract_start, end: account.contract_end } : null,
    purchaseOrderNumber: (await validPurchaseOrder(deps.db, accountId, now))?.number ?? null,
    maxDiscountBasisPoints: env().QUOTE_MAX_DISCOUNT_BASIS_POINTS,
    products: products.map((p) => {
      const sub = subscriptions.find((s) => s.product_id === p.id && s.status === 'active');
      return {
        id: p.id,
        name: p.name,
        subscription: sub ? { tierId: sub.tier_id, seats: sub.seats } : null,
        tiers: tiers
          .filter((t) => t.product_id === p.id)
          .map((t) => ({ id: t.id, name: t.name, annualUnitAmount: book.find((b) => b.tierId === t.id && b.frequency === 'annual')?.unitAmount ?? null })),
      };
    }),
  };
}

/** The editor's live figures, from the same pricing as the saved quote; nothing is written. */
export async function previewQuote(deps: Pick<QuoteDeps, 'db' | 'now'>, staff: StaffMember, input: { accountId: string; lines: QuoteLineRequest[] }) {
  await accountForStaff(deps.db, staff, input.accountId);
  const priced = await priceQuoteFor(deps.db, input.accountId, input.lines, deps.now());
  return {
    currency: priced.subtotal.currency,
    lines: priced.lines.map((l) => ({ productId: l.productId, unitAmount: l.unitPrice.amount, amount: l.amount.amount, periodStart: l.period.start, periodEnd: l.period.end })),
    subtotal: priced.subtotal.amount,
    tax: priced.tax.amount,
    total: priced.total.amount,
    taxRateBasisPoints: priced.taxDecision.rateBasisPoints,
    reverseCharge: priced.taxDecision.reverseCharge,
    purchaseOrderNumber: priced.context.purchaseOrderNumber,
  };
}

export async function createDraftQuote(deps: Pick<QuoteDeps, 'db' | 'now'>, staff: StaffMember, input: DraftInput & { accountId: string }) {
  const now = deps.now();
  await accountForStaff(deps.db, staff, input.accountId);
  assertExpiry(input.expiresAt, now);
  const priced = await priceQuoteFor(deps.db, input.accountId, input.lines, now);
  const id = newId('quo');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('quotes')
      .values({ id, account_id: input.accountId, source: 'sales_rep', status: 'draft', expires_at: input.expiresAt, created_by_staff_id: staff.id, notes: input.notes, created_at: now, ...figures(priced) })
      .execute();
    await writeLines(trx, id, priced);
    await audit(trx, { actor: actorOf(staff), accountId: input.accountId, action: 'quote.created', subjectId: id, data: { total: priced.total.amount.toString() } });
  });
  return { quoteId: id };
}

/** The quote, locked for the rest of the caller's transaction; NOT_FOUND outside the accounts the staff member sees. */
async function lockQuoteForStaff(trx: Trx, staff: StaffMember, quoteId: string) {
  const q = await trx.selectFrom('quotes').selectAll().where('id', '=', quoteId).forUpdate().executeTakeFirst();
  if (!q) throw userError('NOT_FOUND', 'errors.quote.notFound');
  await ensureAccountVisible(trx, staff, q.account_id, 'errors.quote.notFound');
  return q;
}

export async function updateDraftQuote(deps: Pick<QuoteDeps, 'db' | 'now'>, staff: StaffMember, input: DraftInput & { quoteId: string }) {
  const now = deps.now();
  assertExpiry(input.expiresAt, now);
  await deps.db.transaction().execute(async (trx) => {
    const q = await lockQuoteForStaff(trx, staff, input.quoteId);
    if (q.status !== 'draft') throw userError('CONFLICT', 'errors.quote.notDraft');
    const priced = await priceQuoteFor(trx, q.account_id, input.lines, now);
    await writeLines(trx, q.id, priced);
    await trx.updateTable('quotes').set({ expires_at: input.expiresAt, notes: input.notes, ...figures(priced) }).where('id', '=', q.id).execute();
    await audit(trx, { actor: actorOf(staff), accountId: q.account_id, action: 'quote.edited', subjectId: q.id, data: { total: priced.total.amount.toString() } });
  });
  return { quoteId: input.quoteId };
}

/**
 * Send: the draft is re-priced at this moment (the figures the contact accepts are the ones sent),
 * becomes 'pending', and its WF-6 workflow starts after the commit — it emails the billing contact
 * the PDF and keeps the expiry timer. A start lost after the commit is redone by `ensureQuoteWorkflows`.
 */
export async function sendQuote(deps: QuoteDeps, staff: StaffMember, input: { quoteId: string }) {
  const now = deps.now();
  const sent = await deps.db.transaction().execute(async (trx) => {
    const q = await lockQuoteForStaff(trx, staff, input.quoteId);
    if (q.status !== 'draft') throw userError('CONFLICT', 'errors.quote.notDraft');
    assertExpiry(q.expires_at, now);
    const contact = await trx.selectFrom('accounts').select('billing_contact_user_id').where('id', '=', q.account_id).executeTakeFirstOrThrow();
    if (!contact.billing_contact_user_id) throw userError('CONFLICT', 'errors.quote.noBillingContact');
    const lines = await trx.selectFrom('quote_lines').select(['product_id', 'tier_id', 'seats', 'discount_basis_points', 'term_kind']).where('quote_id', '=', q.id).orderBy('sort').execute();
    const priced = await priceQuoteFor(
      trx,
      q.account_id,
      lines.map((l) => ({ productId: l.product_id, tierId: l.tier_id, seats: l.seats, discountBasisPoints: l.discount_basis_points, term: l.term_kind })),
      now,
    );
    await writeLines(trx, q.id, priced);
    const row = await trx
      .updateTable('quotes')
      .set({ status: 'pending', sent_at: now, workflow_id: workflowIds.quote(q.id), ...figures(priced) })
      .where('id', '=', q.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { actor: actorOf(staff), accountId: q.account_id, action: 'quote.sent', subjectId: q.id, data: { total: priced.total.amount.toString() } });
    return row;
  });
  await startQuoteWorkflow(await deps.temporal(), deps.taskQueue, quoteWorkflowInput(sent));
  return { quoteId: sent.id, status: sent.status };
}

/** Resend: the same quote, the same figures, emailed again by its workflow. */
export async function resendQuote(deps: QuoteDeps, staff: StaffMember, input: { quoteId: string }) {
  const resendId = newId('rs');
  const q = await deps.db.transaction().execute(async (trx) => {
    const q = await lockQuoteForStaff(trx, staff, input.quoteId);
    if (q.status !== 'pending') throw userError('CONFLICT', 'errors.quote.notOpen');
    if (q.expires_at.getTime() <= deps.now().getTime()) throw userError('CONFLICT', 'errors.quote.expired');
    await audit(trx, { actor: actorOf(staff), accountId: q.account_id, action: 'quote.resent', subjectId: q.id, data: { resendId } });
    return q;
  });
  await signalQuoteResend(await deps.temporal(), q.id, resendId);
  return { quoteId: q.id };
}

/** Withdraw: a sent quote can no longer be accepted; a draft is simply deleted. */
export async function withdrawQuote(deps: QuoteDeps, staff: StaffMember, input: { quoteId: string }) {
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const q = await lockQuoteForStaff(trx, staff, input.quoteId);
    if (q.status === 'draft') {
      await trx.deleteFrom('quotes').where('id', '=', q.id).execute();
      await audit(trx, { actor: actorOf(staff), accountId: q.account_id, action: 'quote.draft_deleted', subjectId: q.id });
      return 'deleted' as const;
    }
    const ok = await decideQuote(trx, { quoteId: q.id, to: 'withdrawn', at: deps.now(), actor: actorOf(staff) });
    if (!ok) throw userError('CONFLICT', 'errors.quote.notOpen');
    return 'withdrawn' as const;
  });
  if (outcome === 'withdrawn') await tellQuoteWorkflow(deps, { quoteId: input.quoteId, status: 'withdrawn' });
  return { quoteId: input.quoteId, status: outcome };
}

/** The quotes of the staff member's accounts (a rep: only theirs), newest first. */
export async function listQuotesForStaff(deps: Pick<QuoteDeps, 'db'>, staff: StaffMember, input: { accountId?: string; status?: string }) {
  let q = deps.db
    .selectFrom('quotes as q')
    .innerJoin('accounts as a', 'a.id', 'q.account_id')
    .select(['q.id', 'q.number', 'q.account_id', 'a.name as account_name', 'q.status', 'q.source', 'q.currency', 'q.total', 'q.expires_at', 'q.sent_at', 'q.viewed_at', 'q.decided_at', 'q.created_at'])
    .where('a.kind', '=', 'corporate')
    .orderBy('q.created_at', 'desc')
    .limit(200);
  const scope = accountScope(staff);
  if (scope) q = q.where('a.sales_rep_staff_id', '=', scope.salesRepStaffId);
  if (input.accountId) q = q.where('q.account_id', '=', input.accountId);
  if (input.status) q = q.where('q.status', '=', input.status as never);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id, number: r.number, accountId: r.account_id, accountName: r.account_name, status: r.status, source: r.source, currency: r.currency,
    total: r.total, expiresAt: r.expires_at, sentAt: r.sent_at, viewedAt: r.viewed_at, decidedAt: r.decided_at, createdAt: r.created_at,
  }));
}

/** One quote for the back office, with its timeline (the audit entries about it, oldest first). */
export async function getQuoteForStaff(deps: Pick<QuoteDeps, 'db'>, staff: StaffMember, quoteId: string): Promise<QuoteView & { timeline: Array<{ at: Date; action: string; actorRealm: string; data: unknown }> }> {
  const q = await loadQuote(deps.db, quoteId);
  if (!q) throw userError('NOT_FOUND', 'errors.quote.notFound');
  await ensureAccountVisible(deps.db, staff, q.accountId, 'errors.quote.notFound');
  const timeline = await deps.db
    .selectFrom('audit_log')
    .select(['at', 'action', 'actor_realm', 'data'])
    .where('subject_id', '=', quoteId)
    .where('action', 'like', 'quote.%')
    .orderBy('id')
    .execute();
  return { ...q, timeline: timeline.map((t) => ({ at: t.at, action: t.action, actorRealm: t.actor_realm, data: t.data })) };
}
