import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Db } from '../../db/client';
import type { Currency, Frequency, Renewal } from '../../db/schema';
import { workflowIds, type PayNowOutcome } from '../../workflows/shared';
import { intlTag, type Locale } from '../i18n/locale';
import { renderUserMessage } from '../i18n/user-message';
import { sendEmailOnce } from '../email/send-once';
import type { Mailer } from '../email/transport';
import { userError } from '../errors';
import { cardLabel } from '../payments/card-label';
import { nudgeOrderPayment, notifyRenewal, payRenewalNow } from '../temporal/starters';
import { audit } from './audit';
import type { ServiceDeps } from './deps';
import { savedCard, type SavedCard } from './payment-methods';
import { renewalQuoter, type RenewalQuote } from './renewal-pricing';

// BC-9 in the Billing Center: what the Subscriptions page says about each subscription's renewal,
// cancel at period end and its undo, and the dunning page where a past-due billing admin pays now.

type RenewalDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'taskQueue' | 'now'>;

/** What the Subscriptions page shows under a subscription, with what to do. */
export type RenewalState =
  | { state: 'renews'; on: Date; amount: bigint; currency: Currency }
  | { state: 'ends'; on: Date }
  | { state: 'past_due'; since: Date; invoiceId: string; invoiceNumber: string; amountDue: bigint; currency: Currency; nextAttemptAt: Date | null; reason: string | null }
  | { state: 'lapsed'; since: Date; invoiceId: string; invoiceNumber: string; amountDue: bigint; currency: Currency; seatsKeptUntil: Date | null };

/** Why a renewal's last attempt failed, in the reader's language. */
export function renewalFailure(locale: Locale, r: Pick<Renewal, 'last_failure' | 'last_failure_key' | 'last_failure_params'>): string | null {
  if (r.last_failure_key) return renderUserMessage(locale, { key: r.last_failure_key, params: (r.last_failure_params ?? undefined) as Record<string, string | number> | undefined });
  return r.last_failure;
}

/** Each subscription's renewal quote; one that cannot be priced (no price in force) has none, the others still show. */
function quotesOrNull(quote: (id: string) => RenewalQuote | null, subs: Array<{ id: string }>): Map<string, RenewalQuote | null> {
  return new Map(subs.map((s) => {
    try {
      return [s.id, quote(s.id)] as const;
    } catch {
      return [s.id, null] as const;
    }
  }));
}

/** BC-2 / BC-9: the renewal state of every active, past-due or lapsed subscription of the account. */
export async function renewalStates(db: Db, input: { accountId: string; sellerCountry: string; locale: Locale }): Promise<Record<string, RenewalState>> {
  const subs = await db
    .selectFrom('subscriptions')
    .select(['id', 'status', 'current_period_end', 'cancel_at_period_end', 'seat_grace_until', 'ended_at', 'currency'])
    .where('account_id', '=', input.accountId)
    .where('status', 'in', ['active', 'past_due', 'lapsed'])
    .execute();
  // Only a past-due or lapsed subscription has an open renewal to show.
  const unpaid = subs.filter((s) => s.status !== 'active').map((s) => s.id);
  const open = unpaid.length
    ? await db
        .selectFrom('renewals as r')
        .innerJoin('invoices as i', 'i.order_id', 'r.order_id')
        .select(['r.subscription_id', 'r.status', 'r.next_attempt_at', 'r.last_failure', 'r.last_failure_key', 'r.last_failure_params', 'r.due_at', 'r.updated_at', 'i.id as invoice_id', 'i.number', 'i.total', 'i.amount_paid'])
        .where('r.subscription_id', 'in', unpaid)
        .where('r.status', 'in', ['past_due', 'lapsed'])
        .execute()
    : [];
  // The same pricing the renewal will charge, at the price in force at the period's end, for every
  // renewing subscription from the same few reads; one that cannot be priced shows no amount.
  const renewing = subs.filter((s) => s.status === 'active' && s.current_period_end && !s.cancel_at_period_end);
  const quotes = quotesOrNull(await renewalQuoter(db, renewing.map((s) => s.id), { sellerCountry: input.sellerCountry }), renewing);
  const out: Record<string, RenewalState> = {};
  for (const s of subs) {
    const r = open.find((o) => o.subscription_id === s.id);
    const currency = s.currency as Currency;
    if (r && s.status === 'past_due') {
      out[s.id] = { state: 'past_due', since: r.due_at, invoiceId: r.invoice_id, invoiceNumber: r.number, amountDue: r.total - r.amount_paid, currency, nextAttemptAt: r.next_attempt_at, reason: renewalFailure(input.locale, r) };
    } else if (r && s.status === 'lapsed') {
      out[s.id] = { state: 'lapsed', since: s.ended_at ?? r.updated_at, invoiceId: r.invoice_id, invoiceNumber: r.number, amountDue: r.total - r.amount_paid, currency, seatsKeptUntil: s.seat_grace_until };
    } else if (s.status === 'active' && s.current_period_end) {
      if (s.cancel_at_period_end) {
        out[s.id] = { state: 'ends', on: s.current_period_end };
        continue;
      }
      const q = quotes.get(s.id);
      if (q) out[s.id] = { state: 'renews', on: s.current_period_end, amount: q.total, currency };
    }
  }
  return out;
}

async function billingContact(db: Db, accountId: string) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['u.email', 'u.name', 'u.locale'])
    .where('a.id', '=', accountId)
    .executeTakeFirstOrThrow();
}

const dateIn = (locale: Locale) => new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });

/** Wakes the renewal workflow to re-read the subscription; if Temporal is away it re-reads at the period end anyway. */
async function wakeRenewal(deps: RenewalDeps, sub: { id: string; account_id: string; product_id: string }) {
  try {
    await notifyRenewal(await deps.temporal(), deps.taskQueue, { subscriptionId: sub.id, accountId: sub.account_id, productId: sub.product_id });
  } catch (err) {
    console.warn(`[renewals] could not wake renewal-${sub.id}: ${String(err)}`);
  }
}

async function lockOwnSubscription(db: Db, accountId: string, subscriptionId: string) {
  const sub = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id', 's.account_id', 's.product_id', 's.status', 's.current_period_end', 's.cancel_at_period_end', 's.cancel_requested_at', 'p.name as product'])
    .where('s.id', '=', subscriptionId)
    .where('s.account_id', '=', accountId)
    .executeTakeFirst();
  if (!sub) throw userError('NOT_FOUND', 'errors.renewals.subscriptionNotFound');
  return sub;
}

/**
 * BC-9 cancel at period end (options menu): the subscription stays active until its period ends and
 * then ends without a charge. Asking twice changes nothing; the billing contact gets one email.
 */
export async function scheduleCancellation(deps: RenewalDeps & { mailer: Mailer; appUrl: string }, input: { accountId: string; userId: string; subscriptionId: string }) {
  const now = deps.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const sub = await trx.selectFrom('subscriptions').select(['id', 'account_id', 'product_id', 'status', 'current_period_end', 'cancel_at_period_end', 'cancel_requested_at']).where('id', '=', input.subscriptionId).where('account_id', '=', input.accountId).forUpdate().executeTakeFirst();
    if (!sub) throw userError('NOT_FOUND', 'errors.renewals.subscriptionNotFound');
    if (sub.status !== 'active' || !sub.current_period_end || sub.current_period_end <= now) throw userError('CONFLICT', 'errors.renewals.notActive');
    if (sub.cancel_at_period_end) return { sub, requestedAt: sub.cancel_requested_at!, changed: false };
    await trx.updateTable('subscriptions').set({ cancel_at_period_end: true, cancel_requested_at: now }).where('id', '=', sub.id).execute();
    await audit(trx, { actor: { realm: 'product', id: input.userId }, accountId: input.accountId, action: 'subscription.cancel_scheduled', subjectId: sub.id, data: { endsAt: sub.current_period_end.toISOString() } });
    return { sub, requestedAt: now, changed: true };
  });
  await wakeRenewal(deps, result.sub);
  await cancellationEmail(deps, input.accountId, input.subscriptionId, 'renewalCancelScheduled', `cancel-scheduled:${input.subscriptionId}:${result.requestedAt.toISOString()}`);
  return { subscriptionId: input.subscriptionId, endsAt: result.sub.current_period_end!, changed: result.changed };
}

/** BC-9 undo before the period ends: the subscription renews as usual; by email too. */
export async function undoCancellation(deps: RenewalDeps & { mailer: Mailer; appUrl: string }, input: { accountId: string; userId: string; subscriptionId: string }) {
  const now = deps.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const sub = await trx.selectFrom('subscriptions').select(['id', 'account_id', 'product_id', 'status', 'current_period_end', 'cancel_at_period_end', 'cancel_requested_at']).where('id', '=', input.subscriptionId).where('account_id', '=', input.accountId).forUpdate().executeTakeFirst();
    if (!sub) throw userError('NOT_FOUND', 'errors.renewals.subscriptionNotFound');
    if (!sub.cancel_at_period_end) throw userError('CONFLICT', 'errors.renewals.notCancelling');
    if (sub.status !== 'active' || !sub.current_period_end || sub.current_period_end <= now) throw userError('CONFLICT', 'errors.renewals.periodOver');
    await trx.updateTable('subscriptions').set({ cancel_at_period_end: false, cancel_requested_at: null }).where('id', '=', sub.id).execute();
    await audit(trx, { actor: { realm: 'product', id: input.userId }, accountId: input.accountId, action: 'subscription.cancel_undone', subjectId: sub.id, data: { requestedAt: sub.cancel_requested_at?.toISOString() ?? null } });
    return { sub, requestedAt: sub.cancel_requested_at! };
  });
  await wakeRenewal(deps, result.sub);
  await cancellationEmail(deps, input.accountId, input.subscriptionId, 'renewalCancelUndone', `cancel-undone:${input.subscriptionId}:${result.requestedAt.toISOString()}`);
  return { subscriptionId: input.subscriptionId, renewsAt: result.sub.current_period_end! };
}

async function cancellationEmail(deps: { db: Db; mailer: Mailer; appUrl: string }, accountId: string, subscriptionId: string, template: 'renewalCancelScheduled' | 'renewalCancelUndone', key: string) {
  const contact = await billingContact(deps.db, accountId);
  const sub = await lockOwnSubscription(deps.db, accountId, subscriptionId);
  const locale = contact.locale === 'it' ? 'it' : 'en';
  await sendEmailOnce(deps, { key, to: contact.email, locale, template, data: { name: contact.name, product: sub.product, on: dateIn(locale).format(sub.current_period_end!), url: `${deps.appUrl}/billing/subscriptions` } });
}

/** The dunning page (/billing/pay/[invoiceId]): the open renewal invoice of an online subscription. */
export interface PayPageView {
  invoiceId: string;
  invoiceNumber: string;
  subscriptionId: string;
  productName: string;
  tierName: string;
  seats: number;
  frequency: Frequency;
  periodStart: Date;
  periodEnd: Date;
  currency: Currency;
  amountDue: bigint;
  invoiceStatus: 'open' | 'paid' | 'void';
  renewalStatus: string;
  reason: string | null;
  nextAttemptAt: Date | null;
  lapsedAt: Date | null;
  card: (SavedCard & { label: string | null }) | null;
}

export async function payPage(db: Db, input: { accountId: string; invoiceId: string; locale: Locale }): Promise<PayPageView> {
  const row = await db
    .selectFrom('renewals as r')
    .innerJoin('invoices as i', 'i.order_id', 'r.order_id')
    .innerJoin('subscriptions as s', 's.id', 'r.subscription_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .select(['r.status', 'r.kind', 'r.period_start', 'r.period_end', 'r.last_failure', 'r.last_failure_key', 'r.last_failure_params', 'r.next_attempt_at', 'r.subscription_id', 'i.id', 'i.number', 'i.total', 'i.amount_paid', 'i.status as invoice_status', 'i.currency', 'p.name as product', 't.name as tier', 's.seats', 's.frequency', 's.ended_at'])
    .where('i.id', '=', input.invoiceId)
    .where('r.account_id', '=', input.accountId)
    .executeTakeFirst();
  if (!row) throw userError('NOT_FOUND', 'errors.renewals.invoiceNotFound');
  if (row.kind !== 'online') throw userError('FORBIDDEN', 'errors.renewals.notPayableHere');
  const card = await savedCard(db, input.accountId);
  return {
    invoiceId: row.id,
    invoiceNumber: row.number,
    subscriptionId: row.subscription_id,
    productName: row.product,
    tierName: row.tier,
    seats: row.seats,
    frequency: row.frequency as Frequency,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    currency: row.currency as Currency,
    amountDue: row.total - row.amount_paid,
    invoiceStatus: row.invoice_status,
    renewalStatus: row.status,
    reason: renewalFailure(input.locale, row),
    nextAttemptAt: row.status === 'past_due' ? row.next_attempt_at : null,
    lapsedAt: row.status === 'lapsed' ? row.ended_at : null,
    card: card ? { ...card, label: cardLabel(card.brand, card.last4) } : null,
  };
}

/** What the pay-now page reads: the workflow's outcome, a failure told in the caller's language. */
export type PayNowAnswer = Exclude<PayNowOutcome, { status: 'failed' }> | { status: 'failed'; message: string };

/**
 * BC-9 pay now: the renewal workflow charges the open invoice with the saved card (it alone charges a
 * renewal, so a scheduled retry and this click never both charge). A repeated request (same ID) gets
 * the same answer; an invoice paid meanwhile answers "succeeded" from the database.
 */
export async function payNow(deps: RenewalDeps, input: { accountId: string; invoiceId: string; requestId: string; locale: Locale }): Promise<PayNowAnswer> {
  const outcome = await payNowOutcome(deps, input);
  return outcome.status === 'failed' ? { status: 'failed', message: renderUserMessage(input.locale, outcome.failure) } : outcome;
}

async function payNowOutcome(deps: RenewalDeps, input: { accountId: string; invoiceId: string; requestId: string; locale: Locale }): Promise<PayNowOutcome> {
  const view = await payPage(deps.db, input);
  if (view.invoiceStatus === 'paid') return { status: 'succeeded', invoiceNumber: view.invoiceNumber };
  if (view.amountDue <= 0n || view.invoiceStatus !== 'open') throw userError('CONFLICT', 'errors.renewals.nothingToPay');
  const client = await deps.temporal().catch(() => {
    throw userError('CONFLICT', 'errors.renewals.unavailable');
  });
  try {
    return await payRenewalNow(client, view.subscriptionId, { requestId: input.requestId });
  } catch (err) {
    const paid = await deps.db.selectFrom('invoices').select('status').where('id', '=', input.invoiceId).executeTakeFirstOrThrow();
    if (paid.status === 'paid') return { status: 'succeeded', invoiceNumber: view.invoiceNumber };
    if (err instanceof WorkflowUpdateFailedError) throw userError('CONFLICT', 'errors.renewals.nothingToPay');
    if (err instanceof WorkflowNotFoundError) {
      // The renewal workflow was lost (e.g. terminated by hand): start it again; it resumes the open renewal.
      const sub = await deps.db.selectFrom('subscriptions').select(['id', 'account_id', 'product_id']).where('id', '=', view.subscriptionId).executeTakeFirstOrThrow();
      await notifyRenewal(client, deps.taskQueue, { subscriptionId: sub.id, accountId: sub.account_id, productId: sub.product_id });
      return payRenewalNow(client, view.subscriptionId, { requestId: input.requestId });
    }
    throw err;
  }
}

/** 3-D Secure of a pay-now payment: the client secret Stripe.js needs (only the account's billing admin gets here). */
export async function payNowAction(deps: Pick<ServiceDeps, 'db' | 'payments'>, input: { accountId: string; invoiceId: string; requestId: string }) {
  const renewal = await ownRenewal(deps.db, input);
  const row = await deps.db.selectFrom('payments').select(['status', 'stripe_payment_intent_id']).where('order_id', '=', renewal.order_id).where('step', '=', `pay-now-${input.requestId}`).executeTakeFirst();
  if (!row?.stripe_payment_intent_id || row.status !== 'requires_action') return { clientSecret: null };
  return { clientSecret: (await deps.payments.getPaymentIntent(row.stripe_payment_intent_id)).clientSecret };
}

/** Stripe.js finished 3-D Secure: wake the renewal workflow (the webhook does too; either is enough). */
export async function payNowActionDone(deps: RenewalDeps, input: { accountId: string; invoiceId: string }) {
  const r = await ownRenewal(deps.db, input);
  try {
    await nudgeOrderPayment(await deps.temporal(), workflowIds.renewal(r.subscription_id), r.order_id);
  } catch {
    // The Stripe webhook wakes the workflow too; the page keeps following the invoice either way.
    throw userError('CONFLICT', 'errors.renewals.unavailable');
  }
  return { ok: true };
}

/** The renewal an invoice of this account bills (NOT_FOUND for anyone else's). */
async function ownRenewal(db: Db, input: { accountId: string; invoiceId: string }) {
  const r = await db
    .selectFrom('renewals as r')
    .innerJoin('invoices as i', 'i.order_id', 'r.order_id')
    .select(['r.subscription_id', 'r.order_id'])
    .where('i.id', '=', input.invoiceId)
    .where('r.account_id', '=', input.accountId)
    .executeTakeFirst();
  if (!r) throw userError('NOT_FOUND', 'errors.renewals.invoiceNotFound');
  return r;
}

/**
 * The renewal part of a corporate subscription's row on Sottoscrizioni: the next term's invoice (date,
 * amount), the end of the term when a cancellation was recorded (CP-15, no renewal), or the open renewal
 * invoice with its due date. An expired subscription has none: the row says since when and how to come back.
 */
export type CorporateRenewalState =
  | { state: 'renews'; on: Date; amount: bigint; currency: Currency; netTermsDays: number }
  | { state: 'ends'; on: Date }
  | { state: 'invoiced'; invoiceId: string; invoiceNumber: string; amountDue: bigint; currency: Currency; dueAt: Date; overdue: boolean; expiresAt: Date };

/** WF-4 corporate, for the portal: each active subscription's renewal state, by subscription ID. */
export async function corporateRenewalStates(db: Db, input: { accountId: string; sellerCountry: string; netTermsDays: number; expiryDaysOverdue: number; now: Date }): Promise<Map<string, CorporateRenewalState>> {
  const subs = await db
    .selectFrom('subscriptions')
    .select(['id', 'current_period_end', 'cancel_at_period_end', 'currency'])
    .where('account_id', '=', input.accountId)
    .where('status', '=', 'active')
    .execute();
  // Each subscription's latest renewal, all in one query.
  const latest = subs.length
    ? await db
        .selectFrom('renewals as r')
        .leftJoin('invoices as i', 'i.order_id', 'r.order_id')
        .distinctOn('r.subscription_id')
        .select(['r.subscription_id', 'r.status', 'r.due_at', 'i.id as invoice_id', 'i.number', 'i.total', 'i.amount_paid'])
        .where('r.subscription_id', 'in', subs.map((s) => s.id))
        .orderBy('r.subscription_id')
        .orderBy('r.period_start', 'desc')
        .execute()
    : [];
  const latestOf = new Map(latest.map((r) => [r.subscription_id, r]));
  const invoiced = (r: (typeof latest)[number] | undefined) => r?.status === 'open' && r.invoice_id && r.number && r.total !== null && r.amount_paid !== null;
  // The renewal price of each subscription that renews (the same pricing the renewal will charge), read at once.
  const renewing = subs.filter((s) => s.current_period_end && !s.cancel_at_period_end && !invoiced(latestOf.get(s.id)));
  const quotes = quotesOrNull(await renewalQuoter(db, renewing.map((s) => s.id), { sellerCountry: input.sellerCountry, netTermsDays: input.netTermsDays }), renewing);
  const out = new Map<string, CorporateRenewalState>();
  for (const s of subs) {
    const r = latestOf.get(s.id);
    const currency = s.currency as Currency;
    if (r && invoiced(r)) {
      out.set(s.id, {
        state: 'invoiced', invoiceId: r.invoice_id!, invoiceNumber: r.number!, amountDue: r.total! - r.amount_paid!, currency, dueAt: r.due_at,
        overdue: r.due_at.getTime() < input.now.getTime(), expiresAt: new Date(r.due_at.getTime() + input.expiryDaysOverdue * 86_400_000),
      });
    } else if (s.current_period_end && s.cancel_at_period_end) {
      out.set(s.id, { state: 'ends', on: s.current_period_end });
    } else if (s.current_period_end) {
      const q = quotes.get(s.id);
      if (q) out.set(s.id, { state: 'renews', on: s.current_period_end, amount: q.total, currency, netTermsDays: input.netTermsDays });
    }
  }
  return out;
}
