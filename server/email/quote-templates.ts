/**
 * CP-4 / BO-1 / WF-6 emails about quotes, in English and Italian (seed 004's words: preventivo,
 * contatto di fatturazione, Portale di fatturazione Corporate, rappresentante).
 */
type Locale = 'en' | 'it';

import { paragraphsWithLink as render } from './layout';

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
  const it = locale === 'it';
  const from = d.repName ?? (it ? 'Il tuo rappresentante' : 'Your representative');
  const lines = it
    ? [
        `Ciao ${d.name},`,
        `${from} ti ha inviato ${d.resent ? 'di nuovo ' : ''}il preventivo ${d.number} per ${d.accountName}. Il PDF è allegato.`,
        ...d.lines.map((l) => `• ${l}`),
        `Totale: ${d.total}`,
        ...(d.purchaseOrderNumber ? [`Ordine di acquisto: ${d.purchaseOrderNumber}`] : []),
        ...(d.notes ? [`Note: ${d.notes}`] : []),
        `Il preventivo è valido fino al ${d.validUntil}. Puoi accettarlo o rifiutarlo nella sezione Preventivi del Portale di fatturazione Corporate.`,
      ]
    : [
        `Hello ${d.name},`,
        `${from} has sent you ${d.resent ? 'again ' : ''}quote ${d.number} for ${d.accountName}. The PDF is attached.`,
        ...d.lines.map((l) => `• ${l}`),
        `Total: ${d.total}`,
        ...(d.purchaseOrderNumber ? [`Purchase order: ${d.purchaseOrderNumber}`] : []),
        ...(d.notes ? [`Notes: ${d.notes}`] : []),
        `The quote is valid until ${d.validUntil}. You can accept or reject it under Quotes in the Corporate Billing Portal.`,
      ];
  return { subject: it ? `Preventivo ${d.number} per ${d.accountName}` : `Quote ${d.number} for ${d.accountName}`, ...render(lines, it ? 'Apri il preventivo' : 'Open the quote', d.quoteUrl) };
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
  const it = locale === 'it';
  const what = {
    accepted: it ? `è stato accettato dal contatto di fatturazione di ${d.accountName}` : `was accepted by the billing contact of ${d.accountName}`,
    rejected: it ? `è stato rifiutato dal contatto di fatturazione di ${d.accountName}` : `was rejected by the billing contact of ${d.accountName}`,
    superseded: it
      ? `è scaduto ed è stato sostituito dal preventivo ${d.supersededBy ?? ''} di un ordine di aggiunta postazioni di ${d.accountName}`
      : `expired and was superseded by quote ${d.supersededBy ?? ''} of an add-seats order by ${d.accountName}`,
    expired: it ? `è scaduto senza risposta da ${d.accountName}` : `expired without an answer from ${d.accountName}`,
    withdrawn: it ? 'è stato ritirato' : 'was withdrawn',
  }[d.outcome];
  const lines = [
    it ? `Ciao ${d.repName},` : `Hello ${d.repName},`,
    it ? `il preventivo ${d.number} (${d.total}) ${what}.` : `quote ${d.number} (${d.total}) ${what}.`,
    ...(d.outcome === 'rejected' ? [d.reason ? (it ? `Motivo: ${d.reason}` : `Reason: ${d.reason}`) : it ? 'Non è stato indicato alcun motivo.' : 'No reason was given.'] : []),
  ];
  const subject = {
    accepted: it ? `Preventivo ${d.number} accettato` : `Quote ${d.number} accepted`,
    rejected: it ? `Preventivo ${d.number} rifiutato` : `Quote ${d.number} rejected`,
    superseded: it ? `Preventivo ${d.number} sostituito` : `Quote ${d.number} superseded`,
    expired: it ? `Preventivo ${d.number} scaduto` : `Quote ${d.number} expired`,
    withdrawn: it ? `Preventivo ${d.number} ritirato` : `Quote ${d.number} withdrawn`,
  }[d.outcome];
  return { subject, ...render(lines, it ? 'Apri il preventivo' : 'Open the quote', d.quoteUrl) };
}

export const quoteTemplates = { quoteSent, quoteEnded };
