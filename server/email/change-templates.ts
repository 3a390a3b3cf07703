/**
 * WF-2 / BC-4 confirmation email for a subscription change, in English and Italian (seed 002's words:
 * sottoscrizione, postazioni, periodo di fatturazione, Assistenza clienti).
 */
type Locale = 'en' | 'it';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SubscriptionChangedData {
  name: string;
  orderId: string;
  product: string;
  tier: string;
  seats: number;
  frequency: 'monthly' | 'annual';
  periodStart: string;
  nextBilling: string;
  planCost: string;
  unusedCredit: string;
  creditApplied: string | null;
  tax: string;
  total: string;
  /** Added to the account's credit balance (net-negative change), else null. */
  creditAdded: string | null;
  /** "Invoice SP-…" or "Credit note CN-…", else null. */
  document: string | null;
  orderUrl: string;
}

function subscriptionChanged(locale: Locale, d: SubscriptionChangedData) {
  const it = locale === 'it';
  const freq = it ? (d.frequency === 'annual' ? 'annuale' : 'mensile') : d.frequency;
  const lines = it
    ? [
        `Ciao ${d.name},`,
        `la modifica della sottoscrizione di ${d.product} è attiva da subito: ${d.tier}, ${d.seats} ${d.seats === 1 ? 'postazione' : 'postazioni'}, fatturazione ${freq}.`,
        `Periodo di fatturazione: dal ${d.periodStart} (prossima data di fatturazione: ${d.nextBilling}).`,
        `Costo del piano: ${d.planCost}`,
        `Credito per il tempo non utilizzato: −${d.unusedCredit}`,
        ...(d.creditApplied ? [`Saldo a credito utilizzato: −${d.creditApplied}`] : []),
        `IVA: ${d.tax}`,
        `Totale addebitato: ${d.total}`,
        ...(d.creditAdded ? [`Aggiunto al saldo a credito del tuo account: ${d.creditAdded}`] : []),
        ...(d.document ? [d.document] : []),
        'Se hai aggiunto postazioni, ricorda di assegnarle ai tuoi utenti.',
      ]
    : [
        `Hello ${d.name},`,
        `the change to your ${d.product} subscription is in effect now: ${d.tier}, ${d.seats} ${d.seats === 1 ? 'seat' : 'seats'}, billed ${freq}.`,
        `Billing period: from ${d.periodStart} (next billing date: ${d.nextBilling}).`,
        `Plan cost: ${d.planCost}`,
        `Credit for unused time: −${d.unusedCredit}`,
        ...(d.creditApplied ? [`Credit balance applied: −${d.creditApplied}`] : []),
        `Tax: ${d.tax}`,
        `Total charged: ${d.total}`,
        ...(d.creditAdded ? [`Added to your account's credit balance: ${d.creditAdded}`] : []),
        ...(d.document ? [d.document] : []),
        'If you added seats, remember to assign them to your users.',
      ];
  const label = it ? 'Dettagli ordine' : 'Order details';
  const text = [...lines, '', `${label}: ${d.orderUrl}`].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l)}</p>`).join('')}<p><a href="${escape(d.orderUrl)}">${escape(label)}</a></p></div>`;
  return { subject: it ? `Sottoscrizione modificata — ordine ${d.orderId}` : `Subscription changed — order ${d.orderId}`, text, html };
}

export const changeTemplates = { subscriptionChanged };
