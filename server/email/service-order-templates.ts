/**
 * WF-3 emails about a service order, in English and Italian (seed 000's words: ordine di servizio,
 * contatto di fatturazione, postazioni, ricevuta, Servizi per Account Corporate).
 */
type Locale = 'en' | 'it';

import { paragraphsWithLink as render } from './layout';

export interface ServiceOrderPaymentNeededData {
  name: string;
  number: string;
  total: string;
  reason: 'declined' | 'authentication';
  /** What the bank said, if anything. */
  message: string | null;
  dueDate: string;
  serviceOrderUrl: string;
}

/** To the billing contact: the card was declined, or the bank wants 3-D Secure — pay by the deadline. */
function serviceOrderPaymentNeeded(locale: Locale, d: ServiceOrderPaymentNeededData) {
  const it = locale === 'it';
  const lines = it
    ? [
        `Ciao ${d.name},`,
        d.reason === 'declined'
          ? `il pagamento di ${d.total} per l'ordine di servizio del preventivo ${d.number} non è andato a buon fine${d.message ? ` (${d.message})` : ''}. Aggiorna la carta nella scheda Metodo di pagamento e riprova entro il ${d.dueDate}.`
          : `la tua banca chiede di confermare il pagamento di ${d.total} per l'ordine di servizio del preventivo ${d.number}. Confermalo entro il ${d.dueDate}.`,
        'Fino ad allora le postazioni non vengono aggiunte; dopo quella data l’ordine viene annullato senza addebiti.',
      ]
    : [
        `Hello ${d.name},`,
        d.reason === 'declined'
          ? `the payment of ${d.total} for the service order of quote ${d.number} did not go through${d.message ? ` (${d.message})` : ''}. Update your card on the Payment method tab and pay by ${d.dueDate}.`
          : `your bank asks you to confirm the payment of ${d.total} for the service order of quote ${d.number}. Please confirm it by ${d.dueDate}.`,
        'Until then the seats are not added; after that date the order is cancelled without a charge.',
      ];
  return { subject: it ? `Pagamento richiesto per l'ordine di servizio (${d.number})` : `Payment needed for your service order (${d.number})`, ...render(lines, it ? 'Apri l’ordine di servizio' : 'Open the service order', d.serviceOrderUrl) };
}

export interface ServiceOrderDelayedData {
  name: string;
  number: string;
  accountName: string;
  placedAt: string;
  hours: number;
  /** The contact hears an apology; operations and the rep an alert with the workflow to look at. */
  audience: 'contact' | 'staff';
  workflowId: string;
  url: string;
}

/** The 24-hour promise is broken: the contact is told, operations and the rep are alerted. The order goes on. */
function serviceOrderDelayed(locale: Locale, d: ServiceOrderDelayedData) {
  const it = locale === 'it';
  if (d.audience === 'staff') {
    return {
      subject: `Service order for ${d.accountName} (${d.number}) is past its ${d.hours}-hour promise`,
      ...render([`Hello ${d.name},`, `the service order for quote ${d.number} of ${d.accountName}, placed ${d.placedAt}, is not provisioned after ${d.hours} hours. It is still running: workflow ${d.workflowId}.`], 'Open the workflow', d.url),
    };
  }
  const lines = it
    ? [`Ciao ${d.name},`, `l'elaborazione del tuo ordine di servizio per il preventivo ${d.number} sta richiedendo più delle ${d.hours} ore previste. Ce ne stiamo occupando: riceverai la ricevuta appena le postazioni saranno aggiunte. Non devi fare nulla.`]
    : [`Hello ${d.name},`, `your service order for quote ${d.number} is taking longer than the ${d.hours} hours we promised. We are on it: you will get the receipt as soon as the seats are added. Nothing is needed from you.`];
  return { subject: it ? `Il tuo ordine di servizio (${d.number}) richiede più tempo` : `Your service order (${d.number}) is taking longer`, ...render(lines, it ? 'Segui l’ordine di servizio' : 'Follow the service order', d.url) };
}

export interface ServiceOrderFailedData {
  name: string;
  number: string;
  accountName: string;
  reason: string;
  /** A payment was made and refunded. */
  refunded: string | null;
  audience: 'contact' | 'staff';
  url: string;
}

/** The service order ended without seats: unpaid by the deadline, or compensated (refunded, seats and admin rolled back). */
function serviceOrderFailed(locale: Locale, d: ServiceOrderFailedData) {
  const it = locale === 'it' && d.audience === 'contact';
  const lines = it
    ? [`Ciao ${d.name},`, `non è stato possibile completare l'ordine di servizio del preventivo ${d.number}. Motivo: ${d.reason}`, d.refunded ? `Ti abbiamo rimborsato ${d.refunded}; le postazioni e il contatto per amministratori non sono stati modificati.` : 'Non è stato effettuato alcun addebito.', 'Per assistenza contatta i Servizi per Account Corporate.']
    : [`Hello ${d.name},`, `the service order of quote ${d.number} for ${d.accountName} could not be completed. Reason: ${d.reason}`, d.refunded ? `The payment of ${d.refunded} was refunded; seats and the admin contact were rolled back.` : 'Nothing was charged.'];
  return { subject: it ? `Ordine di servizio non completato (${d.number})` : `Service order not completed (${d.number})`, ...render(lines, it ? 'Apri l’ordine di servizio' : 'Open the service order', d.url) };
}

export interface ServiceOrderReceiptData {
  name: string;
  number: string;
  accountName: string;
  /** One line per product: "Meeting Enterprise — 5 seats (to 1 Apr 2027): $1,200.00". */
  lines: string[];
  subtotal: string;
  tax: string;
  total: string;
  card: string | null;
  invoiceNumber: string;
  purchaseOrderNumber: string | null;
  admin: string | null;
  invoiceUrl: string;
}

/** Seed 000's result: "a confirmation email with a receipt" to the billing contact (and the invoice recipients). */
function serviceOrderReceipt(locale: Locale, d: ServiceOrderReceiptData) {
  const it = locale === 'it';
  const lines = it
    ? [`Ciao ${d.name},`, `il tuo ordine di servizio per il preventivo ${d.number} (${d.accountName}) è stato elaborato: le postazioni sono state aggiunte.`, ...d.lines.map((l) => `• ${l}`),
        `Imponibile: ${d.subtotal}`, `IVA: ${d.tax}`, `Totale pagato: ${d.total}${d.card ? ` con ${d.card}` : ''}`, `Fattura ${d.invoiceNumber}${d.purchaseOrderNumber ? ` — ordine di acquisto ${d.purchaseOrderNumber}` : ''}`,
        ...(d.admin ? [`Contatto per amministratori: ${d.admin}, con una postazione di ciascun prodotto.`] : []), 'Ricorda di assegnare le nuove postazioni ai tuoi utenti.']
    : [`Hello ${d.name},`, `your service order for quote ${d.number} (${d.accountName}) has been processed: the seats have been added.`, ...d.lines.map((l) => `• ${l}`),
        `Subtotal: ${d.subtotal}`, `Tax: ${d.tax}`, `Total paid: ${d.total}${d.card ? ` with ${d.card}` : ''}`, `Invoice ${d.invoiceNumber}${d.purchaseOrderNumber ? ` — purchase order ${d.purchaseOrderNumber}` : ''}`,
        ...(d.admin ? [`Admin contact: ${d.admin}, with a seat of each product.`] : []), 'Remember to assign the new seats to your users.'];
  return { subject: it ? `Ricevuta del tuo ordine di servizio (${d.number})` : `Receipt for your service order (${d.number})`, ...render(lines, it ? `Fattura ${d.invoiceNumber}` : `Invoice ${d.invoiceNumber}`, d.invoiceUrl) };
}

export const serviceOrderTemplates = { serviceOrderPaymentNeeded, serviceOrderDelayed, serviceOrderFailed, serviceOrderReceipt };
