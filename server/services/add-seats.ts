import type { Db, DbOrTrx } from '../../db/client';
import { newId } from '../../db/ids';
import type { PortalUser } from '../auth/principals';
import { env } from '../env';
import { userError } from '../errors';
import type { RequestCategoryName } from '../requests/forms';
import { startQuoteWorkflow } from '../temporal/starters';
import { workflowIds } from '../../workflows/shared';
import { audit } from './audit';
import { decideQuote, quoteWorkflowInput, tellQuoteWorkflow, type QuoteDeps } from './quotes/lifecycle';
import { priceQuoteFor } from './quotes/pricing';
import { quoteLineDescription } from './quotes/view';

// CP-10 Aggiungi postazioni (seed 000): the billing contact of a corporate account adds seats to the
// account's subscriptions. The rules of the seed hold at every step, on the server: only products the
// catalog flags for corporate add-seats; an automatic payment method (a card) on the account; accounts
// flagged not eligible for self-service go to Corporate Account Services; open quotes are accepted or
// rejected first — or, once the contact confirms, they expire at once, superseded by this order's quote.

export type AddSeatsRefusal =
  | { reason: 'not_eligible'; requestUrl: string }
  | { reason: 'no_card'; paymentMethodUrl: string };

/** CP-14's request form, opened on its "seats or products" category (the category named by its type, so a rename breaks the build). */
const SEATS_REQUEST: RequestCategoryName = 'seats_products';
export const REQUEST_FORM_URL = `/portal/requests/new?category=${SEATS_REQUEST}`;
export const PAYMENT_METHOD_URL = '/portal/payment-method';

/** The account's default payment method when it is automatic (a card), else null. */
export async function automaticPaymentMethod(db: DbOrTrx, accountId: string) {
  const pm = await db
    .selectFrom('payment_methods')
    .select(['id', 'kind', 'card_brand', 'card_last4', 'card_exp_month', 'card_exp_year', 'stripe_payment_method_id'])
    .where('account_id', '=', accountId)
    .where('is_default', '=', true)
    .executeTakeFirst();
  return pm?.kind === 'card' ? pm : null;
}

/** Why this account cannot add seats itself, or null when it can (seed 000's two account rules). */
export async function addSeatsRefusal(db: DbOrTrx, accountId: string): Promise<AddSeatsRefusal | null> {
  const account = await db.selectFrom('accounts').select(['self_service_eligible', 'kind']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (account.kind !== 'corporate' || !account.self_service_eligible) return { reason: 'not_eligible', requestUrl: REQUEST_FORM_URL };
  if (!(await automaticPaymentMethod(db, accountId))) return { reason: 'no_card', paymentMethodUrl: PAYMENT_METHOD_URL };
  return null;
}

/** Throws the refusal as the user's error (nothing changes); used by every write of the flow. */
export async function assertCanAddSeats(db: DbOrTrx, accountId: string): Promise<void> {
  const refusal = await addSeatsRefusal(db, accountId);
  if (refusal?.reason === 'not_eligible') throw userError('FORBIDDEN', 'errors.addSeats.notEligible', {}, refusal);
  if (refusal?.reason === 'no_card') throw userError('CONFLICT', 'errors.addSeats.noCard', {}, refusal);
}

/** The account's subscriptions that can get more seats: active, of a product flagged for corporate add-seats. */
async function addableSubscriptions(db: DbOrTrx, accountId: string) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .select(['s.id', 's.product_id', 'p.name as product_name', 's.tier_id', 't.name as tier_name', 's.seats', 's.current_period_end', 'p.corporate_add_seats'])
    .where('s.account_id', '=', accountId)
    .where('s.status', '=', 'active')
    .orderBy('p.sort')
    .execute();
}

/** Open quotes that an add-seats order would supersede (seed 000: accepted or rejected first). */
async function openQuotes(db: DbOrTrx, accountId: string) {
  return db
    .selectFrom('quotes')
    .select(['id', 'number', 'total', 'currency', 'expires_at', 'source'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .execute();
}

/** Sottoscrizioni → Aggiungi postazioni: what the form shows (or why the account cannot use it). */
export async function addSeatsForm(db: Db, user: PortalUser) {
  const refusal = await addSeatsRefusal(db, user.accountId);
  const subs = await addableSubscriptions(db, user.accountId);
  return {
    refusal,
    products: subs.map((s) => ({
      subscriptionId: s.id,
      productId: s.product_id,
      productName: s.product_name,
      tierName: s.tier_name,
      seats: s.seats,
      termEnd: s.current_period_end,
      supported: s.corporate_add_seats,
    })),
    openQuotes: (await openQuotes(db, user.accountId)).map((q) => ({ id: q.id, number: q.number, total: q.total, currency: q.currency, expiresAt: q.expires_at })),
  };
}

/**
 * Salva carrello e rivedi: the order's quote, co-termed to the contract end at today's catalog prices
 * (no discount: that is the rep's). With open quotes it needs `supersedeOpenQuotes` (the contact saw
 * the warning and confirmed): they expire at once, superseded by this quote, and their reps are told.
 */
export async function createAddSeatsQuote(deps: QuoteDeps, user: PortalUser, input: { items: Array<{ productId: string; seats: number }>; supersedeOpenQuotes: boolean }) {
  const items = input.items.filter((i) => i.seats > 0);
  if (items.length === 0) throw userError('BAD_REQUEST', 'errors.addSeats.noSeats');
  const now = deps.now();
  const created = await deps.db.transaction().execute(async (trx) => {
    // One add-seats order at a time per account: concurrent attempts queue on the account row.
    await trx.selectFrom('accounts').select('id').where('id', '=', user.accountId).forUpdate().execute();
    await assertCanAddSeats(trx, user.accountId);
    const subs = await addableSubscriptions(trx, user.accountId);
    for (const item of items) {
      const sub = subs.find((s) => s.product_id === item.productId);
      if (!sub) throw userError('BAD_REQUEST', 'errors.addSeats.notSubscribed');
      if (!sub.corporate_add_seats) throw userError('BAD_REQUEST', 'errors.addSeats.productNotSupported', { product: sub.product_name });
    }
    const open = await openQuotes(trx, user.accountId);
    if (open.length > 0 && !input.supersedeOpenQuotes) {
      throw userError('CONFLICT', 'errors.addSeats.openQuotes', { n: open.length }, { openQuotes: open.map((q) => q.number) });
    }
    const priced = await priceQuoteFor(
      trx,
      user.accountId,
      items.map((i) => ({ productId: i.productId, tierId: subs.find((s) => s.product_id === i.productId)!.tier_id, seats: i.seats, discountBasisPoints: 0, term: 'co_term' as const })),
      now,
    );
    const id = newId('quo');
    const expiresAt = new Date(now.getTime() + env().ADD_SEATS_QUOTE_VALID_DAYS * 86_400_000);
    await trx
      .insertInto('quotes')
      .values({
        id, account_id: user.accountId, source: 'add_seats', status: 'draft', expires_at: expiresAt, created_at: now,
        currency: priced.subtotal.currency, subtotal: priced.subtotal.amount, tax: priced.tax.amount, total: priced.total.amount,
        tax_rate_basis_points: priced.taxDecision.rateBasisPoints, reverse_charge: priced.taxDecision.reverseCharge, purchase_order_number: priced.context.purchaseOrderNumber,
      })
      .execute();
    await trx
      .insertInto('quote_lines')
      .values(
        priced.lines.map((l, i) => ({
          id: newId('qln'), quote_id: id, product_id: l.productId, tier_id: l.tierId, seats: l.seats, list_unit_amount: l.listUnitPrice.amount,
          discount_basis_points: 0, unit_amount: l.unitPrice.amount, amount: l.amount.amount, term_kind: 'co_term' as const,
          term_start: l.period.start, term_end: l.period.end, sort: i,
          description: quoteLineDescription({ productName: priced.context.products.get(l.productId)!.name, tierName: priced.context.tiers.get(l.tierId)!.name, seats: l.seats, termKind: 'co_term' }),
        })),
      )
      .execute();
    const quote = await trx.updateTable('quotes').set({ status: 'pending', sent_at: now, workflow_id: workflowIds.quote(id) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, { actor: { realm: 'portal', id: user.credentialId }, accountId: user.accountId, action: 'quote.created', subjectId: id, data: { source: 'add_seats', total: priced.total.amount.toString() } });
    for (const q of open) await decideQuote(trx, { quoteId: q.id, to: 'superseded', at: now, actor: { realm: 'portal', id: user.credentialId }, supersededBy: id });
    return { quote, superseded: open.map((q) => q.id) };
  });
  await startQuoteWorkflow(await deps.temporal(), deps.taskQueue, quoteWorkflowInput(created.quote));
  for (const quoteId of created.superseded) await tellQuoteWorkflow(deps, { quoteId, status: 'superseded' });
  return { quoteId: created.quote.id, superseded: created.superseded.length };
}
