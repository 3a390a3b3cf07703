/**
 * WF-3 emails about a service order, from the `email.so.*` messages (seed 000's words: ordine di
 * servizio, contatto di fatturazione, postazioni, ricevuta, Servizi per Account Corporate).
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

const tr = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

export interface ServiceOrderPaymentNeededData {
  name: string;
  number: string;
  total: string;
  reason: 'declined' | 'authentication';
  /** What the bank said, if anything. */
  message: string | null;
  dueDate: string;
  serviceOrderUrl: string;
}

/** To the billing contact: the card was declined, or the bank wants 3-D Secure — pay by the deadline. */
function serviceOrderPaymentNeeded(locale: Locale, d: ServiceOrderPaymentNeededData) {
  const t = tr(locale);
  const lines = [
    t('email.hello', { name: d.name }),
    d.reason === 'declined' ? t('email.so.declined', { total: d.total, number: d.number, message: d.message ?? '__none', date: d.dueDate }) : t('email.so.authenticate', { total: d.total, number: d.number, date: d.dueDate }),
    t('email.so.untilThen'),
  ];
  return { subject: t('email.so.paymentSubject', { number: d.number }), ...renderEmail(lines, t('email.so.open'), d.serviceOrderUrl) };
}

export interface ServiceOrderDelayedData {
  name: string;
  number: string;
  accountName: string;
  placedAt: string;
  hours: number;
  /** The contact hears an apology; operations and the rep an alert with the workflow to look at. */
  audience: 'contact' | 'staff';
  workflowId: string;
  url: string;
}

/** The 24-hour promise is broken: the contact is told, operations and the rep are alerted. The order goes on. */
function serviceOrderDelayed(locale: Locale, d: ServiceOrderDelayedData) {
  const t = tr(locale);
  if (d.audience === 'staff') {
    return {
      subject: t('email.so.delayedStaffSubject', { account: d.accountName, number: d.number, hours: d.hours }),
      ...renderEmail([t('email.hello', { name: d.name }), t('email.so.delayedStaff', { number: d.number, account: d.accountName, placedAt: d.placedAt, hours: d.hours, workflowId: d.workflowId })], t('email.so.openWorkflow'), d.url),
    };
  }
  return { subject: t('email.so.delayedSubject', { number: d.number }), ...renderEmail([t('email.hello', { name: d.name }), t('email.so.delayed', { number: d.number, hours: d.hours })], t('email.so.follow'), d.url) };
}

export interface ServiceOrderFailedData {
  name: string;
  number: string;
  accountName: string;
  reason: string;
  /** A payment was made and refunded. */
  refunded: string | null;
  audience: 'contact' | 'staff';
  url: string;
}

/** The service order ended without seats: unpaid by the deadline, or compensated (refunded, seats and admin rolled back). */
function serviceOrderFailed(locale: Locale, d: ServiceOrderFailedData) {
  const t = tr(locale);
  const lines = [
    t('email.hello', { name: d.name }),
    t('email.so.failed', { number: d.number, account: d.accountName, reason: d.reason }),
    d.refunded ? t('email.so.refunded', { amount: d.refunded }) : t('email.so.notCharged'),
    ...(d.audience === 'contact' ? [t('email.so.help')] : []),
  ];
  return { subject: t('email.so.failedSubject', { number: d.number }), ...renderEmail(lines, t('email.so.open'), d.url) };
}

export interface ServiceOrderReceiptData {
  name: string;
  number: string;
  accountName: string;
  /** One line per product: "Meeting Enterprise — 5 (1 Apr 2026 – 1 Jan 2027): $1,200.00". */
  lines: string[];
  subtotal: string;
  tax: string;
  total: string;
  card: string | null;
  invoiceNumber: string;
  purchaseOrderNumber: string | null;
  admin: string | null;
  invoiceUrl: string;
}

/** Seed 000's result: "a confirmation email with a receipt" to the billing contact (and the invoice recipients). */
function serviceOrderReceipt(locale: Locale, d: ServiceOrderReceiptData) {
  const t = tr(locale);
  const lines = [
    t('email.hello', { name: d.name }),
    t('email.so.receiptBody', { number: d.number, account: d.accountName }),
    ...d.lines.map((l) => `• ${l}`),
    t('email.so.subtotal', { amount: d.subtotal }),
    t('email.so.tax', { amount: d.tax }),
    t('email.so.totalPaid', { amount: d.total, card: d.card ?? 'none' }),
    t('email.so.invoice', { number: d.invoiceNumber, po: d.purchaseOrderNumber ?? 'none' }),
    ...(d.admin ? [t('email.so.admin', { admin: d.admin })] : []),
    t('email.so.assignSeats'),
  ];
  return { subject: t('email.so.receiptSubject', { number: d.number }), ...renderEmail(lines, t('email.order.invoice', { number: d.invoiceNumber }), d.invoiceUrl) };
}

export const serviceOrderTemplates = { serviceOrderPaymentNeeded, serviceOrderDelayed, serviceOrderFailed, serviceOrderReceipt };
