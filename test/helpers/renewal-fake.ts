import { Context } from '@temporalio/activity';
import { addPeriod, corporateSchedule, dunningSchedule, type CorporateRenewalPolicy, type DunningPolicy } from '../../server/billing';
import type { EmailActivities } from '../../workflows/activities/emails';
import type { OrderActivities } from '../../workflows/activities/orders';
import type { ChargeResult, PaymentActivities } from '../../workflows/activities/payments';
import type { RenewalActivities } from '../../workflows/activities/renewals';
import type { OpenRenewal, RenewalView } from '../../workflows/shared';

/** Every activity WF-4 schedules: the order core's payments and fulfilment, and the renewal's own steps. */
export type Wf4Activities = RenewalActivities & PaymentActivities & Pick<OrderActivities, 'fulfilOrder' | 'failOrder'> & Pick<EmailActivities, 'sendRenewalEmail'>;

/**
 * WF-4 workflow tests: stubbed activities over an in-memory subscription that follow the real ones'
 * contract (one renewal order per period; the core's charge; its fulfilment advancing the period from
 * the old end; past due → lapsed → reactivated; a corporate term started on net terms → paid or
 * expired). Every call is recorded with the (skipped) server time at which the workflow scheduled it,
 * so tests read what happened when.
 */
export interface FakeRenewal {
  id: string;
  orderId: string;
  periodStart: Date;
  periodEnd: Date;
  dueAt: Date;
  status: 'pending' | 'paid' | 'past_due' | 'lapsed' | 'open' | 'expired' | 'cancelled';
  attempts: number;
  /** The order was fulfilled (online: paid; corporate: the term started, maybe on net terms). */
  fulfilled: boolean;
  invoicePaid: boolean;
}

export interface FakeOptions {
  kind?: 'online' | 'corporate';
  frequency?: 'monthly' | 'annual';
  periodStart: Date;
  dunning?: DunningPolicy;
  corporate?: CorporateRenewalPolicy;
  /** Corporate: the account's automatic method is a card. */
  corporateCard?: boolean;
}

const DAY = 86_400_000;

export function renewalFake(opts: FakeOptions) {
  const frequency = opts.frequency ?? (opts.kind === 'corporate' ? 'annual' : 'monthly');
  const sub = {
    kind: opts.kind ?? 'online',
    status: 'active' as RenewalView['status'],
    periodStart: opts.periodStart,
    periodEnd: addPeriod(opts.periodStart, frequency),
    cancelAtPeriodEnd: false,
    seatsReleased: false,
  };
  const dunning = opts.dunning ?? { retryDays: [3, 5, 7], seatGraceDays: 30 };
  const corporate = opts.corporate ?? { netTermsDays: 30, reminderDaysBefore: [7], reminderDaysAfter: [1, 7], expiryDaysOverdue: 30 };
  const renewals: FakeRenewal[] = [];
  /** What the next charges answer; the last one repeats. */
  let card: ChargeResult['status'][] = ['succeeded'];
  /** What fulfilment answers next: applied, or refused (the subscription moved on under the renewal). */
  let refuseNextFulfilment: (() => void) | null = null;
  const calls: Array<{ name: string; at: number; detail?: string }> = [];
  const charges: Array<{ orderId: string; step: string; status: ChargeResult['status']; at: number; runId: string }> = [];
  const emails = new Map<string, { kind: Parameters<Wf4Activities['sendRenewalEmail']>[0]['kind']; at: number }>();
  const hooks: {
    afterComplete?: (r: FakeRenewal, n: number) => void;
    /** Awaited before a charge answers: a test holds the charge in flight to look at the workflow meanwhile. */
    duringCharge?: (step: string) => Promise<void>;
  } = {};

  /**
   * The (skipped) server time at which the workflow asked for the step being run: an activity task's
   * scheduled time; a local activity (WF-4's database steps since the patch) has only the worker's
   * clock, so it is read from the test server (`clock`, set by the test) when the step starts.
   */
  let clock: (() => Promise<number>) | null = null;
  let stepAt: number | null = null;
  const now = () => stepAt ?? Date.now();
  const stamped = <T extends object>(fns: T): T =>
    Object.fromEntries(
      Object.entries(fns as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([name, fn]) => [
        name,
        async (...args: unknown[]) => {
          const { info } = Context.current();
          stepAt = info.isLocal && clock ? await clock() : info.currentAttemptScheduledTimestampMs;
          return fn(...args);
        },
      ]),
    ) as T;
  const record = (name: string, detail?: string) => calls.push({ name, at: now(), detail });
  const find = (id: string) => {
    const r = renewals.find((x) => x.id === id);
    if (!r) throw new Error(`no renewal ${id}`);
    return r;
  };
  const byOrder = (orderId: string) => {
    const r = renewals.find((x) => x.orderId === orderId);
    if (!r) throw new Error(`no renewal of order ${orderId}`);
    return r;
  };
  const schedule = (r: FakeRenewal): OpenRenewal['schedule'] =>
    sub.kind === 'online' ? dunningSchedule(r.dueAt, dunning) : corporateSchedule(r.periodStart, r.dueAt, corporate);
  let completed = 0;

  const activities: Wf4Activities = {
    async savedCard() {
      record('saved-card');
      return { paymentMethodId: sub.kind === 'online' || opts.corporateCard ? 'pm_fake' : null };
    },
    async loadRenewal() {
      record('load');
      const open = renewals.find((r) => r.status === 'pending' || r.status === 'past_due' || r.status === 'lapsed' || r.status === 'open');
      return {
        status: sub.status,
        kind: sub.kind,
        periodEnd: sub.status === 'active' ? sub.periodEnd.toISOString() : null,
        cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
        open: open
          ? {
              renewalId: open.id, orderId: open.orderId, kind: sub.kind, status: open.status as OpenRenewal['status'], attempts: open.attempts, chargeCard: sub.kind === 'online' || !!opts.corporateCard,
              termStarted: sub.kind === 'corporate' && open.fulfilled, terms: sub.kind === 'corporate' ? { days: corporate.netTermsDays, purchaseOrderNumber: 'PO-1' } : null, schedule: schedule(open),
            }
          : null,
      };
    },
    async openRenewal({ periodStart }) {
      record('open', periodStart);
      const existing = renewals.find((r) => r.periodStart.toISOString() === periodStart);
      if (existing?.status === 'cancelled') return { status: 'skipped', reason: 'closed' };
      if (existing) return { status: 'opened', renewalId: existing.id, orderId: existing.orderId };
      if (sub.periodEnd.toISOString() !== periodStart) return { status: 'skipped', reason: 'the period moved' };
      const start = new Date(periodStart);
      const r: FakeRenewal = {
        id: `ren_${renewals.length + 1}`,
        orderId: `ord_${renewals.length + 1}`,
        periodStart: start,
        periodEnd: addPeriod(start, frequency),
        dueAt: sub.kind === 'online' ? start : new Date(now() + corporate.netTermsDays * DAY),
        status: sub.kind === 'online' ? 'pending' : 'open',
        attempts: 0,
        fulfilled: false,
        invoicePaid: false,
      };
      renewals.push(r);
      return { status: 'opened', renewalId: r.id, orderId: r.orderId };
    },
    async chargeOrder({ orderId, step, paymentMethodId }) {
      await hooks.duringCharge?.(step);
      const status = paymentMethodId === null ? 'failed' : card.length > 1 ? card.shift()! : card[0]!;
      charges.push({ orderId, step, status, at: now(), runId: Context.current().info.workflowExecution?.runId ?? '' });
      record('charge', step);
      return status === 'failed' ? { status, failure: { key: 'errors.card.declined', params: { code: 'card_declined' } } } : { status };
    },
    async refreshPayment({ step }) {
      record('refresh', step);
      return { status: card[0]! };
    },
    async cancelPayment({ step, reason }) {
      record('cancel-payment', step);
      return { status: 'failed', failure: typeof reason === 'string' ? { key: reason } : reason };
    },
    async refundOrder({ step }) {
      record('refund', step);
    },
    async fulfilOrder({ orderId, onTerms }) {
      const r = byOrder(orderId);
      record(onTerms ? 'fulfil-on-terms' : 'fulfil', orderId);
      if (refuseNextFulfilment) {
        refuseNextFulfilment();
        refuseNextFulfilment = null;
        return { status: 'rejected', reason: { key: 'errors.renewals.periodMoved', params: { product: 'Meeting', refunded: 'yes' } } };
      }
      if (!r.fulfilled) {
        r.fulfilled = true;
        // The renewal line: the period from the old end, the subscription active again.
        Object.assign(sub, { status: 'active', periodStart: r.periodStart, periodEnd: r.periodEnd });
        // On net terms the invoice is issued now, due `days` later.
        if (onTerms) r.dueAt = new Date(now() + onTerms.days * DAY);
        if (!onTerms) {
          r.status = 'paid';
          r.invoicePaid = true;
          completed++;
          hooks.afterComplete?.(r, completed);
        }
      }
      return { status: 'completed', invoiceId: `inv_${r.id}`, invoiceNumber: `SP-${r.id}`, creditNoteNumber: null };
    },
    async failOrder({ orderId }) {
      record('fail-order', orderId);
    },
    async recordRenewalFailure({ renewalId, attempt, failure }) {
      const r = find(renewalId);
      record('failure', `${attempt}:${failure.key}`);
      r.attempts = Math.max(r.attempts, attempt);
      // Online: past due; a corporate invoice just stays open.
      if (sub.kind === 'online' && r.status === 'pending') r.status = 'past_due';
      if (sub.kind === 'online' && sub.status === 'active') sub.status = 'past_due';
    },
    async closeRenewal({ renewalId }) {
      record('close', renewalId);
      find(renewalId).status = 'cancelled';
    },
    async lapseRenewal({ renewalId }) {
      record('lapse', renewalId);
      find(renewalId).status = 'lapsed';
      sub.status = 'lapsed';
    },
    async releaseLapsedSeats() {
      record('release-seats');
      sub.seatsReleased = true;
    },
    async endAtPeriodEnd() {
      record('end-at-period-end');
      if (!sub.cancelAtPeriodEnd) return false;
      sub.status = 'cancelled';
      return true;
    },
    async renewalInvoicePaid({ renewalId }) {
      const r = find(renewalId);
      record('invoice-paid?', String(r.invoicePaid));
      if (r.invoicePaid) r.status = 'paid';
      return r.invoicePaid;
    },
    async expireCorporateRenewal({ renewalId }) {
      const r = find(renewalId);
      record('expire', renewalId);
      if (r.invoicePaid) return false;
      r.status = 'expired';
      sub.status = 'expired';
      return true;
    },
    async sendRenewalEmail({ kind, idempotencyKey }) {
      record('email', kind);
      if (!emails.has(idempotencyKey)) emails.set(idempotencyKey, { kind, at: now() });
    },
  };

  return {
    activities: stamped(activities),
    /** Where the test server's time is read for local activities (env.currentTimeMs). */
    useClock(c: () => Promise<number>) {
      clock = c;
    },
    sub,
    renewals,
    calls,
    charges,
    hooks,
    /** Emails in the order they were sent, each once (the outbox's idempotency key). */
    emails: () => [...emails.values()],
    /** What the next charge attempts answer (the last one repeats). */
    cardAnswers(list: ChargeResult['status'][]) {
      card = [...list];
    },
    /** The next fulfilment is refused: the subscription moved on under the renewal (`meanwhile` moves it). */
    refuseNextFulfilment(meanwhile: () => void) {
      refuseNextFulfilment = meanwhile;
    },
    /** WF-2 re-anchors: a change at `at` starts a fresh period there. */
    reanchor(at: Date, newFrequency = frequency) {
      Object.assign(sub, { periodStart: at, periodEnd: addPeriod(at, newFrequency) });
    },
    /** The corporate invoice paid in the portal (CP-6). */
    payInvoice(renewalId: string) {
      find(renewalId).invoicePaid = true;
    },
  };
}
