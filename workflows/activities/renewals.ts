import { ApplicationFailure } from '@temporalio/activity';
import { isUniqueViolation, type DbOrTrx, type Trx } from '../../db/client';
import { newId } from '../../db/ids';
import type { Renewal } from '../../db/schema';
import { corporateSchedule, dunningSchedule } from '../../server/billing';
import { renderUserMessage } from '../../server/i18n/user-message';
import { issueOpenOrderInvoice } from '../../server/orders/fulfilment';
import { writeOrder } from '../../server/orders/write';
import { audit } from '../../server/services/audit';
import { chargeableCard } from '../../server/services/payment-methods';
import { validPurchaseOrder } from '../../server/services/portal/purchase-orders';
import { quoteRenewal } from '../../server/services/renewal-pricing';
import { workflowIds, type OpenedRenewal, type OpenRenewal, type RenewalView, type UserMessage } from '../shared';
import type { ActivityDeps } from './deps';

// Renewals (WF-4): the renewal's own bookkeeping around the order core. The renewal is an order of kind
// `renewal` written by `writeOrder`, charged by the core's payment activities and fulfilled by its
// `fulfilOrder` (the renewal line handler advances the period); what is here is what only a renewal
// has — one row per subscription and period (the once-per-period guard), the dunning and corporate
// schedules, past due, lapse, seat release, cancel at period end and the corporate expiry.

/** WF-4's own steps. Each is keyed by the renewal (one per subscription and period): re-running one changes nothing twice. */
export interface RenewalActivities {
  /** The card the account has saved NOW (a card replaced since the last attempt is the one charged); null: none, or its default method is not a card. */
  savedCard(input: { accountId: string }): Promise<{ paymentMethodId: string | null }>;
  /** Where the subscription stands now, with the unsettled renewal (and its schedule) if there is one. */
  loadRenewal(input: { subscriptionId: string }): Promise<RenewalView>;
  /**
   * Bills the period starting at `periodStart` (the old period's end) at the price in force then: the
   * renewal order (`writeOrder`, idempotency key per subscription and period) and its renewals row —
   * once per subscription and period, whatever retries.
   */
  openRenewal(input: { subscriptionId: string; periodStart: string }): Promise<OpenedRenewal>;
  /**
   * A failed charge (`attempt` = the automatic attempts made so far; a pay-now failure repeats it). Online:
   * the subscription is past due and, at the first failure, the order's invoice is issued open (the
   * dunning emails and page link to it); the next attempt's time comes from the schedule.
   */
  recordRenewalFailure(input: { renewalId: string; attempt: number; failure: UserMessage }): Promise<void>;
  /** The renewal's order was refused at fulfilment (the subscription ended or moved on): it is closed. */
  closeRenewal(input: { renewalId: string }): Promise<void>;
  /** After the last failure: access ends, seats are kept until `seatsReleaseAt`, the invoice stays open. */
  lapseRenewal(input: { renewalId: string; seatsReleaseAt: string }): Promise<void>;
  /** The seat grace period of a lapsed subscription is over: its assignments go. */
  releaseLapsedSeats(input: { renewalId: string }): Promise<void>;
  /** Cancel at period end took effect: the subscription ends without a charge. False when it was undone meanwhile. */
  endAtPeriodEnd(input: { subscriptionId: string; periodEnd: string }): Promise<boolean>;
  /** Corporate: the renewal invoice is paid (in the portal, CP-6, or otherwise): the renewal is settled. */
  renewalInvoicePaid(input: { renewalId: string }): Promise<boolean>;
  /** Corporate: still unpaid past the expiry → the subscription expires. False when it was paid meanwhile. */
  expireCorporateRenewal(input: { renewalId: string }): Promise<boolean>;
}

const notFound = (what: string) => ApplicationFailure.nonRetryable(`${what} does not exist`, 'RenewalNotFound');
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const WORKFLOW = { realm: 'workflow', id: null } as const;

/** Statuses of a renewal not settled yet (the workflow resumes it). */
const UNSETTLED = ['pending', 'past_due', 'lapsed', 'open'] as const;

type RenewalDeps = Pick<ActivityDeps, 'db' | 'seller' | 'sellerCountry' | 'renewalPolicies'>;

export function createRenewalActivities(deps: RenewalDeps): RenewalActivities {
  const { db } = deps;
  const policies = deps.renewalPolicies;

  async function renewal(trx: DbOrTrx, renewalId: string, lock = false): Promise<Renewal> {
    let q = trx.selectFrom('renewals').selectAll().where('id', '=', renewalId);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound(`renewal ${renewalId}`);
    return r;
  }

  /** The renewal's invoice (its order's), if issued. */
  const invoiceOf = (trx: DbOrTrx, r: Pick<Renewal, 'order_id'>) => trx.selectFrom('invoices').select(['id', 'status', 'issued_at']).where('order_id', '=', r.order_id).executeTakeFirst();

  async function openView(r: Renewal): Promise<OpenRenewal> {
    const order = await db.selectFrom('orders').select('status').where('id', '=', r.order_id).executeTakeFirstOrThrow();
    const base = { renewalId: r.id, orderId: r.order_id, kind: r.kind, status: r.status as OpenRenewal['status'], attempts: r.attempts };
    if (r.kind === 'online') return { ...base, chargeCard: true, termStarted: false, terms: null, schedule: dunningSchedule(r.due_at, policies.dunning) };
    const inv = await invoiceOf(db, r);
    return {
      ...base,
      // The automatic method is a card (CP-7): the term's invoice is charged to it at once.
      chargeCard: (await chargeableCard(db, r.account_id)) !== null,
      termStarted: order.status === 'completed',
      terms: { days: policies.corporate.netTermsDays, purchaseOrderNumber: (await validPurchaseOrder(db, r.account_id, new Date()))?.number ?? null },
      schedule: corporateSchedule(inv?.issued_at ?? r.created_at, r.due_at, policies.corporate),
    };
  }

  /** Opens the renewal in the caller's transaction (the subscription row locked): its order and its row. */
  async function open(trx: Trx, subscriptionId: string, periodStart: string): Promise<OpenedRenewal> {
    const sub = await trx.selectFrom('subscriptions as s').innerJoin('accounts as a', 'a.id', 's.account_id').select(['s.id', 's.account_id', 's.status', 's.current_period_end', 'a.kind']).where('s.id', '=', subscriptionId).forUpdate('s').executeTakeFirst();
    if (!sub) throw notFound(`subscription ${subscriptionId}`);
    const existing = await trx.selectFrom('renewals').select(['id', 'order_id', 'status']).where('subscription_id', '=', subscriptionId).where('period_start', '=', new Date(periodStart)).executeTakeFirst();
    // A period is billed once: a renewal of it that was refused and closed is not billed again.
    if (existing?.status === 'cancelled') return { status: 'skipped', reason: `the renewal of the period starting ${periodStart} was closed` };
    if (existing) return { status: 'opened', renewalId: existing.id, orderId: existing.order_id };
    // Never bill a period already paid: only the period that starts where the current one ends, now.
    if (sub.status !== 'active' || iso(sub.current_period_end) !== periodStart) return { status: 'skipped', reason: `the period ending ${periodStart} is not the current one` };
    const issuedAt = new Date();
    // THE renewal pricing: the amount the Subscriptions page and the portal showed beforehand.
    const q = await quoteRenewal(trx, { subscriptionId, sellerCountry: deps.sellerCountry, issuedAt, netTermsDays: policies.corporate.netTermsDays });
    if (!q) throw notFound(`the period of subscription ${subscriptionId}`);
    const { orderId } = await writeOrder(trx, {
      accountId: sub.account_id,
      kind: 'renewal',
      currency: q.currency,
      lines: [{ kind: 'renewal', subscriptionId, productId: q.productId, tierId: q.tierId, seats: q.seats, frequency: q.frequency, periodStart: q.periodStart, periodEnd: q.periodEnd, planAmount: q.planCost, description: `${q.productName} ${q.tierName} renewal` }],
      creditApplied: q.creditApplied,
      tax: q.tax,
      total: q.total,
      taxRateBasisPoints: q.taxRateBasisPoints,
      reverseCharge: q.reverseCharge,
      vatNumber: q.vatNumber,
      // One renewal per subscription and period, whatever retries; the workflow that charges it is the subscription's.
      idempotencyKey: `renewal:${subscriptionId}:${periodStart}`,
      workflowId: (id) => `${workflowIds.renewal(subscriptionId)}#${id}`,
      placedByUserId: null,
      at: issuedAt,
      creditNote: 'Credit balance used for a renewal',
    });
    const renewalId = newId('ren');
    await trx
      .insertInto('renewals')
      .values({
        id: renewalId, subscription_id: subscriptionId, account_id: sub.account_id, kind: sub.kind, period_start: q.periodStart, period_end: q.periodEnd,
        status: sub.kind === 'online' ? 'pending' : 'open', order_id: orderId,
        // Online: due at the period's start (the dunning schedule counts from it); corporate: issue + net terms.
        due_at: sub.kind === 'online' ? q.periodStart : q.dueAt!,
      })
      .execute();
    await audit(trx, { actor: WORKFLOW, accountId: sub.account_id, action: 'renewal.opened', subjectId: subscriptionId, data: { renewal: renewalId, order: orderId, periodStart, total: q.total.toString() } });
    return { status: 'opened', renewalId, orderId };
  }

  return {
    async savedCard({ accountId }) {
      return { paymentMethodId: await chargeableCard(db, accountId) };
    },

    async loadRenewal({ subscriptionId }): Promise<RenewalView> {
      const sub = await db
        .selectFrom('subscriptions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .select(['s.status', 's.current_period_end', 's.cancel_at_period_end', 'a.kind'])
        .where('s.id', '=', subscriptionId)
        .executeTakeFirst();
      if (!sub) return { status: 'missing', kind: 'online', periodEnd: null, cancelAtPeriodEnd: false, open: null };
      const r = await db.selectFrom('renewals').selectAll().where('subscription_id', '=', subscriptionId).where('status', 'in', UNSETTLED).orderBy('period_start', 'desc').executeTakeFirst();
      return {
        status: sub.status,
        kind: sub.kind,
        periodEnd: sub.status === 'active' ? iso(sub.current_period_end) : null,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
        open: r ? await openView(r) : null,
      };
    },

    async openRenewal({ subscriptionId, periodStart }) {
      try {
        return await db.transaction().execute((trx) => open(trx, subscriptionId, periodStart));
      } catch (err) {
        // Two runs raced for the same period (the row lock makes this rare): the first one's renewal stands.
        if (!isUniqueViolation(err, 'renewals_subscription_id_period_start_key') && !isUniqueViolation(err, 'orders_idempotency_key_key')) throw err;
        return db.transaction().execute((trx) => open(trx, subscriptionId, periodStart));
      }
    },

    async recordRenewalFailure({ renewalId, attempt, failure }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (!(UNSETTLED as readonly string[]).includes(r.status)) return;
        const next = r.kind === 'online' ? dunningSchedule(r.due_at, policies.dunning).find((s) => s.kind === 'retry' && s.attempt > attempt) : undefined;
        await trx
          .updateTable('renewals')
          .set((eb) => ({
            attempts: eb.fn('greatest', [eb.ref('attempts'), eb.val(attempt)]),
            last_failure: renderUserMessage('en', failure),
            last_failure_key: failure.key,
            last_failure_params: failure.params ?? null,
            next_attempt_at: next ? new Date(next.at) : null,
            ...(r.kind === 'online' && r.status === 'pending' ? { status: 'past_due' as const } : {}),
          }))
          .where('id', '=', r.id)
          .execute();
        if (r.kind !== 'online') return;
        // BC-9: past due from the first failure, with the open invoice the dunning emails link to — the
        // order core's, due on receipt (the period's start, or now if that has passed).
        const order = await trx.selectFrom('orders').selectAll().where('id', '=', r.order_id).forUpdate().executeTakeFirstOrThrow();
        const now = new Date();
        await issueOpenOrderInvoice(trx, { order, seller: deps.seller, dueAt: r.due_at.getTime() < now.getTime() ? now : r.due_at });
        const moved = await trx.updateTable('subscriptions').set({ status: 'past_due' }).where('id', '=', r.subscription_id).where('status', '=', 'active').executeTakeFirst();
        if (moved.numUpdatedRows > 0n) await audit(trx, { actor: WORKFLOW, accountId: r.account_id, action: 'renewal.past_due', subjectId: r.subscription_id, data: { renewal: r.id, attempt, failure: failure.key } });
      });
    },

    async closeRenewal({ renewalId }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (!(UNSETTLED as readonly string[]).includes(r.status)) return;
        await trx.updateTable('renewals').set({ status: 'cancelled', next_attempt_at: null }).where('id', '=', r.id).execute();
        await audit(trx, { actor: WORKFLOW, accountId: r.account_id, action: 'renewal.closed', subjectId: r.subscription_id, data: { renewal: r.id, order: r.order_id } });
      });
    },

    async lapseRenewal({ renewalId, seatsReleaseAt }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (r.status !== 'past_due') return;
        await trx.updateTable('renewals').set({ status: 'lapsed', next_attempt_at: null }).where('id', '=', r.id).execute();
        await trx.updateTable('subscriptions').set({ status: 'lapsed', ended_at: new Date(), seat_grace_until: new Date(seatsReleaseAt) }).where('id', '=', r.subscription_id).where('status', 'in', ['past_due', 'active']).execute();
        await audit(trx, { actor: WORKFLOW, accountId: r.account_id, action: 'renewal.lapsed', subjectId: r.subscription_id, data: { renewal: r.id, seatsReleaseAt } });
      });
    },

    async releaseLapsedSeats({ renewalId }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        const sub = await trx.selectFrom('subscriptions').select('status').where('id', '=', r.subscription_id).forUpdate().executeTakeFirstOrThrow();
        if (sub.status !== 'lapsed') return;
        const gone = await trx.deleteFrom('seat_assignments').where('subscription_id', '=', r.subscription_id).executeTakeFirst();
        await audit(trx, { actor: WORKFLOW, accountId: r.account_id, action: 'renewal.seats_released', subjectId: r.subscription_id, data: { renewal: r.id, released: Number(gone.numDeletedRows) } });
      });
    },

    async endAtPeriodEnd({ subscriptionId, periodEnd }) {
      return db.transaction().execute(async (trx) => {
        const sub = await trx.selectFrom('subscriptions').select(['status', 'cancel_at_period_end', 'current_period_end', 'account_id']).where('id', '=', subscriptionId).forUpdate().executeTakeFirst();
        if (!sub) throw notFound(`subscription ${subscriptionId}`);
        if (sub.status === 'cancelled') return true;
        if (!sub.cancel_at_period_end || sub.status !== 'active' || iso(sub.current_period_end) !== periodEnd) return false;
        await trx.updateTable('subscriptions').set({ status: 'cancelled', ended_at: sub.current_period_end }).where('id', '=', subscriptionId).execute();
        await audit(trx, { actor: WORKFLOW, accountId: sub.account_id, action: 'subscription.cancelled', subjectId: subscriptionId, data: { endedAt: periodEnd } });
        return true;
      });
    },

    async renewalInvoicePaid({ renewalId }) {
      return db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (r.status === 'paid') return true;
        const inv = await invoiceOf(trx, r);
        if (inv?.status !== 'paid') return false;
        await trx.updateTable('renewals').set({ status: 'paid', paid_at: new Date() }).where('id', '=', r.id).execute();
        return true;
      });
    },

    async expireCorporateRenewal({ renewalId }) {
      return db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        const inv = await invoiceOf(trx, r);
        if (r.status === 'paid' || inv?.status === 'paid') return false;
        if (r.status === 'expired') return true;
        await trx.updateTable('renewals').set({ status: 'expired' }).where('id', '=', r.id).execute();
        // The unpaid term ends now, not at its planned end: Sottoscrizioni shows the term as it ran.
        const now = new Date();
        await trx.updateTable('subscriptions').set({ status: 'expired', ended_at: now, current_period_end: now }).where('id', '=', r.subscription_id).execute();
        // The invoice stays open (the debt is real); reactivation goes through the rep (CP-14).
        await audit(trx, { actor: WORKFLOW, accountId: r.account_id, action: 'renewal.expired', subjectId: r.subscription_id, data: { renewal: r.id, invoice: inv?.id ?? null } });
        return true;
      });
    },
  };
}
