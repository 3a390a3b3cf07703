/**
 * Email templates in English and Italian. Each returns subject, text and a small HTML body; the
 * Italian wording follows the vendor's help articles (contatto di fatturazione, postazioni, prova).
 */
export type Locale = 'en' | 'it';
import { authTemplates } from './auth-templates';
import { changeTemplates } from './change-templates';
import { quoteTemplates } from './quote-templates';
import { serviceOrderTemplates } from './service-order-templates';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(lines: string[], linkLabel?: string, url?: string) {
  const text = [...lines, ...(url ? ['', `${linkLabel}: ${url}`] : [])].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l)}</p>`).join('')}${
    url ? `<p><a href="${escape(url)}">${escape(linkLabel ?? url)}</a></p>` : ''
  }</div>`;
  return { text, html };
}

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
  const it = locale === 'it';
  const freq = (f: 'monthly' | 'annual') => (it ? (f === 'annual' ? 'annuale' : 'mensile') : f === 'annual' ? 'annual' : 'monthly');
  const seats = (n: number) => (it ? `${n} ${n === 1 ? 'postazione' : 'postazioni'}` : `${n} ${n === 1 ? 'seat' : 'seats'}`);
  const hasChanges = d.lines.some((l) => l.kind === 'change');
  const hasConversions = d.lines.some((l) => l.kind !== 'change');
  const lines = d.lines.map((l) =>
    l.kind === 'change'
      ? it
        ? `• Modifica di ${l.product}: ${l.tier} — ${seats(l.seats)}, fatturazione ${freq(l.frequency)}: costo del piano ${l.amount}, credito per il tempo non utilizzato −${l.unusedCredit ?? ''} (nuovo periodo di fatturazione; prossima data di fatturazione: ${l.nextBilling})`
        : `• Change of ${l.product}: ${l.tier} — ${seats(l.seats)}, billed ${freq(l.frequency)}: plan cost ${l.amount}, credit for unused time −${l.unusedCredit ?? ''} (new billing period; next billing date: ${l.nextBilling})`
      : it
        ? `• ${l.product} ${l.tier} — ${seats(l.seats)}, fatturazione ${freq(l.frequency)}: ${l.amount} (prossima data di fatturazione: ${l.nextBilling})`
        : `• ${l.product} ${l.tier} — ${seats(l.seats)}, billed ${freq(l.frequency)}: ${l.amount} (next billing date: ${l.nextBilling})`,
  );
  const totals = [
    ...(d.creditApplied ? [it ? `Credito utilizzato: −${d.creditApplied}` : `Credit balance applied: −${d.creditApplied}`] : []),
    it ? `IVA (${d.taxRate}): ${d.tax}` : `Tax (${d.taxRate}): ${d.tax}`,
    ...(d.reverseChargeNote ? [d.reverseChargeNote] : []),
    it ? `Totale addebitato: ${d.total}` : `Total charged: ${d.total}`,
    ...(d.creditAdded ? [it ? `Aggiunto al saldo a credito del tuo account: ${d.creditAdded}` : `Added to your account's credit balance: ${d.creditAdded}`] : []),
    ...(d.invoiceNumber ? [it ? `Fattura ${d.invoiceNumber}${d.invoiceUrl ? `: ${d.invoiceUrl}` : ''}` : `Invoice ${d.invoiceNumber}${d.invoiceUrl ? `: ${d.invoiceUrl}` : ''}`] : []),
    ...(d.creditNoteNumber ? [it ? `Nota di credito ${d.creditNoteNumber}` : `Credit note ${d.creditNoteNumber}`] : []),
  ];
  const intro = !hasChanges
    ? it ? 'grazie per il tuo acquisto. Puoi accedere subito alle funzionalità e alle postazioni che hai aggiunto.' : 'thank you for your purchase. The features and seats you added are available now.'
    : hasConversions
      ? it ? 'grazie per il tuo ordine. Le nuove sottoscrizioni e le modifiche sono attive da subito; ogni sottoscrizione modificata inizia un nuovo periodo di fatturazione oggi.' : 'thank you for your order. Your new subscriptions and the changes are in effect now; each changed subscription starts a new billing period today.'
      : it ? 'grazie per il tuo ordine. Le modifiche delle sottoscrizioni sono attive da subito; ogni sottoscrizione modificata inizia un nuovo periodo di fatturazione oggi.' : 'thank you for your order. The changes to your subscriptions are in effect now; each changed subscription starts a new billing period today.';
  return it
    ? { subject: `Conferma dell'ordine ${d.orderId}`, ...render([`Ciao ${d.name},`, intro, ...lines, ...totals, hasChanges ? 'Se hai aggiunto postazioni, ricorda di assegnarle ai tuoi utenti.' : 'Ricorda di assegnare le postazioni ai tuoi utenti.'], 'Dettagli ordine', d.orderUrl) }
    : { subject: `Order confirmation ${d.orderId}`, ...render([`Hello ${d.name},`, intro, ...lines, ...totals, hasChanges ? 'If you added seats, remember to assign them to your users.' : 'Remember to assign the seats to your users.'], 'Order details', d.orderUrl) };
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
  orderUrl: string;
}

/** WF-1 / WF-2: the payment went through but the order could not be applied afterwards, so it was refunded. */
function orderRefunded(locale: Locale, d: OrderRefundedData) {
  const it = locale === 'it';
  const lines = it
    ? [`Ciao ${d.name},`, `non è stato possibile completare l'ordine ${d.orderId} dopo il pagamento, quindi ti abbiamo rimborsato l'intero importo di ${d.amount}${d.card ? ` sulla carta ${d.card}` : ''}. Il rimborso può richiedere alcuni giorni per comparire sul tuo estratto conto.`, `Motivo: ${d.reason}`, 'Non è stato modificato nulla.']
    : [`Hello ${d.name},`, `order ${d.orderId} could not be completed after payment, so we refunded the full ${d.amount}${d.card ? ` to your card ${d.card}` : ''}. The refund can take a few days to appear on your statement.`, `Reason: ${d.reason}`, 'Nothing was changed.'];
  return { subject: it ? `Rimborso dell'ordine ${d.orderId}` : `Refund for order ${d.orderId}`, ...render(lines, it ? 'Dettagli ordine' : 'Order details', d.orderUrl) };
}

export const templates = {
  ...authTemplates,
  ...changeTemplates,
  ...quoteTemplates,
  ...serviceOrderTemplates,
  orderConfirmation,
  orderRefunded,
  trialStarted(locale: Locale, d: TrialEmailData) {
    return locale === 'it'
      ? { subject: `La tua prova gratuita di ${d.product} è attiva`, ...render([`Ciao ${d.name},`, `la prova gratuita di ${d.product} (${d.tier}) è attiva fino al ${d.trialEndsOn}. Non è richiesta alcuna carta: al termine della prova non ci sarà alcun addebito.`, 'Puoi abbonarti in qualsiasi momento dal Centro fatturazione.'], 'Centro fatturazione', d.subscriptionsUrl) }
      : { subject: `Your free trial of ${d.product} is active`, ...render([`Hello ${d.name},`, `your free trial of ${d.product} (${d.tier}) is active until ${d.trialEndsOn}. No card is needed: when the trial ends you will not be charged.`, 'You can subscribe at any time from the Billing Center.'], 'Billing Center', d.subscriptionsUrl) };
  },
  trialReminder(locale: Locale, d: TrialEmailData) {
    const n = d.daysLeft ?? 0;
    return locale === 'it'
      ? { subject: `La prova di ${d.product} termina tra ${n} ${n === 1 ? 'giorno' : 'giorni'}`, ...render([`Ciao ${d.name},`, `la prova gratuita di ${d.product} termina il ${d.trialEndsOn}. Per continuare a usare ${d.product}, fai clic su Abbonati adesso nel Centro fatturazione.`], 'Abbonati adesso', d.subscriptionsUrl) }
      : { subject: `Your ${d.product} trial ends in ${n} ${n === 1 ? 'day' : 'days'}`, ...render([`Hello ${d.name},`, `your free trial of ${d.product} ends on ${d.trialEndsOn}. To keep using ${d.product}, click Subscribe now in the Billing Center.`], 'Subscribe now', d.subscriptionsUrl) };
  },
  trialExpired(locale: Locale, d: TrialEmailData) {
    return locale === 'it'
      ? { subject: `La prova di ${d.product} è scaduta`, ...render([`Ciao ${d.name},`, `la prova gratuita di ${d.product} è terminata il ${d.trialEndsOn}. Non è stato effettuato alcun addebito.`, 'Puoi ancora abbonarti dal Centro fatturazione.'], 'Centro fatturazione', d.subscriptionsUrl) }
      : { subject: `Your ${d.product} trial has ended`, ...render([`Hello ${d.name},`, `your free trial of ${d.product} ended on ${d.trialEndsOn}. You have not been charged.`, 'You can still subscribe from the Billing Center.'], 'Billing Center', d.subscriptionsUrl) };
  },
};

export type TemplateName = keyof typeof templates;
