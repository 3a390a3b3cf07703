import type { Currency } from '../../db/schema';
import { formatMoney } from '../../server/billing';
import { sendEmailOnce } from '../../server/email/send-once';
import { intlTag, toLocale } from '../../server/i18n/locale';
import { renderUserMessage } from '../../server/i18n/user-message';
import { renderInvoicePdf } from '../../server/invoices/pdf';
import { getInvoiceDocument } from '../../server/services/invoices';
import type { RenewalEmailKind } from '../shared';
import type { ActivityDeps } from './deps';

type EmailDeps = Pick<ActivityDeps, 'db' | 'mailer' | 'appUrl'>;

/**
 * WF-4's emails, each once (keyed by the workflow): online — renewed, payment failed, retry failed,
 * lapsed, active again, ended at period end — to the billing contact, with the invoice or the dunning
 * page's link; corporate — the renewal invoice with its PDF (and its receipt) to the contact and every
 * invoice recipient (CP-8), the reminders, a failed card and the expiry to the contact.
 */
export async function sendRenewalEmail(deps: EmailDeps, input: { subscriptionId: string; renewalId: string | null; kind: RenewalEmailKind; idempotencyKey: string }): Promise<void> {
  const { db } = deps;
  const { kind, idempotencyKey } = input;
  const s = await db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('plan_tiers as t', 't.id', 's.tier_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('users as u', 'u.id', 'a.billing_contact_user_id')
    .select(['s.seats', 's.current_period_end', 's.currency', 's.seat_grace_until', 'p.name as product', 't.name as tier', 'a.id as account_id', 'a.name as account', 'u.id as user_id', 'u.email', 'u.name', 'u.locale'])
    .where('s.id', '=', input.subscriptionId)
    .executeTakeFirstOrThrow();
  const locale = toLocale(s.locale);
  const date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });
  const subscriptionsUrl = `${deps.appUrl}/billing/subscriptions`;
  if (kind === 'cancelled') {
    await sendEmailOnce(deps, { key: idempotencyKey, to: s.email, locale, template: 'renewalEnded', data: { name: s.name, product: s.product, on: date.format(s.current_period_end ?? new Date()), url: subscriptionsUrl } });
    return;
  }
  if (!input.renewalId) return;
  const r = await db.selectFrom('renewals').selectAll().where('id', '=', input.renewalId).executeTakeFirstOrThrow();
  // The renewal's invoice is its order's (issued by the order core).
  const inv = await db.selectFrom('invoices').select(['id', 'number', 'total', 'amount_paid', 'issued_at', 'due_at', 'purchase_order_number']).where('order_id', '=', r.order_id).executeTakeFirst();
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
  // Rendered once, and only if an email is actually sent (a retried activity renders no PDF again).
  let pdf: Promise<Uint8Array> | null = null;
  const attachments = kind === 'corporate_invoice'
    ? async () => [{ filename: `${inv.number}.pdf`, contentType: 'application/pdf', content: await (pdf ??= getInvoiceDocument(db, s.account_id, inv.id).then((doc) => renderInvoicePdf(doc, locale))) }]
    : undefined;
  const to = [{ email: s.email, name: s.name }, ...recipients.filter((x) => x.email !== s.email).map((x) => ({ email: x.email, name: x.name ?? s.account }))];
  // The reminders, a failed card and the expiry go to the billing contact; the invoice and its receipt to everyone who receives invoices.
  const audience = kind === 'corporate_invoice' || kind === 'corporate_receipt' ? to : to.slice(0, 1);
  for (const person of audience) {
    await sendEmailOnce(deps, { key: `${idempotencyKey}:${person.email}`, to: person.email, locale, template, data: { ...corporate, name: person.name, offsetDays }, ...(attachments ? { attachments } : {}) });
  }
}
