/**
 * CP-13 / CP-14 / CP-15 emails: the conversation between a corporate billing contact and Corporate
 * Account Services (Servizi per account Corporate, seed 004), in English and Italian. Registered in
 * templates.ts. Staff messages are quoted as written; everything around them is in the reader's language.
 */
export type Locale = 'en' | 'it';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(lines: string[], linkLabel: string, url: string) {
  const text = [...lines, '', `${linkLabel}: ${url}`].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l).replace(/\n/g, '<br>')}</p>`).join('')}<p><a href="${escape(url)}">${escape(linkLabel)}</a></p></div>`;
  return { text, html };
}

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

const CAS = { en: 'Corporate Account Services', it: 'Servizi per account Corporate' } as const;

export const requestTemplates = {
  /** To the contact: the request is filed, with its case number. */
  requestAcknowledged(locale: Locale, d: RequestEmailData) {
    return locale === 'it'
      ? {
          subject: `Abbiamo ricevuto la tua richiesta ${d.caseNumber}`,
          ...render([`Ciao ${d.name},`, `abbiamo ricevuto la tua richiesta a ${CAS.it} (${d.category}). Il numero della pratica è ${d.caseNumber}: indicalo se ci contatti.`, `Dettagli:\n${d.message}`, 'Ti risponderemo per email e nel Portale di fatturazione Corporate.'], 'Apri la richiesta', d.url),
        }
      : {
          subject: `We received your request ${d.caseNumber}`,
          ...render([`Hello ${d.name},`, `we received your request to ${CAS.en} (${d.category}). Your case number is ${d.caseNumber}: please quote it if you contact us.`, `Details:\n${d.message}`, 'We will answer by email and in the Corporate Billing Portal.'], 'Open the request', d.url),
        };
  },
  /** To the contact: staff replied. */
  requestReply(locale: Locale, d: RequestEmailData) {
    return locale === 'it'
      ? { subject: `Risposta alla tua richiesta ${d.caseNumber}`, ...render([`Ciao ${d.name},`, `${d.author ?? CAS.it} (${CAS.it}) ha risposto alla tua richiesta ${d.caseNumber}:`, d.message, 'Puoi rispondere nel Portale di fatturazione Corporate.'], 'Apri la richiesta', d.url) }
      : { subject: `Reply to your request ${d.caseNumber}`, ...render([`Hello ${d.name},`, `${d.author ?? CAS.en} (${CAS.en}) replied to your request ${d.caseNumber}:`, d.message, 'You can answer in the Corporate Billing Portal.'], 'Open the request', d.url) };
  },
  /** To the contact: the request is resolved, with the note. */
  requestResolved(locale: Locale, d: RequestEmailData) {
    return locale === 'it'
      ? { subject: `La tua richiesta ${d.caseNumber} è stata risolta`, ...render([`Ciao ${d.name},`, `la tua richiesta ${d.caseNumber} è stata risolta da ${d.author ?? CAS.it}:`, d.message, 'Se serve altro, rispondi nel Portale di fatturazione Corporate e la richiesta verrà riaperta.'], 'Apri la richiesta', d.url) }
      : { subject: `Your request ${d.caseNumber} is resolved`, ...render([`Hello ${d.name},`, `your request ${d.caseNumber} was resolved by ${d.author ?? CAS.en}:`, d.message, 'If you need anything else, answer in the Corporate Billing Portal and the request is reopened.'], 'Open the request', d.url) };
  },
  /** To the staff member working the request (or the account's rep): news from the account. */
  requestStaffNotice(locale: Locale, d: RequestEmailData & { isNew: boolean }) {
    return locale === 'it'
      ? { subject: d.isNew ? `Nuova richiesta ${d.caseNumber} da ${d.accountName}` : `${d.accountName} ha risposto sulla richiesta ${d.caseNumber}`, ...render([`${d.accountName} — ${d.category}`, d.message], 'Apri nel back office', d.url) }
      : { subject: d.isNew ? `New request ${d.caseNumber} from ${d.accountName}` : `${d.accountName} replied on request ${d.caseNumber}`, ...render([`${d.accountName} — ${d.category}`, d.message], 'Open in the back office', d.url) };
  },
  /** CP-15: to the contact, the cancellation at term end is recorded. */
  cancellationRecorded(locale: Locale, d: CancellationEmailData) {
    const ref = d.caseNumber ? (locale === 'it' ? ` (richiesta ${d.caseNumber})` : ` (request ${d.caseNumber})`) : '';
    return locale === 'it'
      ? { subject: `Annullamento di ${d.product} alla fine del periodo`, ...render([`Ciao ${d.name},`, `abbiamo registrato l'annullamento della sottoscrizione ${d.product}${ref}. Resta attiva fino al ${d.endsOn} e non verrà rinnovata: non ci saranno altri addebiti.`, 'Se cambi idea prima di quella data, contatta il tuo rappresentante o i Servizi per account Corporate.'], 'Portale di fatturazione Corporate', d.url) }
      : { subject: `Cancellation of ${d.product} at the end of its term`, ...render([`Hello ${d.name},`, `we recorded the cancellation of your ${d.product} subscription${ref}. It stays active until ${d.endsOn} and will not renew: there will be no further charges.`, 'If you change your mind before then, contact your representative or Corporate Account Services.'], 'Corporate Billing Portal', d.url) };
  },
  /** CP-15: to the contact, the cancellation was withdrawn; the subscription renews as before. */
  cancellationWithdrawn(locale: Locale, d: CancellationEmailData) {
    return locale === 'it'
      ? { subject: `${d.product} verrà rinnovata`, ...render([`Ciao ${d.name},`, `l'annullamento della sottoscrizione ${d.product} è stato ritirato: si rinnoverà alla fine del periodo, il ${d.endsOn}.`], 'Portale di fatturazione Corporate', d.url) }
      : { subject: `${d.product} will renew`, ...render([`Hello ${d.name},`, `the cancellation of your ${d.product} subscription was withdrawn: it renews at the end of its term, on ${d.endsOn}.`], 'Corporate Billing Portal', d.url) };
  },
};
