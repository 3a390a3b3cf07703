import { ApplicationFailure } from '@temporalio/activity';
import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import type { Currency, Frequency, PartySnapshot, Renewal } from '../../db/schema';
import { intlTag, toLocale } from '../../server/i18n/locale';
import { renderUserMessage, userMessage } from '../../server/i18n/user-message';
import { documentLineDescription } from '../../server/invoices/labels';
import { addPeriod, corporateSchedule, dunningSchedule, formatMoney, type CorporateRenewalPolicy, type DunningPolicy } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import type { Mailer } from '../../server/email/transport';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { audit } from '../../server/services/audit';
import { getInvoiceDocument } from '../../server/services/invoices';
import { quoteRenewal } from '../../server/services/renewal-pricing';
import type { OpenRenewal, RenewalView } from '../shared';
import type { ConversionActivities } from './conversion';
import { issueOrderInvoice, type OrderInvoiceLine } from './order-invoice';
import type { RenewalActivities } from './renewal-types';

export interface RenewalActivityDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  seller: PartySnapshot;
  sellerCountry: string;
  policies: { dunning: DunningPolicy; corporate: CorporateRenewalPolicy };
  /** The order payment step (one charge per order and step, the intent stored before it is confirmed). */
  charge: Pick<ConversionActivities, 'chargeOrder' | 'refreshPayment' | 'cancelPayment'>;
}

const notFound = (what: string) => ApplicationFailure.nonRetryable(`${what} does not exist`, 'RenewalNotFound');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * WF-4's I/O. Every step is keyed by the renewal (one row per subscription and billed period, unique),
 * the charge by (order, step), emails by the outbox key: re-running any of them changes nothing twice.
 */
export function createRenewalActivities(deps: RenewalActivityDeps): RenewalActivities {
  const { db } = deps;

  async function renewal(trx: Db | Trx, renewalId: string, lock = false): Promise<Renewal> {
    let q = trx.selectFrom('renewals').selectAll().where('id', '=', renewalId);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound(`renewal ${renewalId}`);
    return r;
  }

  async function schedule(r: Renewal): Promise<OpenRenewal['schedule']> {
    if (r.kind === 'online') return dunningSchedule(r.due_at, deps.policies.dunning);
    const inv = r.invoice_id ? await db.selectFrom('invoices').select('issued_at').where('id', '=', r.invoice_id).executeTakeFirst() : undefined;
    return corporateSchedule(inv?.issued_at ?? r.created_at, r.due_at, deps.policies.corporate);
  }

  async function defaultCard(accountId: string) {
    return db.selectFrom('payment_methods').select(['stripe_payment_method_id', 'kind']).where('account_id', '=', accountId).where('is_default', '=', true).executeTakeFirst();
  }

  /** A renewal's invoice lines: the plan for the new period, and the credit balance it used (printed per locale by kind). */
  async function invoiceLines(trx: Trx, orderId: string, creditApplied: bigint): Promise<OrderInvoiceLine[]> {
    const lines = await trx
      .selectFrom('order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
      .select(['p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.plan_amount', 'l.period_start', 'l.period_end'])
      .where('l.order_id', '=', orderId)
      .execute();
    const what = (kind: 'plan' | 'credit_applied', product: string | null, tier: string | null, frequency: Frequency | null) => ({
      description: documentLineDescription('en', { description: '', kind, productName: product, tierName: tier, frequency }), kind, product_name: product, tier_name: tier, frequency,
    });
    return [
      ...lines.map((l) => ({ ...what('plan', l.product, l.tier, l.frequency as Frequency), quantity: l.seats, unit_amount: l.plan_amount / BigInt(Math.max(1, l.seats)), amount: l.plan_amount, period_start: l.period_start, period_end: l.period_end })),
      ...(creditApplied > 0n ? [{ ...what('credit_applied', null, null, null), quantity: 1, unit_amount: -creditApplied, amount: -creditApplied, period_start: null, period_end: null }] : []),
    ];
  }

  /** The renewal's invoice: issued once (open when not paid yet), its number gapless. */
  async function ensureInvoice(trx: Trx, r: Renewal, open: { dueAt: Date; purchaseOrderNumber: string | null } | null, issuedAt = new Date()) {
    if (r.invoice_id) return r.invoice_id;
    const order = await trx.selectFrom('orders').selectAll().where('id', '=', r.order_id).executeTakeFirstOrThrow();
    // An online renewal's invoice is due on receipt: its due date is the period's start, or now if that has passed.
    const due = open && open.dueAt.getTime() < issuedAt.getTime() ? { ...open, dueAt: issuedAt } : open;
    const inv = await issueOrderInvoice(trx, { order, seller: deps.seller, issuedAt, lines: await invoiceLines(trx, order.id, order.credit_applied), ...(due ? { open: due } : {}) });
    await trx.updateTable('renewals').set({ invoice_id: inv.id }).where('id', '=', r.id).execute();
    return inv.id;
  }

  /** CP-9: the purchase order number a corporate invoice carries — the account's valid one (latest expiry first). */
  async function validPurchaseOrder(trx: Trx, accountId: string, at: Date) {
    const today = at.toISOString().slice(0, 10);
    const po = await trx
      .selectFrom('purchase_orders')
      .select('number')
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
      .orderBy('expires_on', 'desc')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return po?.number ?? null;
  }

  return {
    async loadRenewal({ subscriptionId }): Promise<RenewalView> {
      const sub = await db
        .selectFrom('subscriptions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .select(['s.status', 's.current_period_end', 's.cancel_at_period_end', 's.account_id', 'a.kind'])
        .where('s.id', '=', subscriptionId)
        .executeTakeFirst();
      if (!sub) return { status: 'missing', kind: 'online', periodEnd: null, cancelAtPeriodEnd: false, open: null };
      const r = await db.selectFrom('renewals').selectAll().where('subscription_id', '=', subscriptionId).where('status', 'in', ['pending', 'past_due', 'lapsed', 'open']).orderBy('period_start', 'desc').executeTakeFirst();
      const card = await defaultCard(sub.account_id);
      return {
        status: sub.status,
        kind: sub.kind,
        periodEnd: sub.status === 'active' ? iso(sub.current_period_end) : null,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
        open: r
          ? { renewalId: r.id, orderId: r.order_id, kind: r.kind, status: r.status as OpenRenewal['status'], attempts: r.attempts, chargeCard: r.kind === 'online' || (card?.kind === 'card' && !!card.stripe_payment_method_id), schedule: await schedule(r) }
          : null,
      };
    },

    async openRenewal({ subscriptionId, periodStart }) {
      const start = new Date(periodStart);
      return db.transaction().execute(async (trx) => {
        const sub = await trx.selectFrom('subscriptions as s').innerJoin('accounts as a', 'a.id', 's.account_id').select(['s.id', 's.account_id', 's.status', 's.current_period_end', 's.currency', 'a.kind', 'a.contract_end']).where('s.id', '=', subscriptionId).forUpdate('s').executeTakeFirst();
        if (!sub) throw notFound(`subscription ${subscriptionId}`);
        const existing = await trx.selectFrom('renewals').select(['id', 'order_id']).where('subscription_id', '=', subscriptionId).where('period_start', '=', start).executeTakeFirst();
        if (existing) return { status: 'opened', renewalId: existing.id, orderId: existing.order_id };
        // Never bill a period already paid: only the period that starts where the current one ends, now.
        if (sub.status !== 'active' || iso(sub.current_period_end) !== periodStart) return { status: 'skipped', reason: `the period ending ${periodStart} is not the current one` };
        const issuedAt = new Date();
        const q = await quoteRenewal(trx, { subscriptionId, sellerCountry: deps.sellerCountry, issuedAt, netTermsDays: deps.policies.corporate.netTermsDays });
        if (!q) throw notFound(`the period of subscription ${subscriptionId}`);
        const orderId = newId('ord');
        const renewalId = newId('ren');
        await trx
          .insertInto('orders')
          .values({
            id: orderId, account_id: sub.account_id, kind: 'renewal', status: 'processing', currency: q.currency, subtotal: q.planCost, credit_applied: q.creditApplied, tax: q.tax, total: q.total,
            tax_rate_basis_points: q.taxRateBasisPoints, reverse_charge: q.reverseCharge, vat_number: q.vatNumber,
            // One renewal per subscription and period, whatever retries; the workflow that charges it is the subscription's.
            idempotency_key: `renewal:${subscriptionId}:${periodStart}`, workflow_id: `renewal-${subscriptionId}#${orderId}`, placed_by_user_id: null, created_at: issuedAt, updated_at: issuedAt,
          })
          .execute();
        await trx
          .insertInto('order_lines')
          .values({ id: newId('ol'), order_id: orderId, subscription_id: subscriptionId, product_id: q.productId, tier_id: q.tierId, seats: q.seats, frequency: q.frequency, period_start: q.periodStart, period_end: q.periodEnd, plan_amount: q.planCost, description: `${q.productName} ${q.tierName} renewal` })
          .execute();
        if (q.creditApplied > 0n) {
          await trx.insertInto('credit_ledger').values({ id: newId('cl'), account_id: sub.account_id, currency: q.currency, amount: -q.creditApplied, reason: 'applied_to_order', order_id: orderId, note: 'Credit balance used for a renewal' }).execute();
        }
        const r: Renewal = {
          id: renewalId, subscription_id: subscriptionId, account_id: sub.account_id, kind: sub.kind, period_start: q.periodStart, period_end: q.periodEnd, status: sub.kind === 'online' ? 'pending' : 'open',
          order_id: orderId, invoice_id: null, due_at: sub.kind === 'online' ? q.periodStart : q.dueAt!, attempts: 0, next_attempt_at: null, last_failure: null, last_failure_key: null, last_failure_params: null, paid_at: null, created_at: issuedAt, updated_at: issuedAt,
        };
        await trx.insertInto('renewals').values({ ...r }).execute();
        if (sub.kind === 'corporate') {
          // Net terms: the new term starts now with an open invoice; access continues while it is not overdue.
          await ensureInvoice(trx, r, { dueAt: r.due_at, purchaseOrderNumber: await validPurchaseOrder(trx, sub.account_id, issuedAt) }, issuedAt);
          await trx.updateTable('subscriptions').set((eb) => ({ current_period_start: q.periodStart, current_period_end: q.periodEnd, last_charge_amount: q.planCost, version: eb('version', '+', 1) })).where('id', '=', subscriptionId).execute();
          if (sub.contract_end && iso(sub.contract_end) === periodStart) await trx.updateTable('accounts').set({ contract_start: q.periodStart, contract_end: q.periodEnd }).where('id', '=', sub.account_id).execute();
        }
        await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: sub.account_id, action: 'renewal.opened', subjectId: subscriptionId, data: { renewal: renewalId, order: orderId, periodStart, total: q.total.toString() } });
        return { status: 'opened', renewalId, orderId };
      });
    },

    async chargeRenewal({ renewalId, step, idempotencyKey }) {
      const r = await renewal(db, renewalId);
      // The card saved NOW: a card replaced since the last attempt is the one charged.
      const card = await defaultCard(r.account_id);
      const order = await db.selectFrom('orders').select('total').where('id', '=', r.order_id).executeTakeFirstOrThrow();
      if (order.total > 0n && !card?.stripe_payment_method_id) return { status: 'failed', failure: userMessage('errors.renewals.noCard') };
      return deps.charge.chargeOrder({ orderId: r.order_id, step, paymentMethodId: card?.stripe_payment_method_id ?? null, idempotencyKey });
    },
    async refreshRenewalPayment({ renewalId, step }) {
      return deps.charge.refreshPayment({ orderId: (await renewal(db, renewalId)).order_id, step });
    },
    async cancelRenewalPayment({ renewalId, step, reason }) {
      return deps.charge.cancelPayment({ orderId: (await renewal(db, renewalId)).order_id, step, reason });
    },

    async completeRenewal({ renewalId }) {
      return db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        const sub = await trx.selectFrom('subscriptions').select(['id', 'status', 'frequency']).where('id', '=', r.subscription_id).forUpdate().executeTakeFirstOrThrow();
        if (r.status === 'paid') {
          const inv = r.invoice_id ? await trx.selectFrom('invoices').select('number').where('id', '=', r.invoice_id).executeTakeFirst() : undefined;
          return { invoiceNumber: inv?.number ?? null, reactivated: false };
        }
        const now = new Date();
        const invoiceId = await ensureInvoice(trx, r, null);
        await trx.updateTable('invoices').set((eb) => ({ status: 'paid', amount_paid: eb.ref('total') })).where('id', '=', invoiceId).where('status', '=', 'open').execute();
        const reactivated = sub.status === 'past_due' || sub.status === 'lapsed';
        if (r.kind === 'online') {
          // The anchor is kept: the paid period is the one billed, from the old end. A lapsed subscription
          // paid after that period ended gets a fresh period from now for what it paid.
          const late = r.period_end.getTime() <= now.getTime();
          const start = late ? now : r.period_start;
          const end = late ? addPeriod(now, sub.frequency as Frequency) : r.period_end;
          const order = await trx.selectFrom('orders').select(['subtotal']).where('id', '=', r.order_id).executeTakeFirstOrThrow();
          await trx
            .updateTable('subscriptions')
            .set((eb) => ({ status: 'active', current_period_start: start, current_period_end: end, last_charge_amount: order.subtotal, ended_at: null, seat_grace_until: null, version: eb('version', '+', 1) }))
            .where('id', '=', sub.id)
            .execute();
        }
        await trx.updateTable('renewals').set({ status: 'paid', paid_at: now, next_attempt_at: null }).where('id', '=', r.id).execute();
        await trx.updateTable('orders').set({ status: 'completed', completed_at: now }).where('id', '=', r.order_id).execute();
        await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: r.account_id, action: reactivated ? 'renewal.reactivated' : 'renewal.paid', subjectId: r.subscription_id, data: { renewal: r.id, order: r.order_id, invoice: invoiceId } });
        const inv = await trx.selectFrom('invoices').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow();
        return { invoiceNumber: inv.number, reactivated };
      });
    },

    async recordRenewalFailure({ renewalId, attempt, failure }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (r.status === 'paid' || r.status === 'expired') return;
        const next = r.kind === 'online' ? dunningSchedule(r.due_at, deps.policies.dunning).find((s) => s.kind === 'retry' && s.attempt > attempt) : undefined;
        await trx
          .updateTable('renewals')
          .set((eb) => ({ attempts: eb.fn('greatest', [eb.ref('attempts'), eb.val(attempt)]), last_failure: renderUserMessage('en', failure), last_failure_key: failure.key, last_failure_params: failure.params ?? null, next_attempt_at: next ? new Date(next.at) : null, ...(r.kind === 'online' && r.status === 'pending' ? { status: 'past_due' as const } : {}) }))
          .where('id', '=', r.id)
          .execute();
        if (r.kind !== 'online') return;
        // BC-9: past due from the first failure, with the open invoice the dunning emails link to.
        await ensureInvoice(trx, r, { dueAt: r.due_at, purchaseOrderNumber: null });
        const moved = await trx.updateTable('subscriptions').set({ status: 'past_due' }).where('id', '=', r.subscription_id).where('status', '=', 'active').executeTakeFirst();
        if (moved.numUpdatedRows > 0n) await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: r.account_id, action: 'renewal.past_due', subjectId: r.subscription_id, data: { renewal: r.id, attempt, failure: failure.key } });
      });
    },

    async lapseRenewal({ renewalId, seatsReleaseAt }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (r.status !== 'past_due') return;
        await trx.updateTable('renewals').set({ status: 'lapsed', next_attempt_at: null }).where('id', '=', r.id).execute();
        await trx.updateTable('subscriptions').set({ status: 'lapsed', ended_at: new Date(), seat_grace_until: new Date(seatsReleaseAt) }).where('id', '=', r.subscription_id).where('status', 'in', ['past_due', 'active']).execute();
        await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: r.account_id, action: 'renewal.lapsed', subjectId: r.subscription_id, data: { renewal: r.id, seatsReleaseAt } });
      });
    },

    async releaseLapsedSeats({ renewalId }) {
      await db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        const sub = await trx.selectFrom('subscriptions').select('status').where('id', '=', r.subscription_id).forUpdate().executeTakeFirstOrThrow();
        if (sub.status !== 'lapsed') return;
        const gone = await trx.deleteFrom('seat_assignments').where('subscription_id', '=', r.subscription_id).executeTakeFirst();
        await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: r.account_id, action: 'renewal.seats_released', subjectId: r.subscription_id, data: { renewal: r.id, released: Number(gone.numDeletedRows) } });
      });
    },

    async endAtPeriodEnd({ subscriptionId, periodEnd }) {
      return db.transaction().execute(async (trx) => {
        const sub = await trx.selectFrom('subscriptions').select(['status', 'cancel_at_period_end', 'current_period_end', 'account_id']).where('id', '=', subscriptionId).forUpdate().executeTakeFirst();
        if (!sub) throw notFound(`subscription ${subscriptionId}`);
        if (sub.status === 'cancelled') return true;
        if (!sub.cancel_at_period_end || sub.status !== 'active' || iso(sub.current_period_end) !== periodEnd) return false;
        await trx.updateTable('subscriptions').set({ status: 'cancelled', ended_at: sub.current_period_end }).where('id', '=', subscriptionId).execute();
        await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: sub.account_id, action: 'subscription.cancelled', subjectId: subscriptionId, data: { endedAt: periodEnd } });
        return true;
      });
    },

    async renewalInvoicePaid({ renewalId }) {
      return db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        if (r.status === 'paid') return true;
        const inv = r.invoice_id ? await trx.selectFrom('invoices').select('status').where('id', '=', r.invoice_id).executeTakeFirst() : undefined;
        if (inv?.status !== 'paid') return false;
        const now = new Date();
        await trx.updateTable('renewals').set({ status: 'paid', paid_at: now }).where('id', '=', r.id).execute();
        await trx.updateTable('orders').set({ status: 'completed', completed_at: now }).where('id', '=', r.order_id).where('status', '<>', 'completed').execute();
        return true;
      });
    },

    async expireCorporateRenewal({ renewalId }) {
      return db.transaction().execute(async (trx) => {
        const r = await renewal(trx, renewalId, true);
        const inv = r.invoice_id ? await trx.selectFrom('invoices').select('status').where('id', '=', r.invoice_id).executeTakeFirst() : undefined;
        if (r.status === 'paid' || inv?.status === 'paid') return false;
        if (r.status === 'expired') return true;
        const now = new Date();
        await trx.updateTable('renewals').set({ status: 'expired' }).where('id', '=', r.id).execute();
        await trx.updateTable('subscriptions').set({ status: 'expired', ended_at: now }).where('id', '=', r.subscription_id).execute();
        // The invoice stays open (the debt is real); reactivation goes through the rep (CP-14).
        await trx.updateTable('orders').set({ status: 'failed', failure_reason: 'The renewal invoice was not paid in time.' }).where('id', '=', r.order_id).where('status', '=', 'processing').execute();
        await audit(trx, { actor: { realm: 'workflow', id: null }, accountId: r.account_id, action: 'renewal.expired', subjectId: r.subscription_id, data: { renewal: r.id, invoice: r.invoice_id } });
        return true;
      });
    },

    async sendRenewalEmail({ subscriptionId, renewalId, kind, idempotencyKey }) {
      const s = await db
        .selectFrom('subscriptions as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .select(['s.seats', 's.current_period_end', 's.currency', 's.seat_grace_until', 'p.name as product', 't.name as tier', 'a.id as account_id', 'a.name as account', 'u.id as user_id', 'u.email', 'u.name', 'u.locale'])
        .where('s.id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      const locale = toLocale(s.locale);
      const date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });
      const subscriptionsUrl = `${deps.appUrl}/billing/subscriptions`;
      if (kind === 'cancelled') {
        await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalEnded', data: { name: s.name, product: s.product, on: date.format(s.current_period_end ?? new Date()), url: subscriptionsUrl } });
        return;
      }
      if (!renewalId) return;
      const r = await renewal(db, renewalId);
      const inv = r.invoice_id ? await db.selectFrom('invoices').select(['id', 'number', 'total', 'amount_paid', 'issued_at', 'due_at', 'purchase_order_number']).where('id', '=', r.invoice_id).executeTakeFirst() : undefined;
      const order = await db.selectFrom('orders').select(['total']).where('id', '=', r.order_id).executeTakeFirstOrThrow();
      const fmt = (amount: bigint) => formatMoney({ amount, currency: s.currency as Currency }, locale);
      const base = { name: s.name, product: s.product, tier: s.tier, seats: s.seats, periodStart: date.format(r.period_start), periodEnd: date.format(r.period_end), amount: fmt(inv ? inv.total : order.total), invoiceNumber: inv?.number ?? null };
      const payUrl = inv ? `${deps.appUrl}/billing/pay/${inv.id}` : subscriptionsUrl;
      const invoiceUrl = inv ? `${deps.appUrl}/billing/invoices/${inv.id}/pdf` : subscriptionsUrl;
      const reason = r.last_failure_key ? renderUserMessage(locale, { key: r.last_failure_key, params: (r.last_failure_params ?? undefined) as Record<string, string | number> | undefined }) : (r.last_failure ?? '');
      const dunning = { ...base, url: payUrl, reason, nextAttempt: r.next_attempt_at ? date.format(r.next_attempt_at) : null, seatsUntil: s.seat_grace_until ? date.format(s.seat_grace_until) : null };
      switch (kind) {
        case 'renewed':
          return void (await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalRenewed', data: { ...base, url: invoiceUrl } }));
        case 'reactivated':
          return void (await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalReactivated', data: { ...base, url: invoiceUrl } }));
        case 'payment_failed':
          return void (await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalPaymentFailed', data: dunning }));
        case 'retry_failed':
          return void (await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalRetryFailed', data: dunning }));
        case 'lapsed':
          return void (await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalLapsed', data: dunning }));
      }
      // Corporate: to the billing contact and every invoice recipient (CP-8), the invoice PDF attached to the invoice itself.
      if (!inv) return;
      const portalId = await db.selectFrom('portal_credentials').select('login_id').where('account_id', '=', s.account_id).where('user_id', '=', s.user_id).where('disabled_at', 'is', null).executeTakeFirst();
      const recipients = await db.selectFrom('invoice_recipients').select(['email', 'name']).where('account_id', '=', s.account_id).orderBy('email').execute();
      const corporate = {
        account: s.account, product: s.product, seats: s.seats, periodStart: base.periodStart, periodEnd: base.periodEnd, invoiceNumber: inv.number, amount: fmt(inv.total - inv.amount_paid > 0n ? inv.total - inv.amount_paid : inv.total),
        dueOn: inv.due_at ? date.format(inv.due_at) : '', purchaseOrder: inv.purchase_order_number, reason: r.last_failure ? reason : null, portalUrl: `${deps.appUrl}/portal/invoices`, portalUserId: portalId?.login_id ?? null,
      };
      const template = ({ corporate_invoice: 'corporateRenewalInvoice', corporate_reminder: 'corporateRenewalReminder', corporate_payment_failed: 'corporateRenewalPaymentFailed', corporate_receipt: 'corporateRenewalReceipt', corporate_expired: 'corporateRenewalExpired' } as const)[kind];
      const offsetDays = inv.due_at ? Math.round((Date.now() - inv.due_at.getTime()) / 86_400_000) : 0;
      const attachments = kind === 'corporate_invoice' ? [{ filename: `${inv.number}.pdf`, contentType: 'application/pdf', content: Buffer.from(await renderInvoicePdf(await getInvoiceDocument(db, s.account_id, inv.id), locale)) }] : undefined;
      const to = [{ email: s.email, name: s.name }, ...recipients.filter((x) => x.email !== s.email).map((x) => ({ email: x.email, name: x.name ?? s.account }))];
      // The reminders and the expiry go to the billing contact; the invoice and its receipt to everyone who receives invoices.
      const audience = kind === 'corporate_invoice' || kind === 'corporate_receipt' ? to : to.slice(0, 1);
      for (const person of audience) {
        await sendEmailOnce(deps, { key: `${idempotencyKey}:${person.email}`, to: person.email, locale, template, data: { ...corporate, name: person.name, offsetDays }, ...(attachments ? { attachments } : {}) });
      }
    },
  };
}
