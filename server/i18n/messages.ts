/**
 * Every string a user reads — pages, emails, PDFs, errors — in English and Italian, as ICU messages
 * (./format.ts). One file per area exports `xxxEn` (as const) and `xxxIt: Record<keyof typeof xxxEn,
 * string>`, spread here. The Italian follows the vendor's help articles: Centro fatturazione, Portale
 * di fatturazione Corporate, contatto di fatturazione, postazioni, prova.
 */
import { authEn, authIt } from './auth-messages';
import { billingEn, billingIt } from './billing-messages';
import { changeEn, changeIt } from './change-messages';
import { errorsEn, errorsIt } from './error-messages';
import { emailEn, emailIt } from './email-messages';
import { documentEn, documentIt } from './document-messages';
import { quoteEn, quoteIt } from './quote-messages';
import { formatMessage, type MessageParams } from './format';
import type { Locale } from './locale';
import { backofficeEn, backofficeIt } from './backoffice-messages';
import { requestsEn, requestsIt } from './requests-messages';
import { renewalEn, renewalIt } from './renewal-messages';
import { hardeningEn, hardeningIt } from './hardening-messages';
import { portalEn, portalIt } from './portal-messages';
import { invoicePaymentEn, invoicePaymentIt } from './invoice-payment-messages';
import { orderDeliveryEn, orderDeliveryIt } from './order-delivery-messages';

export { LOCALES, isLocale, type Locale } from './locale';
export type { MessageParams } from './format';

const en = {
  'app.name': 'Seatplan',
  'app.description': 'Billing center for per-seat subscriptions',
  'nav.billingCenter': 'Billing Center',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'nav.language': 'Language',
  'nav.main': 'Main',
  'nav.skipToContent': 'Skip to content',
  'home.title': 'Seatplan billing',
  'home.lead': 'Manage subscriptions, seats and invoices for your team.',
  'home.billingCenter': 'Go to the Billing Center',
  'notFound.title': 'Page not found',
  'notFound.body': 'This page does not exist, or it is not yours to open.',
  'notFound.home': 'Go to the home page',
  'errorPage.title': 'This page could not be shown',
  'errorPage.retry': 'Try again',
  'home.ops': 'Operations: Temporal UI',
  'signin.title': 'Sign in to the Billing Center',
  'signin.email': 'Email',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.failed': 'The email or password is not valid.',
  'subs.title': 'Subscriptions',
  'subs.status.pending_trial': 'Starting trial…',
  'subs.status.trial': 'Free trial',
  'subs.status.active': 'Active',
  'subs.status.expired': 'Expired',
  'subs.status.cancelled': 'Cancelled',
  'subs.status.lapsed': 'Lapsed',
  'subs.daysLeft': '{n} days left',
  'subs.dayLeft': '1 day left',
  'subs.trialEnds': 'Trial ends {date}',
  'subs.plan': 'Plan',
  'subs.seats': 'Seats',
  'subs.frequency': 'Billing frequency',
  'subs.frequency.monthly': 'Monthly',
  'subs.frequency.annual': 'Annual',
  'subs.nextBilling': 'Next billing date',
  'subs.price': 'Price',
  'subs.notSubscribed': 'Not subscribed',
  'subs.startTrial': 'Start free trial',
  'subs.startingTrial': 'Starting your trial…',
  'subs.trialStarted': 'Your free trial has started. We emailed you the details.',
  'subs.noCard': 'No card needed. No charge when the trial ends.',
  'notBilling.title': 'This may not be the page you wanted',
  'notBilling.body': 'Only the billing contact of your account can manage subscriptions.',
  'notBilling.personal': 'Go to your personal account page',
  'error.generic': 'Something went wrong. Please try again.',
  'error.internal': 'Something went wrong on our side. Please try again.',
  ...authEn,
  ...billingEn,
  ...changeEn,
  ...errorsEn,
  ...emailEn,
  ...documentEn,
  ...quoteEn,
  ...backofficeEn,
  ...requestsEn,
  ...renewalEn,
  ...hardeningEn,
  ...portalEn,
  ...invoicePaymentEn,
  ...orderDeliveryEn,
} as const;

export type MessageKey = keyof typeof en;

const it: Record<MessageKey, string> = {
  'app.name': 'Seatplan',
  'app.description': 'Centro fatturazione per sottoscrizioni a postazioni',
  'nav.billingCenter': 'Centro fatturazione',
  'nav.signIn': 'Accedi',
  'nav.signOut': 'Esci',
  'nav.language': 'Lingua',
  'nav.main': 'Principale',
  'nav.skipToContent': 'Vai al contenuto',
  'home.title': 'Fatturazione Seatplan',
  'home.lead': 'Gestisci sottoscrizioni, postazioni e fatture del tuo team.',
  'home.billingCenter': 'Vai al Centro fatturazione',
  'notFound.title': 'Pagina non trovata',
  'notFound.body': 'Questa pagina non esiste oppure non puoi aprirla.',
  'notFound.home': 'Vai alla pagina iniziale',
  'errorPage.title': 'Impossibile mostrare questa pagina',
  'errorPage.retry': 'Riprova',
  'home.ops': 'Operazioni: Temporal UI',
  'signin.title': 'Accedi al Centro fatturazione',
  'signin.email': 'Email',
  'signin.password': 'Password',
  'signin.submit': 'Accedi',
  'signin.failed': "L'indirizzo email o la password non sono validi.",
  'subs.title': 'Sottoscrizioni',
  'subs.status.pending_trial': 'Avvio della prova…',
  'subs.status.trial': 'Prova gratuita',
  'subs.status.active': 'Attiva',
  'subs.status.expired': 'Scaduta',
  'subs.status.cancelled': 'Annullata',
  'subs.status.lapsed': 'Decaduta',
  'subs.daysLeft': '{n} giorni rimanenti',
  'subs.dayLeft': '1 giorno rimanente',
  'subs.trialEnds': 'La prova termina il {date}',
  'subs.plan': 'Piano',
  'subs.seats': 'Postazioni',
  'subs.frequency': 'Frequenza di fatturazione',
  'subs.frequency.monthly': 'Mensile',
  'subs.frequency.annual': 'Annuale',
  'subs.nextBilling': 'Prossima data di fatturazione',
  'subs.price': 'Prezzo',
  'subs.notSubscribed': 'Nessuna sottoscrizione',
  'subs.startTrial': 'Inizia la prova gratuita',
  'subs.startingTrial': 'Avvio della prova in corso…',
  'subs.trialStarted': 'La prova gratuita è iniziata. Ti abbiamo inviato i dettagli via email.',
  'subs.noCard': 'Nessuna carta richiesta. Nessun addebito al termine della prova.',
  'notBilling.title': 'È possibile che questa non sia la pagina che desideravi',
  'notBilling.body': 'Solo il contatto di fatturazione del tuo account può gestire le sottoscrizioni.',
  'notBilling.personal': 'Vai alla pagina Account personale',
  'error.generic': 'Si è verificato un errore. Riprova.',
  'error.internal': 'Si è verificato un errore da parte nostra. Riprova.',
  ...authIt,
  ...billingIt,
  ...changeIt,
  ...errorsIt,
  ...emailIt,
  ...documentIt,
  ...quoteIt,
  ...backofficeIt,
  ...requestsIt,
  ...renewalIt,
  ...hardeningIt,
  ...portalIt,
  ...invoicePaymentIt,
  ...orderDeliveryIt,
};

export const isMessageKey = (v: unknown): v is MessageKey => typeof v === 'string' && Object.hasOwn(en, v);

/** Both languages' tables (for the message tests, and for handing raw messages to client components). */
export const dictionaries: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, it };

/** The message `key` in `locale`, formatted with `params` (ICU). */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return formatMessage(locale, dictionaries[locale][key], params);
}

/** The raw ICU messages of `keys`, for a client component that formats them itself (`formatMessage`). */
export function pickMessages<K extends MessageKey>(locale: Locale, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, dictionaries[locale][k]])) as Record<K, string>;
}
