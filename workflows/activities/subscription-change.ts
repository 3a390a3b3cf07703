import { ApplicationFailure } from '@temporalio/activity';
import type { Db, Trx } from '../../db/client';
import { newId } from '../../db/ids';
import { nextCreditNoteNumber } from '../../db/invoice-numbers';
import type { Currency, Frequency, PartySnapshot } from '../../db/schema';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import type { Mailer } from '../../server/email/transport';
import { buyerSnapshot, issuePaidOrderInvoice, type OrderInvoiceLine } from './order-invoice';

export interface SubscriptionChangeActivityDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  seller: PartySnapshot;
}

export type ApplyChangeResult =
  | { status: 'completed'; invoiceNumber: string | null; creditNoteNumber: string | null }
  | { status: 'rejected'; reason: string };

export interface SubscriptionChangeActivities {
  applyChange(input: { orderId: string }): Promise<ApplyChangeResult>;
  sendChangeConfirmation(input: { orderId: string; idempotencyKey: string }): Promise<void>;
}

/**
 * The invoice a net-negative change's credit note corrects: the account's invoice that billed the
 * current period (a line starting at the period start), else its latest invoice that can still take
 * the amount (a credit note never exceeds what is left of an invoice's total).
 */
async function invoiceToCredit(trx: Trx, accountId: string, periodStart: Date, amount: bigint) {
  const rows = await trx
    .selectFrom('invoices as i')
    .select((eb) => [
      'i.id',
      'i.total',
      'i.issued_at',
      'i.reverse_charge',
      eb
        .exists(eb.selectFrom('invoice_lines as l').select('l.id').whereRef('l.invoice_id', '=', 'i.id').where('l.period_start', '=', periodStart))
        .as('bills_period'),
      eb.fn.coalesce(eb.selectFrom('credit_notes as c').select((e) => e.fn.sum<bigint>('c.amount').as('s')).whereRef('c.invoice_id', '=', 'i.id'), eb.lit(0)).as('credited'),
    ])
    .where('i.account_id', '=', accountId)
    .where('i.status', '<>', 'void')
    .orderBy('i.issued_at', 'desc')
    .execute();
  const fits = rows.filter((r) => r.total - BigInt(r.credited) >= amount);
  return fits.find((r) => r.bills_period) ?? fits[0] ?? null;
}

/** A change line of an order, with its product and tier names. */
export interface ChangeLine {
  subscription_id: string | null;
  tier_id: string;
  seats: number;
  frequency: string;
  period_start: Date | null;
  period_end: Date | null;
  plan_amount: bigint;
  credit_amount: bigint;
  subscription_version: number | null;
  product: string;
  tier: string;
}

/**
 * WF-2 version check, inside the transaction that applies (the subscription row locked by the caller):
 * why the change can no longer be applied — the subscription moved on since it was priced, or seats
 * were assigned beyond the new count meanwhile — or null when it can.
 */
export async function changeLineRefusal(trx: Trx, line: ChangeLine, paid: boolean): Promise<string | null> {
  const sub = await trx.selectFrom('subscriptions').select(['id', 'status', 'version']).where('id', '=', line.subscription_id!).forUpdate().executeTakeFirstOrThrow();
  const refunded = paid ? ' Your payment has been refunded.' : '';
  if (sub.status !== 'active' || sub.version !== line.subscription_version) return `${line.product} changed while this order was processed, so nothing was changed.${refunded} Please review the new figures and try again.`;
  // Seats assigned meanwhile (the subscription row we lock also serializes assignments).
  const { n: assigned } = await trx.selectFrom('seat_assignments').select((eb) => eb.fn.countAll<number>().as('n')).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow();
  if (Number(assigned) > line.seats) return `${Number(assigned)} seats of ${line.product} are assigned to users now; unassign ${Number(assigned) - line.seats} first.${refunded}`;
  return null;
}

/** Applies a checked change line: tier, seats, frequency, the new period (billing date = change time), version + 1. */
export async function applyChangeLine(trx: Trx, line: ChangeLine): Promise<void> {
  const updated = await trx
    .updateTable('subscriptions')
    .set((eb) => ({
      tier_id: line.tier_id,
      seats: line.seats,
      frequency: line.frequency as Frequency,
      current_period_start: line.period_start!,
      current_period_end: line.period_end!,
      last_charge_amount: line.plan_amount,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', line.subscription_id!)
    .where('version', '=', line.subscription_version!)
    .executeTakeFirst();
  // Checked under the row lock just before: a mismatch here is a bug, and must roll everything back.
  if (updated.numUpdatedRows !== 1n) throw new Error(`subscription ${line.subscription_id} moved under its lock`);
}

/** A change's invoice lines: the new plan, then the credit for unused time on the previous one. */
export function changeInvoiceLines(line: ChangeLine): OrderInvoiceLine[] {
  return [
    { description: `${line.product} ${line.tier} — ${line.frequency} plan`, quantity: line.seats, unit_amount: line.plan_amount / BigInt(Math.max(1, line.seats)), amount: line.plan_amount, period_start: line.period_start, period_end: line.period_end },
    ...(line.credit_amount > 0n ? [{ description: `Credit for unused time on the previous ${line.product} plan`, quantity: 1, unit_amount: -line.credit_amount, amount: -line.credit_amount, period_start: null, period_end: null }] : []),
  ];
}

/**
 * A net-negative change's credit note lines, which add up to its amount C − N: the credit for unused
 * time on the previous plan, less the new plan (the invoice lines of the change, with signs turned).
 */
export function changeCreditNoteLines(line: ChangeLine): OrderInvoiceLine[] {
  return changeInvoiceLines(line)
    .reverse()
    .filter((l) => l.amount !== 0n)
    .map((l) => ({ ...l, unit_amount: -l.unit_amount, amount: -l.amount }));
}

export function createSubscriptionChangeActivities(deps: SubscriptionChangeActivityDeps): SubscriptionChangeActivities {
  const { db } = deps;
  return {
    /**
     * In ONE transaction, only if the subscription is still the version the order was priced against:
     * new tier, seats, frequency and period (the billing date moves to the change time), the surplus
     * credit to the ledger, an invoice (something was due) or a credit note (net-negative change), and
     * the order completed. Re-running it after a crash finds the order completed and does nothing.
     */
    async applyChange({ orderId }) {
      return db.transaction().execute(async (trx) => {
        const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
        if (!order) throw ApplicationFailure.nonRetryable(`order ${orderId} does not exist`, 'OrderNotFound');
        if (order.status === 'completed') {
          const inv = await trx.selectFrom('invoices').select('number').where('order_id', '=', orderId).executeTakeFirst();
          const cn = await trx.selectFrom('credit_notes').select('number').where('order_id', '=', orderId).executeTakeFirst();
          return { status: 'completed', invoiceNumber: inv?.number ?? null, creditNoteNumber: cn?.number ?? null } as const;
        }
        if (order.status !== 'processing' && order.status !== 'awaiting_payment') {
          return { status: 'rejected', reason: 'This order is no longer open.' } as const;
        }
        const line = await trx
          .selectFrom('order_lines as l')
          .innerJoin('products as p', 'p.id', 'l.product_id')
          .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
          .select(['l.subscription_id', 'l.tier_id', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount', 'l.subscription_version', 'p.name as product', 't.name as tier'])
          .where('l.order_id', '=', orderId)
          .executeTakeFirstOrThrow();
        const sub = await trx.selectFrom('subscriptions').selectAll().where('id', '=', line.subscription_id!).forUpdate().executeTakeFirstOrThrow();
        const refusal = await changeLineRefusal(trx, line, order.total > 0n);
        if (refusal) return { status: 'rejected', reason: refusal } as const;
        await applyChangeLine(trx, line);

        const currency = order.currency as Currency;
        const gross = line.plan_amount - line.credit_amount; // N − C
        const issuedAt = new Date();
        let invoiceNumber: string | null = null;
        let creditNoteNumber: string | null = null;
        if (gross < 0n) {
          // Net-negative: nothing was charged; the difference joins the credit balance, documented by a credit note.
          const surplus = -gross;
          await trx.insertInto('credit_ledger').values({ id: newId('cl'), account_id: order.account_id, currency, amount: surplus, reason: 'proration_credit', order_id: orderId, note: `Unused time on ${line.product} after a change` }).execute();
          const target = await invoiceToCredit(trx, order.account_id, sub.current_period_start!, surplus);
          if (target) {
            const num = await nextCreditNoteNumber(trx, issuedAt);
            const creditNoteId = newId('cn');
            await trx
              .insertInto('credit_notes')
              .values({
                id: creditNoteId, invoice_id: target.id, account_id: order.account_id, order_id: orderId, number: num.number, year: num.year, seq: num.seq, currency, amount: surplus,
                reason: `${line.product}: credit for unused time (${formatMoney({ amount: line.credit_amount, currency }, 'en')}) less the new plan (${formatMoney({ amount: line.plan_amount, currency }, 'en')}), added to the credit balance`,
                issued_at: issuedAt, seller: deps.seller, buyer: await buyerSnapshot(trx, order.account_id, order.vat_number), reverse_charge: target.reverse_charge,
              })
              .execute();
            await trx.insertInto('credit_note_lines').values(changeCreditNoteLines(line).map((l, i) => ({ id: newId('cnl'), credit_note_id: creditNoteId, sort: i, ...l }))).execute();
            creditNoteNumber = num.number;
          } else {
            await trx.insertInto('audit_log').values({ actor_realm: 'workflow', account_id: order.account_id, action: 'credit_note.no_invoice', subject_id: orderId, data: { amount: surplus.toString() } }).execute();
          }
        } else if (gross > 0n) {
          const lines: OrderInvoiceLine[] = [
            ...changeInvoiceLines(line),
            ...(order.credit_applied > 0n ? [{ description: 'Credit balance applied', quantity: 1, unit_amount: -order.credit_applied, amount: -order.credit_applied, period_start: null, period_end: null }] : []),
          ];
          invoiceNumber = (await issuePaidOrderInvoice(trx, { order, seller: deps.seller, issuedAt, lines })).number;
        }
        await trx.updateTable('orders').set({ status: 'completed', completed_at: issuedAt }).where('id', '=', orderId).execute();
        await trx
          .insertInto('audit_log')
          .values({ actor_realm: 'workflow', account_id: order.account_id, action: 'subscription.changed', subject_id: sub.id, data: { order: orderId, from: { tier: sub.tier_id, seats: sub.seats, frequency: sub.frequency }, to: { tier: line.tier_id, seats: line.seats, frequency: line.frequency }, invoice: invoiceNumber, creditNote: creditNoteNumber } })
          .execute();
        return { status: 'completed', invoiceNumber, creditNoteNumber } as const;
      });
    },

    /** BC-4: a confirmation email listing the new plan and the amounts — once per order. */
    async sendChangeConfirmation({ orderId, idempotencyKey }) {
      const o = await db
        .selectFrom('orders as o')
        .innerJoin('accounts as a', 'a.id', 'o.account_id')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .innerJoin('order_lines as l', 'l.order_id', 'o.id')
        .innerJoin('products as p', 'p.id', 'l.product_id')
        .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
        .select(['o.currency', 'o.credit_applied', 'o.tax', 'o.total', 'u.email', 'u.name', 'u.locale', 'p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount'])
        .where('o.id', '=', orderId)
        .executeTakeFirstOrThrow();
      const inv = await db.selectFrom('invoices').select('number').where('order_id', '=', orderId).executeTakeFirst();
      const cn = await db.selectFrom('credit_notes').select('number').where('order_id', '=', orderId).executeTakeFirst();
      const locale = o.locale === 'it' ? 'it' : 'en';
      const currency = o.currency as Currency;
      const fmt = (amount: bigint) => formatMoney({ amount, currency }, locale);
      const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
      const surplus = o.credit_amount - o.plan_amount;
      await sendEmailOnce(deps, {
        key: idempotencyKey,
        to: o.email,
        locale,
        template: 'subscriptionChanged',
        data: {
          name: o.name,
          orderId,
          product: o.product,
          tier: o.tier,
          seats: o.seats,
          frequency: o.frequency as 'monthly' | 'annual',
          periodStart: date.format(o.period_start!),
          nextBilling: date.format(o.period_end!),
          planCost: fmt(o.plan_amount),
          unusedCredit: fmt(o.credit_amount),
          creditApplied: o.credit_applied > 0n ? fmt(o.credit_applied) : null,
          tax: fmt(o.tax),
          total: fmt(o.total),
          creditAdded: surplus > 0n ? fmt(surplus) : null,
          document: inv ? (locale === 'it' ? `Fattura ${inv.number}` : `Invoice ${inv.number}`) : cn ? (locale === 'it' ? `Nota di credito ${cn.number}` : `Credit note ${cn.number}`) : null,
          orderUrl: `${deps.appUrl}/billing/orders/${orderId}`,
        },
      });
    },
  };
}
