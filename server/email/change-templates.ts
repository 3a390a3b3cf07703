/**
 * WF-2 / BC-4 confirmation email for a subscription change, from the `email.*` messages (seed 002's
 * words: sottoscrizione, postazioni, periodo di fatturazione).
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

export interface SubscriptionChangedData {
  name: string;
  orderId: string;
  product: string;
  tier: string;
  seats: number;
  frequency: 'monthly' | 'annual';
  periodStart: string;
  nextBilling: string;
  planCost: string;
  unusedCredit: string;
  creditApplied: string | null;
  tax: string;
  total: string;
  /** Added to the account's credit balance (net-negative change), else null. */
  creditAdded: string | null;
  /** The change's invoice (something was due) or credit note (net-negative), else null. */
  invoiceNumber: string | null;
  creditNoteNumber: string | null;
  orderUrl: string;
}

function subscriptionChanged(locale: Locale, d: SubscriptionChangedData) {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const lines = [
    t('email.hello', { name: d.name }),
    t('email.change.body', { product: d.product, tier: d.tier, seats: t('email.seats', { seats: d.seats }), billed: t('email.billed', { frequency: d.frequency }) }),
    t('email.change.period', { periodStart: d.periodStart, nextBilling: d.nextBilling }),
    t('email.change.planCost', { amount: d.planCost }),
    t('email.change.unusedCredit', { amount: d.unusedCredit }),
    ...(d.creditApplied ? [t('email.change.creditApplied', { amount: d.creditApplied })] : []),
    t('email.change.tax', { amount: d.tax }),
    t('email.order.totalCharged', { amount: d.total }),
    ...(d.creditAdded ? [t('email.order.creditAdded', { amount: d.creditAdded })] : []),
    ...(d.invoiceNumber ? [t('email.order.invoice', { number: d.invoiceNumber })] : []),
    ...(d.creditNoteNumber ? [t('email.order.creditNote', { number: d.creditNoteNumber })] : []),
    t('email.order.assignAddedSeats'),
  ];
  return { subject: t('email.change.subject', { orderId: d.orderId }), ...renderEmail(lines, t('email.orderDetails'), d.orderUrl) };
}

export const changeTemplates = { subscriptionChanged };
