/**
 * Identity emails (CP-2 password reset, AC-1 "Email billing admin") from the `email.*` messages, with
 * the seeds' vocabulary (ID utente, amministratore della fatturazione, Portale di fatturazione
 * Corporate, Centro fatturazione). Registered in templates.ts.
 */
import type { Locale } from '../i18n/locale';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { renderEmail } from './render';

export interface PasswordResetEmailData {
  name: string;
  realm: 'product' | 'portal' | 'staff';
  /** The user ID or email the request named. */
  login: string;
  resetUrl: string;
  expiresInMinutes: number;
}

export interface BillingAdminContactEmailData {
  billingAdminName: string;
  fromName: string;
  fromEmail: string;
  accountName: string;
  message: string;
  subscriptionsUrl: string;
}

export const authTemplates = {
  passwordReset(locale: Locale, d: PasswordResetEmailData) {
    const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
    const where = t(`email.realm.${d.realm}`);
    return {
      subject: t('email.reset.subject', { where }),
      ...renderEmail(
        [t('email.hello', { name: d.name }), t('email.reset.body', { login: d.login, where }), t('email.reset.expiry', { minutes: d.expiresInMinutes }), t('email.reset.ignore')],
        t('email.reset.link'),
        d.resetUrl,
      ),
    };
  },
  billingAdminContact(locale: Locale, d: BillingAdminContactEmailData) {
    const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
    const who = { fromName: d.fromName, fromEmail: d.fromEmail, accountName: d.accountName };
    return {
      subject: t('email.adminContact.subject', who),
      ...renderEmail([t('email.hello', { name: d.billingAdminName }), t('email.adminContact.body', who), d.message, t('email.adminContact.answer', who)], t('email.billingCenter'), d.subscriptionsUrl),
    };
  },
};
