/**
 * Email templates: each returns subject, text and a small HTML body in the recipient's language, from
 * the `email.*` messages of server/i18n (English and Italian, the seeds' vocabulary).
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { authTemplates } from './auth-templates';
import { changeTemplates } from './change-templates';
import { requestTemplates } from './request-templates';
import { portalTemplates } from './portal-templates';
import { renderEmail } from './render';
import { renewalTemplates } from './renewal-templates';
import { quoteTemplates } from './quote-templates';
import { serviceOrderTemplates } from './service-order-templates';

export type { Locale } from '../i18n/locale';

export interface TrialEmailData {
  name: string;
  product: string;
  tier: string;
  trialEndsOn: string;
  daysLeft?: number;
  subscriptionsUrl: string;
}

export interface OrderConfirmationData {
  name: string;
  orderId: string;
  /** The order's invoice, or null for a net-negative order (BC-5), which gets a credit note instead. */
  invoiceNumber: string | null;
  creditNoteNumber?: string | null;
  /** A conversion (BC-3) or, in a BC-5 cart, a change of an active subscription with its credit for unused time. */
  lines: Array<{ kind?: 'conversion' | 'change'; product: string; tier: string; seats: number; frequency: 'monthly' | 'annual'; amount: string; unusedCredit?: string | null; nextBilling: string }>;
  creditApplied: string | null;
  tax: string;
  taxRate: string;
  reverseChargeNote: string | null;
  total: string;
  /** What a net-negative order added to the credit balance. */
  creditAdded?: string | null;
  orderUrl: string;
  invoiceUrl: string | null;
}

function orderConfirmation(locale: Locale, d: OrderConfirmationData) {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const hasChanges = d.lines.some((l) => l.kind === 'change');
  const hasConversions = d.lines.some((l) => l.kind !== 'change');
  const lines = d.lines.map((l) => {
    const p = { product: l.product, tier: l.tier, seats: t('email.seats', { seats: l.seats }), billed: t('email.billed', { frequency: l.frequency }), amount: l.amount, nextBilling: l.nextBilling };
    return l.kind === 'change' ? t('email.order.changeLine', { ...p, unusedCredit: l.unusedCredit ?? '' }) : t('email.order.conversionLine', p);
  });
  const totals = [
    ...(d.creditApplied ? [t('email.order.creditApplied', { amount: d.creditApplied })] : []),
    t('email.order.tax', { rate: d.taxRate, amount: d.tax }),
    ...(d.reverseChargeNote ? [d.reverseChargeNote] : []),
    t('email.order.totalCharged', { amount: d.total }),
    ...(d.creditAdded ? [t('email.order.creditAdded', { amount: d.creditAdded })] : []),
    ...(d.invoiceNumber ? [d.invoiceUrl ? t('email.order.invoiceLink', { number: d.invoiceNumber, url: d.invoiceUrl }) : t('email.order.invoice', { number: d.invoiceNumber })] : []),
    ...(d.creditNoteNumber ? [t('email.order.creditNote', { number: d.creditNoteNumber })] : []),
  ];
  const intro = t(!hasChanges ? 'email.order.introPurchase' : hasConversions ? 'email.order.introMixed' : 'email.order.introChanges');
  return {
    subject: t('email.order.subject', { orderId: d.orderId }),
    ...renderEmail([t('email.hello', { name: d.name }), intro, ...lines, ...totals, t(hasChanges ? 'email.order.assignAddedSeats' : 'email.order.assignSeats')], t('email.orderDetails'), d.orderUrl),
  };
}

export interface OrderRefundedData {
  name: string;
  orderId: string;
  /** The refunded amount, formatted: always the whole payment. */
  amount: string;
  /** "Visa •••• 4242", or null when the card is not known. */
  card: string | null;
  /** Why the order could not be applied (the order's failure reason). */
  reason: string;
  /** The page that shows the order to this reader (server/orders/order-link.ts), and what its link says. */
  orderUrl: string;
  linkLabel?: MessageKey;
}

/** WF-1 / WF-2: the payment went through but the order could not be applied afterwards, so it was refunded. */
function orderRefunded(locale: Locale, d: OrderRefundedData) {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const lines = [t('email.hello', { name: d.name }), t('email.refund.body', { orderId: d.orderId, amount: d.amount, card: d.card ?? 'none' }), t('email.refund.reason', { reason: d.reason }), t('email.refund.nothingChanged')];
  return { subject: t('email.refund.subject', { orderId: d.orderId }), ...renderEmail(lines, t(d.linkLabel ?? 'email.orderDetails'), d.orderUrl) };
}

export const templates = {
  ...authTemplates,
  ...changeTemplates,
  ...quoteTemplates,
  ...serviceOrderTemplates,
  ...requestTemplates,
  ...renewalTemplates,
  ...portalTemplates,
  orderConfirmation,
  orderRefunded,
  trialStarted(locale: Locale, d: TrialEmailData) {
    const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
    return { subject: t('email.trialStarted.subject', { product: d.product }), ...renderEmail([t('email.hello', { name: d.name }), t('email.trialStarted.body', { ...d }), t('email.trialStarted.subscribe')], t('email.billingCenter'), d.subscriptionsUrl) };
  },
  trialReminder(locale: Locale, d: TrialEmailData) {
    const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
    return { subject: t('email.trialReminder.subject', { product: d.product, n: d.daysLeft ?? 0 }), ...renderEmail([t('email.hello', { name: d.name }), t('email.trialReminder.body', { ...d })], t('email.trialReminder.link'), d.subscriptionsUrl) };
  },
  trialExpired(locale: Locale, d: TrialEmailData) {
    const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
    return { subject: t('email.trialExpired.subject', { product: d.product }), ...renderEmail([t('email.hello', { name: d.name }), t('email.trialExpired.body', { ...d }), t('email.trialExpired.subscribe')], t('email.billingCenter'), d.subscriptionsUrl) };
  },
};

export type TemplateName = keyof typeof templates;
