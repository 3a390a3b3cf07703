/**
 * BC-9 / WF-4 emails — renewals, dunning, lapse and reactivation, cancel at period end and its undo,
 * the corporate renewal invoice with its reminders — from the `email.renewal.*` / `email.corporate.*`
 * messages of server/i18n (seed 004's words: fattura, Portale di fatturazione Corporate, ordine d’acquisto).
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

export interface RenewalEmailData {
  name: string;
  product: string;
  tier: string;
  seats: number;
  /** The period billed, formatted. */
  periodStart: string;
  periodEnd: string;
  amount: string;
  invoiceNumber: string | null;
  /** A link: the invoice PDF (paid), the pay-now page (dunning), the Subscriptions page. */
  url: string;
}

export interface DunningEmailData extends RenewalEmailData {
  /** Why the last attempt failed, in the recipient's language. */
  reason: string;
  /** The next automatic attempt, formatted; null after the last one. */
  nextAttempt: string | null;
  /** Lapsed: seat assignments kept until then. */
  seatsUntil?: string | null;
}

export interface CancellationEmailData {
  name: string;
  product: string;
  /** The period's end: when it ends, or when it renews after an undo. */
  on: string;
  url: string;
}

export interface CorporateRenewalEmailData {
  name: string;
  account: string;
  product: string;
  seats: number;
  periodStart: string;
  periodEnd: string;
  invoiceNumber: string;
  amount: string;
  dueOn: string;
  purchaseOrder: string | null;
  /** Days past (positive) or to (negative) the due date, for reminders. */
  offsetDays?: number;
  reason?: string | null;
  portalUrl: string;
  /** The billing contact's portal user ID, printed as on every invoice email (004). */
  portalUserId: string | null;
}

const tr = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

function renewed(locale: Locale, d: RenewalEmailData, kind: 'renewed' | 'reactivated') {
  const t = tr(locale);
  const lines =
    kind === 'renewed'
      ? [t('email.renewal.renewed.body', { product: d.product, tier: d.tier, seats: t('email.seats', { seats: d.seats }), periodStart: d.periodStart, periodEnd: d.periodEnd }), t('email.renewal.totalCharged', { amount: d.amount }), ...(d.invoiceNumber ? [t('email.renewal.invoice', { number: d.invoiceNumber })] : [])]
      : [t('email.renewal.reactivated.body', { product: d.product, amount: d.amount, periodStart: d.periodStart, periodEnd: d.periodEnd }), ...(d.invoiceNumber ? [t('email.renewal.invoicePaid', { number: d.invoiceNumber })] : [])];
  const subject = kind === 'renewed' ? t('email.renewal.renewed.subject', { product: d.product, number: d.invoiceNumber ?? '' }) : t('email.renewal.reactivated.subject', { product: d.product });
  return { subject, ...renderEmail([t('email.hello', { name: d.name }), ...lines], t('email.renewal.invoicePdf'), d.url) };
}

function dunning(locale: Locale, d: DunningEmailData, kind: 'failed' | 'retryFailed' | 'lapsed') {
  const t = tr(locale);
  const p = { product: d.product, amount: d.amount, periodStart: d.periodStart, periodEnd: d.periodEnd, reason: d.reason, number: d.invoiceNumber ?? '' };
  const lines =
    kind === 'failed'
      ? [t('email.renewal.failed.body', p), d.nextAttempt ? t('email.renewal.failed.next', { next: d.nextAttempt, number: p.number }) : t('email.renewal.failed.last')]
      : kind === 'retryFailed'
        ? [t('email.renewal.retryFailed.body', p), ...(d.nextAttempt ? [t('email.renewal.retryFailed.next', { next: d.nextAttempt, product: d.product })] : [])]
        : [t('email.renewal.lapsed.body', p), ...(d.seatsUntil ? [t('email.renewal.lapsed.seats', { until: d.seatsUntil })] : []), t('email.renewal.lapsed.comeBack', { product: d.product })];
  return {
    subject: t(kind === 'failed' ? 'email.renewal.failed.subject' : kind === 'retryFailed' ? 'email.renewal.retryFailed.subject' : 'email.renewal.lapsed.subject', { product: d.product }),
    ...renderEmail([t('email.hello', { name: d.name }), ...lines], t(kind === 'lapsed' ? 'email.renewal.lapsed.link' : 'email.renewal.payNow'), d.url),
  };
}

function cancellation(locale: Locale, d: CancellationEmailData, kind: 'cancelScheduled' | 'cancelUndone' | 'ended') {
  const t = tr(locale);
  const p = { product: d.product, on: d.on };
  const lines =
    kind === 'cancelScheduled'
      ? [t('email.renewal.cancelScheduled.body', p), t('email.renewal.cancelScheduled.undo')]
      : kind === 'cancelUndone'
        ? [t('email.renewal.cancelUndone.body', p)]
        : [t('email.renewal.ended.body', p), t('email.renewal.ended.again')];
  const subject = t(kind === 'cancelScheduled' ? 'email.renewal.cancelScheduled.subject' : kind === 'cancelUndone' ? 'email.renewal.cancelUndone.subject' : 'email.renewal.ended.subject', p);
  return { subject, ...renderEmail([t('email.hello', { name: d.name }), ...lines], t('email.billingCenter'), d.url) };
}

function corporate(locale: Locale, d: CorporateRenewalEmailData, kind: 'invoice' | 'reminder' | 'failed' | 'receipt' | 'expired') {
  const t = tr(locale);
  const p = { number: d.invoiceNumber, product: d.product, amount: d.amount, dueOn: d.dueOn, account: d.account, seats: t('email.seats', { seats: d.seats }), periodStart: d.periodStart, periodEnd: d.periodEnd, reason: d.reason ?? '' };
  const overdue = (d.offsetDays ?? 0) > 0 ? 'yes' : 'no';
  const po = d.purchaseOrder ? [t('email.corporate.purchaseOrder', { number: d.purchaseOrder })] : [];
  const bodies: Record<typeof kind, { subject: string; lines: string[] }> = {
    invoice: { subject: t('email.corporate.invoice.subject', p), lines: [t('email.corporate.invoice.body', p), t('email.corporate.invoice.amount', p), ...po, ...(d.portalUserId ? [t('email.corporate.portalUserId', { userId: d.portalUserId })] : []), t('email.corporate.invoice.pay')] },
    reminder: { subject: t('email.corporate.reminder.subject', { ...p, overdue, days: Math.abs(d.offsetDays ?? 0) }), lines: [t('email.corporate.reminder.body', { ...p, overdue }), ...po, t('email.corporate.reminder.after', { overdue })] },
    failed: { subject: t('email.corporate.failed.subject', p), lines: [t('email.corporate.failed.body', p), t('email.corporate.failed.open', p)] },
    receipt: { subject: t('email.corporate.receipt.subject', p), lines: [t('email.corporate.receipt.body', p)] },
    expired: { subject: t('email.corporate.expired.subject', p), lines: [t('email.corporate.expired.body', p), t('email.corporate.expired.reactivate')] },
  };
  const b = bodies[kind];
  return { subject: b.subject, ...renderEmail([t('email.corporate.dear', { name: d.name }), ...b.lines], t('email.corporate.portal'), d.portalUrl) };
}

export const renewalTemplates = {
  renewalRenewed: (l: Locale, d: RenewalEmailData) => renewed(l, d, 'renewed'),
  renewalReactivated: (l: Locale, d: RenewalEmailData) => renewed(l, d, 'reactivated'),
  renewalPaymentFailed: (l: Locale, d: DunningEmailData) => dunning(l, d, 'failed'),
  renewalRetryFailed: (l: Locale, d: DunningEmailData) => dunning(l, d, 'retryFailed'),
  renewalLapsed: (l: Locale, d: DunningEmailData) => dunning(l, d, 'lapsed'),
  renewalCancelScheduled: (l: Locale, d: CancellationEmailData) => cancellation(l, d, 'cancelScheduled'),
  renewalCancelUndone: (l: Locale, d: CancellationEmailData) => cancellation(l, d, 'cancelUndone'),
  renewalEnded: (l: Locale, d: CancellationEmailData) => cancellation(l, d, 'ended'),
  corporateRenewalInvoice: (l: Locale, d: CorporateRenewalEmailData) => corporate(l, d, 'invoice'),
  corporateRenewalReminder: (l: Locale, d: CorporateRenewalEmailData) => corporate(l, d, 'reminder'),
  corporateRenewalPaymentFailed: (l: Locale, d: CorporateRenewalEmailData) => corporate(l, d, 'failed'),
  corporateRenewalReceipt: (l: Locale, d: CorporateRenewalEmailData) => corporate(l, d, 'receipt'),
  corporateRenewalExpired: (l: Locale, d: CorporateRenewalEmailData) => corporate(l, d, 'expired'),
};
