/**
 * Corporate Billing Portal emails (seed 004), from the `email.portal.*` messages: a changed billing
 * contact email (to the old and the new address), an issued invoice (its PDF attached, to the contact
 * and each invoice recipient), a purchase order about to expire, and an invoice payment's receipt.
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

const tr = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

export interface BillToEmailChangedData {
  name: string;
  account: string;
  oldEmail: string;
  newEmail: string;
  /** Which side of the change this copy goes to. */
  to: 'old' | 'new';
  portalUserId: string;
  portalUrl: string;
}

function billToEmailChanged(locale: Locale, d: BillToEmailChangedData) {
  const t = tr(locale);
  const lines = [
    t('email.hello', { name: d.name }),
    t('email.portal.emailChanged.body', { account: d.account, oldEmail: d.oldEmail, newEmail: d.newEmail }),
    t(d.to === 'old' ? 'email.portal.emailChanged.toOld' : 'email.portal.emailChanged.toNew'),
    t('email.portal.emailChanged.userId', { userId: d.portalUserId }),
  ];
  return { subject: t('email.portal.emailChanged.subject', { account: d.account }), ...renderEmail(lines, t('email.portal.portal'), d.portalUrl) };
}

export interface PurchaseOrderExpiringData {
  name: string;
  account: string;
  number: string;
  expiresOn: string;
  days: number;
  purchaseOrdersUrl: string;
}

function purchaseOrderExpiring(locale: Locale, d: PurchaseOrderExpiringData) {
  const t = tr(locale);
  const lines = [t('email.hello', { name: d.name }), t('email.portal.po.body', { number: d.number, account: d.account, days: d.days, expiresOn: d.expiresOn }), t('email.portal.po.addNew')];
  return { subject: t('email.portal.po.subject', { number: d.number }), ...renderEmail(lines, t('portal.po.title'), d.purchaseOrdersUrl) };
}

export interface InvoicePaymentReceiptData {
  name: string;
  account: string;
  invoiceNumber: string;
  amount: string;
  balance: string;
  /** "Visa •••• 4242", or null. */
  card: string | null;
  paidInFull: boolean;
  invoiceUrl: string;
}

/** CP-6 / WF-5: the receipt of a payment of (part of) an invoice, its PDF attached. */
function invoicePaymentReceipt(locale: Locale, d: InvoicePaymentReceiptData) {
  const t = tr(locale);
  const lines = [
    t('email.hello', { name: d.name }),
    t('email.portal.receipt.body', { amount: d.amount, card: d.card ?? 'none', number: d.invoiceNumber, account: d.account }),
    d.paidInFull ? t('email.portal.receipt.paidInFull') : t('email.portal.receipt.balance', { balance: d.balance }),
    t('email.portal.receipt.attached'),
  ];
  return { subject: t('email.portal.receipt.subject', { number: d.invoiceNumber }), ...renderEmail(lines, t('email.portal.viewInvoice'), d.invoiceUrl) };
}

export const portalTemplates = { billToEmailChanged, purchaseOrderExpiring, invoicePaymentReceipt };
