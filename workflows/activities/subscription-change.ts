import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../db/client';
import type { Currency, PartySnapshot } from '../../db/schema';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import type { Mailer } from '../../server/email/transport';
import { fulfilOrder, orderDocuments, sendOrderConfirmationEmail } from './order-fulfilment';
import { userMessage } from '../../server/i18n/user-message';
import { intlTag, toLocale } from '../../server/i18n/locale';
import type { UserMessage } from '../shared';

export interface SubscriptionChangeActivityDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  seller: PartySnapshot;
}

export type ApplyChangeResult =
  | { status: 'completed'; invoiceNumber: string | null; creditNoteNumber: string | null }
  | { status: 'rejected'; reason: UserMessage };

export interface SubscriptionChangeActivities {
  applyChange(input: { orderId: string }): Promise<ApplyChangeResult>;
  sendChangeConfirmation(input: { orderId: string; idempotencyKey: string }): Promise<void>;
}

export function createSubscriptionChangeActivities(deps: SubscriptionChangeActivityDeps): SubscriptionChangeActivities {
  const { db } = deps;
  return {
    /**
     * In ONE transaction, only if every subscription of the order is still the version its line was
     * priced against: new tier, seats, frequency and period (the billing date moves to the change time),
     * the surplus credit to the ledger, one invoice (something was due) or one credit note (net-negative
     * order), and the order completed. Re-running it after a crash finds the order completed and does nothing.
     */
    async applyChange({ orderId }) {
      return db.transaction().execute(async (trx) => {
        const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
        if (!order) throw ApplicationFailure.nonRetryable(`order ${orderId} does not exist`, 'OrderNotFound');
        if (order.status === 'completed') {
          const docs = await orderDocuments(trx, orderId);
          return { status: 'completed', invoiceNumber: docs.invoice?.number ?? null, creditNoteNumber: docs.creditNoteNumber } as const;
        }
        if (order.status !== 'processing' && order.status !== 'awaiting_payment') {
          return { status: 'rejected', reason: userMessage('errors.order.notOpen') } as const;
        }
        // One line (a change placed on its own) or several (a BC-5 cart of changes): all or nothing.
        const done = await fulfilOrder(trx, { order, seller: deps.seller, invoiceWhenZero: false });
        if (done.status === 'rejected') return done;
        return { status: 'completed', invoiceNumber: done.invoice?.number ?? null, creditNoteNumber: done.creditNoteNumber } as const;
      });
    },

    /** BC-4: a confirmation email listing the new plan and the amounts — once per order. */
    async sendChangeConfirmation({ orderId, idempotencyKey }) {
      // A BC-5 cart of several changes gets the order confirmation that lists every line.
      const { n } = await db.selectFrom('order_lines').select((eb) => eb.fn.countAll<string>().as('n')).where('order_id', '=', orderId).executeTakeFirstOrThrow();
      if (Number(n) > 1) return sendOrderConfirmationEmail(deps, orderId, idempotencyKey);
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
      const locale = toLocale(o.locale);
      const currency = o.currency as Currency;
      const fmt = (amount: bigint) => formatMoney({ amount, currency }, locale);
      const date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });
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
          invoiceNumber: inv?.number ?? null,
          creditNoteNumber: inv ? null : (cn?.number ?? null),
          orderUrl: `${deps.appUrl}/billing/orders/${orderId}`,
        },
      });
    },
  };
}
