import type { Currency } from '../../db/schema';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import { sendPaymentReceipt } from '../../server/invoices/payments';
import { intlTag, toLocale } from '../../server/i18n/locale';
import { translate } from '../../server/i18n/messages';
import { renderUserMessage } from '../../server/i18n/user-message';
import { orderLink } from '../../server/orders/order-link';
import { cardLabel } from '../../server/payments/card-label';
import type { RenewalEmailKind, UserMessage } from '../shared';
import type { ActivityDeps } from './deps';
import { sendRenewalEmail } from './renewal-emails';

// Emails the workflows send, each once (the outbox is keyed by the caller's idempotency key).

type EmailDeps = Pick<ActivityDeps, 'db' | 'mailer' | 'appUrl'>;

export interface EmailActivities {
  sendTrialEmail(input: { subscriptionId: string; kind: 'started' | 'reminder' | 'expired'; daysLeft?: number; idempotencyKey: string }): Promise<void>;
  sendOrderConfirmation(input: { orderId: string; idempotencyKey: string }): Promise<void>;
  sendChangeConfirmation(input: { orderId: string; idempotencyKey: string }): Promise<void>;
  /** WF-4: a renewal's email (renewed, dunning, lapse, corporate invoice and reminders…), once per key. */
  sendRenewalEmail(input: { subscriptionId: string; renewalId: string | null; kind: RenewalEmailKind; idempotencyKey: string }): Promise<void>;
  /** WF-5: the receipt of an invoice payment (its PDF attached), once. */
  sendInvoicePaymentReceipt(input: { orderId: string; idempotencyKey: string }): Promise<void>;
}

/** "Your payment was refunded" to the billing contact, once per refunded payment (sent by `refundOrder`), linking to where they read the order (a corporate account: the portal). */
export async function sendRefundEmail(deps: EmailDeps, orderId: string, paymentId: string, amount: bigint, reason: UserMessage | string) {
  const o = await deps.db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .innerJoin('payments as p', 'p.order_id', 'o.id')
    .select(['o.currency', 'u.email', 'u.name', 'u.locale', 'p.card_brand', 'p.card_last4'])
    .where('o.id', '=', orderId)
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
  if (!o) return;
  const locale = toLocale(o.locale);
  const link = await orderLink(deps.db, deps.appUrl, orderId);
  await sendEmailOnce(deps, {
    key: `refund:${paymentId}`,
    to: o.email,
    locale,
    template: 'orderRefunded',
    data: { name: o.name, orderId, amount: formatMoney({ amount, currency: o.currency as Currency }, locale), card: cardLabel(o.card_brand, o.card_last4), reason: renderUserMessage(locale, reason), orderUrl: link.url, linkLabel: link.label },
  });
}

/**
 * BC-3 / BC-5: the order's confirmation email — once (keyed by the caller) — listing every line: a
 * conversion with its plan, a change with its new plan and its credit for unused time; the totals; the
 * invoice, or the credit note and what joined the credit balance for a net-negative order.
 */
async function sendOrderConfirmationEmail(deps: EmailDeps, orderId: string, idempotencyKey: string): Promise<void> {
  const { db } = deps;
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .leftJoin('invoices as i', 'i.order_id', 'o.id')
    .leftJoin('credit_notes as c', 'c.order_id', 'o.id')
    .select(['o.id', 'o.currency', 'o.subtotal', 'o.credit_applied', 'o.tax', 'o.total', 'o.reverse_charge', 'o.tax_rate_basis_points', 'u.email', 'u.name', 'u.locale', 'i.number as invoice_number', 'i.id as invoice_id', 'c.number as credit_note_number'])
    .where('o.id', '=', orderId)
    .executeTakeFirstOrThrow();
  const locale = toLocale(order.locale);
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
    .select(['l.kind', 'p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.plan_amount', 'l.credit_amount', 'l.period_end'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const currency = order.currency as Currency;
  const fmt = (amount: bigint) => formatMoney({ amount, currency }, locale);
  const date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });
  await sendEmailOnce(deps, {
    key: idempotencyKey,
    to: order.email,
    locale,
    template: 'orderConfirmation',
    data: {
      name: order.name,
      orderId,
      invoiceNumber: order.invoice_number,
      creditNoteNumber: order.credit_note_number,
      lines: lines.map((l) => ({
        kind: l.kind === 'change' ? ('change' as const) : ('conversion' as const),
        product: l.product,
        tier: l.tier,
        seats: l.seats,
        frequency: l.frequency as 'monthly' | 'annual',
        amount: fmt(l.plan_amount),
        unusedCredit: l.kind === 'change' ? fmt(l.credit_amount) : null,
        nextBilling: l.period_end ? date.format(l.period_end) : '',
      })),
      creditApplied: order.credit_applied > 0n ? fmt(order.credit_applied) : null,
      tax: fmt(order.tax),
      taxRate: `${(order.tax_rate_basis_points / 100).toLocaleString(intlTag(locale))} %`,
      reverseChargeNote: order.reverse_charge ? translate(locale, 'doc.reverseChargeNote') : null,
      total: fmt(order.total),
      creditAdded: order.subtotal < 0n ? fmt(-order.subtotal) : null,
      orderUrl: (await orderLink(db, deps.appUrl, orderId)).url,
      invoiceUrl: order.invoice_id ? `${deps.appUrl}/billing/invoices/${order.invoice_id}/pdf` : null,
    },
  });
}

export function createEmailActivities(deps: EmailDeps): EmailActivities {
  const { db } = deps;
  return {
    async sendTrialEmail({ subscriptionId, kind, daysLeft, idempotencyKey }) {
      const row = await db
        .selectFrom('subscriptions as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .select(['p.name as product', 't.name as tier', 's.trial_ends_at', 'u.email', 'u.name', 'u.locale'])
        .where('s.id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      const locale = toLocale(row.locale);
      const trialEndsOn = row.trial_ends_at
        ? new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(row.trial_ends_at)
        : '';
      const data = { name: row.name, product: row.product, tier: row.tier, trialEndsOn, daysLeft, subscriptionsUrl: `${deps.appUrl}/billing/subscriptions` };
      const template = kind === 'started' ? 'trialStarted' : kind === 'reminder' ? 'trialReminder' : 'trialExpired';
      await sendEmailOnce(deps, { key: idempotencyKey, to: row.email, locale, template, data });
    },

    /** BC-3: "you will receive a confirmation email with the details of your purchase" — once. */
    async sendOrderConfirmation({ orderId, idempotencyKey }) {
      await sendOrderConfirmationEmail(deps, orderId, idempotencyKey);
    },

    async sendInvoicePaymentReceipt({ orderId, idempotencyKey }) {
      await sendPaymentReceipt(deps, orderId, idempotencyKey);
    },

    /** BC-4: a confirmation email listing the new plan and the amounts — once per order. */
    async sendChangeConfirmation({ orderId, idempotencyKey }) {
      // One read: the order with its line, how many lines it has, and its invoice or credit note number.
      const o = await db
        .selectFrom('orders as o')
        .innerJoin('accounts as a', 'a.id', 'o.account_id')
        .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
        .innerJoin('order_lines as l', 'l.order_id', 'o.id')
        .innerJoin('products as p', 'p.id', 'l.product_id')
        .innerJoin('plan_tiers as t', 't.id', 'l.tier_id')
        .select(['o.currency', 'o.credit_applied', 'o.tax', 'o.total', 'u.email', 'u.name', 'u.locale', 'p.name as product', 't.name as tier', 'l.seats', 'l.frequency', 'l.period_start', 'l.period_end', 'l.plan_amount', 'l.credit_amount'])
        .select((eb) => [
          eb.selectFrom('order_lines as n').select((c) => c.fn.countAll<string>().as('n')).whereRef('n.order_id', '=', 'o.id').as('lines'),
          eb.selectFrom('invoices as i').select('i.number').whereRef('i.order_id', '=', 'o.id').limit(1).as('invoice_number'),
          eb.selectFrom('credit_notes as c').select('c.number').whereRef('c.order_id', '=', 'o.id').limit(1).as('credit_note_number'),
        ])
        .where('o.id', '=', orderId)
        .executeTakeFirst();
      // A BC-5 cart of several changes gets the order confirmation that lists every line.
      const lines = o ? Number(o.lines) : Number((await db.selectFrom('order_lines').select((eb) => eb.fn.countAll<string>().as('n')).where('order_id', '=', orderId).executeTakeFirstOrThrow()).n);
      if (lines > 1) return sendOrderConfirmationEmail(deps, orderId, idempotencyKey);
      if (!o) throw new Error(`change order ${orderId}: no line to confirm`);
      const inv = o.invoice_number === null ? undefined : { number: o.invoice_number };
      const cn = o.credit_note_number === null ? undefined : { number: o.credit_note_number };
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
          orderUrl: (await orderLink(db, deps.appUrl, orderId)).url,
        },
      });
    },

    sendRenewalEmail: (input) => sendRenewalEmail(deps, input),
  };
}
