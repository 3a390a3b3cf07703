/**
 * CP-4 / BO-1 / WF-6 emails about quotes, from the `email.quote.*` messages (seed 004's words:
 * preventivo, contatto di fatturazione, Portale di fatturazione Corporate, rappresentante).
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

export interface QuoteSentData {
  name: string;
  number: string;
  accountName: string;
  repName: string | null;
  /** One line per product: "Meeting Enterprise — 10 seats: $1,200.00". */
  lines: string[];
  total: string;
  validUntil: string;
  purchaseOrderNumber: string | null;
  notes: string | null;
  quoteUrl: string;
  /** The rep sent it again (same quote, same figures). */
  resent: boolean;
}

/** To the billing contact: the quote (its PDF attached) and where to accept or reject it. */
function quoteSent(locale: Locale, d: QuoteSentData) {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const lines = [
    t('email.hello', { name: d.name }),
    t('email.quote.sent', { from: d.repName ?? t('email.quote.yourRep'), resent: d.resent ? 'yes' : 'no', number: d.number, account: d.accountName }),
    ...d.lines.map((l) => `• ${l}`),
    t('email.quote.total', { amount: d.total }),
    ...(d.purchaseOrderNumber ? [t('email.quote.po', { number: d.purchaseOrderNumber })] : []),
    ...(d.notes ? [t('email.quote.notes', { notes: d.notes })] : []),
    t('email.quote.validUntil', { date: d.validUntil }),
  ];
  return { subject: t('email.quote.sentSubject', { number: d.number, account: d.accountName }), ...renderEmail(lines, t('email.quote.open'), d.quoteUrl) };
}

export interface QuoteEndedData {
  repName: string;
  number: string;
  accountName: string;
  outcome: 'accepted' | 'rejected' | 'superseded' | 'expired' | 'withdrawn';
  total: string;
  /** Rejected: the contact's reason, if they gave one. */
  reason: string | null;
  /** Superseded: the add-seats order's quote that replaced it. */
  supersededBy: string | null;
  quoteUrl: string;
}

/** To the sales rep: how their quote ended (BO-1: the rep sees each status change). */
function quoteEnded(locale: Locale, d: QuoteEndedData) {
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const lines = [
    t('email.hello', { name: d.repName }),
    t(`email.quote.ended.${d.outcome}`, { number: d.number, total: d.total, account: d.accountName, ...(d.outcome === 'superseded' && { supersededBy: d.supersededBy ?? '' }) }),
    ...(d.outcome === 'rejected' ? [d.reason ? t('email.quote.reason', { reason: d.reason }) : t('email.quote.noReason')] : []),
  ];
  return { subject: t('email.quote.endedSubject', { number: d.number, outcome: d.outcome }), ...renderEmail(lines, t('email.quote.open'), d.quoteUrl) };
}

export const quoteTemplates = { quoteSent, quoteEnded };
