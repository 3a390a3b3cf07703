/**
 * CP-13 / CP-14 / CP-15 emails: the conversation between a corporate billing contact and Corporate
 * Account Services (Servizi per account Corporate, seed 004), from the `email.request.*` messages
 * (server/i18n/requests-messages.ts). Registered in templates.ts. Staff messages are quoted as written;
 * everything around them is in the reader's language.
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

export interface RequestEmailData {
  name: string;
  caseNumber: string;
  /** The category as the reader's language names it. */
  category: string;
  accountName: string;
  /** The request's details, a reply or a resolution note (quoted as written). */
  message: string;
  /** Who wrote the message (staff name), when there is one. */
  author?: string;
  url: string;
}

export interface CancellationEmailData {
  name: string;
  product: string;
  /** The term end, formatted for the reader. */
  endsOn: string;
  caseNumber: string | null;
  url: string;
}

const tr = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

export const requestTemplates = {
  /** To the contact: the request is filed, with its case number. */
  requestAcknowledged(locale: Locale, d: RequestEmailData) {
    const t = tr(locale);
    return {
      subject: t('email.request.ackSubject', { caseNumber: d.caseNumber }),
      ...renderEmail([t('email.hello', { name: d.name }), t('email.request.ackBody', { category: d.category, caseNumber: d.caseNumber }), t('email.request.details', { details: d.message }), t('email.request.ackAnswer')], t('email.request.open'), d.url),
    };
  },
  /** To the contact: staff replied. */
  requestReply(locale: Locale, d: RequestEmailData) {
    const t = tr(locale);
    return {
      subject: t('email.request.replySubject', { caseNumber: d.caseNumber }),
      ...renderEmail([t('email.hello', { name: d.name }), t('email.request.replyBody', { author: d.author ?? t('requests.cas'), caseNumber: d.caseNumber }), d.message, t('email.request.replyAnswer')], t('email.request.open'), d.url),
    };
  },
  /** To the contact: the request is resolved, with the note. */
  requestResolved(locale: Locale, d: RequestEmailData) {
    const t = tr(locale);
    return {
      subject: t('email.request.resolvedSubject', { caseNumber: d.caseNumber }),
      ...renderEmail([t('email.hello', { name: d.name }), t('email.request.resolvedBody', { author: d.author ?? t('requests.cas'), caseNumber: d.caseNumber }), d.message, t('email.request.resolvedMore')], t('email.request.open'), d.url),
    };
  },
  /** To the staff member working the request (or the account's rep): news from the account. */
  requestStaffNotice(locale: Locale, d: RequestEmailData & { isNew: boolean }) {
    const t = tr(locale);
    const who = { caseNumber: d.caseNumber, account: d.accountName };
    return {
      subject: d.isNew ? t('email.request.staffNewSubject', who) : t('email.request.staffReplySubject', who),
      ...renderEmail([t('email.request.staffLine', { account: d.accountName, category: d.category }), d.message], t('email.request.openStaff'), d.url),
    };
  },
  /** CP-15: to the contact, the cancellation at term end is recorded. */
  cancellationRecorded(locale: Locale, d: CancellationEmailData) {
    const t = tr(locale);
    return {
      subject: t('email.cancellation.recordedSubject', { product: d.product }),
      ...renderEmail([t('email.hello', { name: d.name }), t('email.cancellation.recordedBody', { product: d.product, endsOn: d.endsOn, caseNumber: d.caseNumber ?? 'none' }), t('email.cancellation.recordedUndo')], t('email.realm.portal'), d.url),
    };
  },
  /** CP-15: to the contact, the cancellation was withdrawn; the subscription renews as before. */
  cancellationWithdrawn(locale: Locale, d: CancellationEmailData) {
    const t = tr(locale);
    return {
      subject: t('email.cancellation.withdrawnSubject', { product: d.product }),
      ...renderEmail([t('email.hello', { name: d.name }), t('email.cancellation.withdrawnBody', { product: d.product, endsOn: d.endsOn })], t('email.realm.portal'), d.url),
    };
  },
};
