import { ApplicationFailure } from '@temporalio/activity';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import { intlTag, toLocale, type Locale } from '../../server/i18n/locale';
import { orderFailureColumns, renderUserMessage } from '../../server/i18n/user-message';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { cardLabel } from '../../server/payments/card-label';
import { automaticPaymentMethod } from '../../server/services/add-seats';
import { getInvoiceDocument } from '../../server/services/invoices';
import { loadQuote } from '../../server/services/quotes/view';
import type { UserMessage } from '../shared';
import type { ActivityDeps } from './deps';

// WF-3's own record of a service order (its steps as the portal shows them) and the emails about its
// course. Its money goes through the order core (payments.ts, orders.ts), its seats through provisioning.ts.

export interface ServiceOrderActivities {
  /** The account's card (Stripe PaymentMethod) at this payment attempt, recorded on the service order. */
  serviceOrderCard(input: { serviceOrderId: string }): Promise<{ paymentMethodId: string | null }>;
  /** The payment needs the contact (declined, or 3-D Secure): the service order waits until `dueAt`, and the contact is asked to pay. */
  awaitServiceOrderPayment(input: { serviceOrderId: string; dueAt: string; reason: 'declined' | 'authentication'; message: UserMessage | null; idempotencyKey: string }): Promise<void>;
  markServiceOrderPaid(input: { serviceOrderId: string }): Promise<void>;
  /** The 24-hour promise is broken: operations and the rep are alerted, the contact told. */
  alertServiceOrderSla(input: { serviceOrderId: string; idempotencyKey: string }): Promise<void>;
  /** The receipt (the order's invoice) to the contact and the invoice recipients. */
  sendServiceOrderReceipt(input: { serviceOrderId: string; idempotencyKey: string }): Promise<void>;
  completeServiceOrder(input: { serviceOrderId: string }): Promise<void>;
  failServiceOrder(input: { serviceOrderId: string; reason: UserMessage; compensated: boolean; idempotencyKey: string }): Promise<void>;
}

type Deps = Pick<ActivityDeps, 'db' | 'mailer' | 'appUrl' | 'temporalUiUrl' | 'serviceOrderSlaHours'>;

export function createServiceOrderActivities(deps: Deps): ServiceOrderActivities {
  const { db } = deps;
  const context = async (serviceOrderId: string) => {
    const so = await db
      .selectFrom('service_orders as so')
      .innerJoin('quotes as q', 'q.id', 'so.quote_id')
      .innerJoin('accounts as a', 'a.id', 'so.account_id')
      .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
      .leftJoin('staff as rep', 'rep.id', 'a.sales_rep_staff_id')
      .select(['so.id', 'so.account_id', 'so.quote_id', 'so.order_id', 'so.placed_at', 'so.workflow_id', 'so.admin_contact_name', 'so.admin_contact_email', 'q.number', 'q.total', 'q.currency', 'a.name as account_name', 'u.email', 'u.name', 'u.locale', 'rep.email as rep_email', 'rep.name as rep_name'])
      .where('so.id', '=', serviceOrderId)
      .executeTakeFirst();
    if (!so) throw ApplicationFailure.nonRetryable(`service order ${serviceOrderId} does not exist`, 'ServiceOrderNotFound');
    return { ...so, locale: toLocale(so.locale), url: `${deps.appUrl}/portal/service-orders/${so.id}` };
  };
  const date = (d: Date, locale: Locale) => new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d);

  return {
    async awaitServiceOrderPayment({ serviceOrderId, dueAt, reason, message, idempotencyKey }) {
      await db.updateTable('service_orders').set({ status: 'awaiting_payment', payment_due_at: new Date(dueAt) }).where('id', '=', serviceOrderId).where('status', 'in', ['placed', 'awaiting_payment']).execute();
      const c = await context(serviceOrderId);
      await sendEmailOnce(deps, {
        key: idempotencyKey, to: c.email, locale: c.locale, template: 'serviceOrderPaymentNeeded',
        data: { name: c.name, number: c.number, total: formatMoney({ amount: c.total, currency: c.currency }, c.locale), reason, message: message ? renderUserMessage(c.locale, message) : null, dueDate: date(new Date(dueAt), c.locale), serviceOrderUrl: c.url },
      });
    },

    async markServiceOrderPaid({ serviceOrderId }) {
      await db.updateTable('service_orders').set({ status: 'provisioning', paid_at: new Date(), payment_due_at: null }).where('id', '=', serviceOrderId).where('status', 'in', ['placed', 'awaiting_payment']).execute();
    },

    async alertServiceOrderSla({ serviceOrderId, idempotencyKey }) {
      await db.updateTable('service_orders').set({ sla_breached_at: new Date() }).where('id', '=', serviceOrderId).where('sla_breached_at', 'is', null).execute();
      const c = await context(serviceOrderId);
      const workflowId = c.workflow_id ?? `service-order-${serviceOrderId}`;
      const workflowUrl = `${deps.temporalUiUrl}/workflows/${encodeURIComponent(workflowId)}`;
      const placedAt = c.placed_at ? date(c.placed_at, 'en') : '';
      const ops = await db.selectFrom('staff').select(['email', 'name']).where('role', '=', 'ops').where('disabled_at', 'is', null).execute();
      const staff = [...ops, ...(c.rep_email ? [{ email: c.rep_email, name: c.rep_name! }] : [])];
      for (const s of staff) {
        await sendEmailOnce(deps, {
          key: `${idempotencyKey}:${s.email}`, to: s.email, locale: 'en', template: 'serviceOrderDelayed',
          data: { name: s.name, number: c.number, accountName: c.account_name, placedAt, hours: deps.serviceOrderSlaHours, audience: 'staff', workflowId, url: workflowUrl },
        });
      }
      await sendEmailOnce(deps, {
        key: `${idempotencyKey}:contact`, to: c.email, locale: c.locale, template: 'serviceOrderDelayed',
        data: { name: c.name, number: c.number, accountName: c.account_name, placedAt: c.placed_at ? date(c.placed_at, c.locale) : '', hours: deps.serviceOrderSlaHours, audience: 'contact', workflowId, url: c.url },
      });
    },

    async completeServiceOrder({ serviceOrderId }) {
      await db.updateTable('service_orders').set({ status: 'completed', completed_at: new Date() }).where('id', '=', serviceOrderId).where('status', '<>', 'completed').execute();
    },

    async failServiceOrder({ serviceOrderId, reason, compensated, idempotencyKey }) {
      await db
        .updateTable('service_orders')
        .set({ status: compensated ? 'compensated' : 'failed', ...orderFailureColumns(reason), ...(compensated && { compensated_at: new Date() }) })
        .where('id', '=', serviceOrderId)
        .where('status', 'not in', ['completed', 'failed', 'compensated'])
        .execute();
      const c = await context(serviceOrderId);
      const refunded = compensated
        ? await db.selectFrom('payments as p').innerJoin('refunds as r', 'r.payment_id', 'p.id').innerJoin('service_orders as so', 'so.order_id', 'p.order_id').select((eb) => eb.fn.sum<bigint>('r.amount').as('amount')).where('so.id', '=', serviceOrderId).executeTakeFirst()
        : undefined;
      const refundedText = refunded?.amount ? formatMoney({ amount: BigInt(refunded.amount), currency: c.currency }, c.locale) : null;
      await sendEmailOnce(deps, { key: `${idempotencyKey}:contact`, to: c.email, locale: c.locale, template: 'serviceOrderFailed', data: { name: c.name, number: c.number, accountName: c.account_name, reason: renderUserMessage(c.locale, reason), refunded: refundedText, audience: 'contact', url: c.url } });
      if (c.rep_email) {
        await sendEmailOnce(deps, { key: `${idempotencyKey}:rep`, to: c.rep_email, locale: 'en', template: 'serviceOrderFailed', data: { name: c.rep_name!, number: c.number, accountName: c.account_name, reason: renderUserMessage('en', reason), refunded: refundedText, audience: 'staff', url: `${deps.appUrl}/backoffice/accounts/${c.account_id}` } });
      }
    },

    async serviceOrderCard({ serviceOrderId }) {
      const so = await db.selectFrom('service_orders').select(['account_id']).where('id', '=', serviceOrderId).executeTakeFirst();
      if (!so) throw ApplicationFailure.nonRetryable(`service order ${serviceOrderId} does not exist`, 'ServiceOrderNotFound');
      const card = await automaticPaymentMethod(db, so.account_id);
      if (card) await db.updateTable('service_orders').set({ payment_method_id: card.id }).where('id', '=', serviceOrderId).execute();
      return { paymentMethodId: card?.stripe_payment_method_id ?? null };
    },

    async sendServiceOrderReceipt({ serviceOrderId, idempotencyKey }) {
      const so = await context(serviceOrderId);
      // The order's invoice, issued by its fulfilment.
      const invoice = await db.selectFrom('invoices').select(['id', 'number', 'purchase_order_number']).where('order_id', '=', so.order_id!).executeTakeFirst();
      if (!invoice) throw ApplicationFailure.nonRetryable(`service order ${serviceOrderId} has no invoice`, 'ServiceOrderNotFound');
      const quote = (await loadQuote(db, so.quote_id))!;
      const payment = await db.selectFrom('payments').select(['card_brand', 'card_last4']).where('order_id', '=', so.order_id!).where('status', '=', 'succeeded').executeTakeFirst();
      const recipients = await db.selectFrom('invoice_recipients').select(['email', 'name']).where('account_id', '=', so.account_id).execute();
      const { locale } = so;
      const date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone: 'UTC' });
      const m = (amount: bigint) => formatMoney({ amount, currency: quote.currency }, locale);
      const data = (name: string) => ({
        name, number: quote.number, accountName: so.account_name,
        lines: quote.lines.map((l) => `${l.productName} ${l.tierName} — ${l.seats} (${date.format(l.termStart)} – ${date.format(l.termEnd)}): ${m(l.amount)}`),
        subtotal: m(quote.subtotal), tax: m(quote.tax), total: m(quote.total), card: cardLabel(payment?.card_brand ?? null, payment?.card_last4 ?? null),
        invoiceNumber: invoice.number, purchaseOrderNumber: invoice.purchase_order_number,
        admin: so.admin_contact_email ? `${so.admin_contact_name} (${so.admin_contact_email})` : null,
        invoiceUrl: `${deps.appUrl}/portal/invoices/${invoice.id}`,
      });
      // CP-5 / seed 004: the invoice goes by email, its PDF attached — rendered once, and only if an email is sent.
      let pdf: Promise<Uint8Array> | null = null;
      const attachments = async () => [{ filename: `${invoice.number}.pdf`, contentType: 'application/pdf', content: await (pdf ??= getInvoiceDocument(db, so.account_id, invoice.id).then((doc) => renderInvoicePdf(doc, locale))) }];
      await sendEmailOnce(deps, { key: idempotencyKey, to: so.email, locale, template: 'serviceOrderReceipt', data: data(so.name), attachments });
      for (const r of recipients) {
        if (r.email === so.email) continue;
        await sendEmailOnce(deps, { key: `${idempotencyKey}:${r.email}`, to: r.email, locale, template: 'serviceOrderReceipt', data: data(r.name ?? r.email), attachments });
      }
    },
  };
}
