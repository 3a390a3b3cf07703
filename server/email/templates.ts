/**
 * Email templates in English and Italian. Each returns subject, text and a small HTML body; the
 * Italian wording follows the vendor's help articles (contatto di fatturazione, postazioni, prova).
 */
export type Locale = 'en' | 'it';
import { authTemplates } from './auth-templates';
import { changeTemplates } from './change-templates';

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
  invoiceNumber: string;
  lines: Array<{ product: string; tier: string; seats: number; frequency: 'monthly' | 'annual'; amount: string; nextBilling: string }>;
  creditApplied: string | null;
  tax: string;
  taxRate: string;
  reverseChargeNote: string | null;
  total: string;
  orderUrl: string;
  invoiceUrl: string;
}

function orderConfirmation(locale: Locale, d: OrderConfirmationData) {
  const it = locale === 'it';
  const freq = (f: 'monthly' | 'annual') => (it ? (f === 'annual' ? 'annuale' : 'mensile') : f === 'annual' ? 'annual' : 'monthly');
  const lines = d.lines.map((l) =>
    it
      ? `• ${l.product} ${l.tier} — ${l.seats} ${l.seats === 1 ? 'postazione' : 'postazioni'}, fatturazione ${freq(l.frequency)}: ${l.amount} (prossima data di fatturazione: ${l.nextBilling})`
      : `• ${l.product} ${l.tier} — ${l.seats} ${l.seats === 1 ? 'seat' : 'seats'}, billed ${freq(l.frequency)}: ${l.amount} (next billing date: ${l.nextBilling})`,
  );
  const totals = [
    ...(d.creditApplied ? [it ? `Credito utilizzato: −${d.creditApplied}` : `Credit balance applied: −${d.creditApplied}`] : []),
    it ? `IVA (${d.taxRate}): ${d.tax}` : `Tax (${d.taxRate}): ${d.tax}`,
    ...(d.reverseChargeNote ? [d.reverseChargeNote] : []),
    it ? `Totale addebitato: ${d.total}` : `Total charged: ${d.total}`,
    it ? `Fattura ${d.invoiceNumber}: ${d.invoiceUrl}` : `Invoice ${d.invoiceNumber}: ${d.invoiceUrl}`,
  ];
  return it
    ? { subject: `Conferma dell'ordine ${d.orderId}`, ...render([`Ciao ${d.name},`, 'grazie per il tuo acquisto. Puoi accedere subito alle funzionalità e alle postazioni che hai aggiunto.', ...lines, ...totals, 'Ricorda di assegnare le postazioni ai tuoi utenti.'], 'Dettagli ordine', d.orderUrl) }
    : { subject: `Order confirmation ${d.orderId}`, ...render([`Hello ${d.name},`, 'thank you for your purchase. The features and seats you added are available now.', ...lines, ...totals, 'Remember to assign the seats to your users.'], 'Order details', d.orderUrl) };
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
