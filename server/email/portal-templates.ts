/**
 * Corporate Billing Portal emails (seed 004), in English and Italian: a changed billing contact email
 * (to the old and the new address), an issued invoice (its PDF attached, to the contact and each
 * invoice recipient), and a purchase order about to expire.
 */
type Locale = 'en' | 'it';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(lines: string[], linkLabel: string, url: string) {
  const text = [...lines, '', `${linkLabel}: ${url}`].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l)}</p>`).join('')}<p><a href="${escape(url)}">${escape(linkLabel)}</a></p></div>`;
  return { text, html };
}

export interface BillToEmailChangedData {
  name: string;
  account: string;
  oldEmail: string;
  newEmail: string;
  /** Which side of the change this copy goes to. */
  to: 'old' | 'new';
  portalUserId: string;
  portalUrl: string;
}

function billToEmailChanged(locale: Locale, d: BillToEmailChangedData) {
  const it = locale === 'it';
  const lines = it
    ? [
        `Ciao ${d.name},`,
        `l'email del contatto di fatturazione di ${d.account} è stata modificata da ${d.oldEmail} a ${d.newEmail} nel Portale di fatturazione Corporate.`,
        d.to === 'old'
          ? 'Da ora in poi fatture e avvisi vanno al nuovo indirizzo. Se non hai richiesto tu questa modifica, contatta subito Corporate Account Services (Servizi per account Corporate).'
          : 'Da ora in poi fatture e avvisi arrivano a questo indirizzo.',
        `Il tuo ID utente del Portale non cambia: ${d.portalUserId}.`,
      ]
    : [
        `Hello ${d.name},`,
        `the billing contact email of ${d.account} was changed from ${d.oldEmail} to ${d.newEmail} in the Corporate Billing Portal.`,
        d.to === 'old'
          ? 'Invoices and notices go to the new address from now on. If you did not make this change, contact Corporate Account Services right away.'
          : 'Invoices and notices come to this address from now on.',
        `Your portal user ID does not change: ${d.portalUserId}.`,
      ];
  return { subject: it ? `Email del contatto di fatturazione modificata — ${d.account}` : `Billing contact email changed — ${d.account}`, ...render(lines, it ? 'Portale di fatturazione Corporate' : 'Corporate Billing Portal', d.portalUrl) };
}

export interface InvoiceIssuedData {
  account: string;
  number: string;
  issuedOn: string;
  dueOn: string | null;
  total: string;
  balance: string;
  purchaseOrder: string | null;
  contactName: string;
  portalUserId: string | null;
  invoiceUrl: string;
}

function invoiceIssued(locale: Locale, d: InvoiceIssuedData) {
  const it = locale === 'it';
  const lines = it
    ? [
        `Fattura ${d.number} per ${d.account}, emessa il ${d.issuedOn}: totale ${d.total}, saldo da pagare ${d.balance}${d.dueOn ? `, scadenza ${d.dueOn}` : ''}.`,
        ...(d.purchaseOrder ? [`Ordine d'acquisto: ${d.purchaseOrder}.`] : []),
        'Il PDF della fattura è allegato.',
        d.portalUserId
          ? `Contatto di fatturazione: ${d.contactName} (ID utente ${d.portalUserId}). Con questo ID utente accedi al Portale di fatturazione Corporate per visualizzare, stampare e pagare le fatture.`
          : `Contatto di fatturazione: ${d.contactName}.`,
      ]
    : [
        `Invoice ${d.number} for ${d.account}, issued on ${d.issuedOn}: total ${d.total}, balance due ${d.balance}${d.dueOn ? `, due on ${d.dueOn}` : ''}.`,
        ...(d.purchaseOrder ? [`Purchase order: ${d.purchaseOrder}.`] : []),
        'The invoice PDF is attached.',
        d.portalUserId
          ? `Billing contact: ${d.contactName} (user ID ${d.portalUserId}). Sign in to the Corporate Billing Portal with this user ID to view, print and pay your invoices.`
          : `Billing contact: ${d.contactName}.`,
      ];
  return { subject: it ? `Fattura ${d.number} — ${d.account}` : `Invoice ${d.number} — ${d.account}`, ...render(lines, it ? 'Visualizza la fattura' : 'View the invoice', d.invoiceUrl) };
}

export interface PurchaseOrderExpiringData {
  name: string;
  account: string;
  number: string;
  expiresOn: string;
  days: number;
  purchaseOrdersUrl: string;
}

function purchaseOrderExpiring(locale: Locale, d: PurchaseOrderExpiringData) {
  const it = locale === 'it';
  const when = it ? (d.days <= 0 ? 'oggi' : d.days === 1 ? 'domani' : `tra ${d.days} giorni`) : d.days <= 0 ? 'today' : d.days === 1 ? 'tomorrow' : `in ${d.days} days`;
  const lines = it
    ? [`Ciao ${d.name},`, `l'ordine d'acquisto ${d.number} di ${d.account} scade ${when}, il ${d.expiresOn}.`, "Le fatture emesse dopo la scadenza non riporteranno un ordine d'acquisto: aggiungi il nuovo numero nel Portale di fatturazione Corporate, in Ordini d'acquisto."]
    : [`Hello ${d.name},`, `purchase order ${d.number} of ${d.account} expires ${when}, on ${d.expiresOn}.`, 'Invoices issued after it expires will carry no purchase order number: add the new one in the Corporate Billing Portal, under Purchase orders.'];
  return { subject: it ? `L'ordine d'acquisto ${d.number} sta per scadere` : `Purchase order ${d.number} is about to expire`, ...render(lines, it ? "Ordini d'acquisto" : 'Purchase orders', d.purchaseOrdersUrl) };
}

export interface InvoicePaymentReceiptData {
  name: string;
  account: string;
  invoiceNumber: string;
  amount: string;
  balance: string;
  /** "Visa •••• 4242", or null. */
  card: string | null;
  paidInFull: boolean;
  invoiceUrl: string;
}

/** CP-6 / WF-5: the receipt of a payment of (part of) an invoice, its PDF attached. */
function invoicePaymentReceipt(locale: Locale, d: InvoicePaymentReceiptData) {
  const it = locale === 'it';
  const lines = it
    ? [
        `Ciao ${d.name},`,
        `abbiamo ricevuto il tuo pagamento di ${d.amount}${d.card ? ` con la carta ${d.card}` : ''} per la fattura ${d.invoiceNumber} di ${d.account}.`,
        d.paidInFull ? 'La fattura è ora pagata per intero.' : `Saldo ancora da pagare: ${d.balance}.`,
        'La ricevuta in PDF è allegata.',
      ]
    : [
        `Hello ${d.name},`,
        `we received your payment of ${d.amount}${d.card ? ` by card ${d.card}` : ''} for invoice ${d.invoiceNumber} of ${d.account}.`,
        d.paidInFull ? 'The invoice is now paid in full.' : `Balance still due: ${d.balance}.`,
        'The receipt is attached as a PDF.',
      ];
  return { subject: it ? `Ricevuta di pagamento — fattura ${d.invoiceNumber}` : `Payment receipt — invoice ${d.invoiceNumber}`, ...render(lines, it ? 'Visualizza la fattura' : 'View the invoice', d.invoiceUrl) };
}

export const portalTemplates = { billToEmailChanged, invoiceIssued, purchaseOrderExpiring, invoicePaymentReceipt };
