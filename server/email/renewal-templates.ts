/**
 * BC-9 / WF-4 emails in English and Italian: renewals, dunning, lapse and reactivation, cancel at period
 * end and its undo, and the corporate renewal invoice with its reminders (seed 004's words: fattura,
 * Portale di fatturazione Corporate, contatto di fatturazione, ordine d'acquisto).
 */
type Locale = 'en' | 'it';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(subject: string, lines: string[], link?: { label: string; url: string }) {
  const text = [...lines, ...(link ? ['', `${link.label}: ${link.url}`] : [])].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escape(l)}</p>`).join('')}${
    link ? `<p><a href="${escape(link.url)}">${escape(link.label)}</a></p>` : ''
  }</div>`;
  return { subject, text, html };
}

export interface RenewalEmailData {
  name: string;
  product: string;
  tier: string;
  seats: number;
  /** The period billed, formatted. */
  periodStart: string;
  periodEnd: string;
  amount: string;
  invoiceNumber: string | null;
  /** A link: the invoice PDF (paid), the pay-now page (dunning), the Subscriptions page. */
  url: string;
}

export interface DunningEmailData extends RenewalEmailData {
  reason: string;
  /** The next automatic attempt, formatted; null after the last one. */
  nextAttempt: string | null;
  /** Lapsed: seat assignments kept until then. */
  seatsUntil?: string | null;
}

export interface CancellationEmailData {
  name: string;
  product: string;
  /** The period's end: when it ends, or when it renews after an undo. */
  on: string;
  url: string;
}

export interface CorporateRenewalEmailData {
  name: string;
  account: string;
  product: string;
  seats: number;
  periodStart: string;
  periodEnd: string;
  invoiceNumber: string;
  amount: string;
  dueOn: string;
  purchaseOrder: string | null;
  /** Days to (negative) or past (positive) the due date, for reminders. */
  offsetDays?: number;
  reason?: string | null;
  portalUrl: string;
  /** The portal user ID of the billing contact, printed as on every invoice email (004). */
  portalUserId: string | null;
}

const seats = (it: boolean, n: number) => (it ? `${n} ${n === 1 ? 'postazione' : 'postazioni'}` : `${n} ${n === 1 ? 'seat' : 'seats'}`);

export const renewalTemplates = {
  renewalRenewed(locale: Locale, d: RenewalEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} rinnovata — fattura ${d.invoiceNumber ?? ''}`.trim(), [`Ciao ${d.name},`, `la sottoscrizione di ${d.product} (${d.tier}, ${seats(true, d.seats)}) è stata rinnovata per il periodo dal ${d.periodStart} al ${d.periodEnd}.`, `Totale addebitato: ${d.amount}`, ...(d.invoiceNumber ? [`Fattura ${d.invoiceNumber}`] : [])], { label: 'Fattura (PDF)', url: d.url })
      : render(`${d.product} renewed — invoice ${d.invoiceNumber ?? ''}`.trim(), [`Hello ${d.name},`, `your ${d.product} subscription (${d.tier}, ${seats(false, d.seats)}) has renewed for ${d.periodStart} to ${d.periodEnd}.`, `Total charged: ${d.amount}`, ...(d.invoiceNumber ? [`Invoice ${d.invoiceNumber}`] : [])], { label: 'Invoice (PDF)', url: d.url });
  },
  renewalReactivated(locale: Locale, d: RenewalEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} è di nuovo attiva`, [`Ciao ${d.name},`, `grazie: il pagamento di ${d.amount} è andato a buon fine e ${d.product} è di nuovo attiva per il periodo dal ${d.periodStart} al ${d.periodEnd}.`, ...(d.invoiceNumber ? [`Fattura ${d.invoiceNumber} pagata.`] : [])], { label: 'Fattura (PDF)', url: d.url })
      : render(`${d.product} is active again`, [`Hello ${d.name},`, `thank you: the payment of ${d.amount} went through and ${d.product} is active again for ${d.periodStart} to ${d.periodEnd}.`, ...(d.invoiceNumber ? [`Invoice ${d.invoiceNumber} is paid.`] : [])], { label: 'Invoice (PDF)', url: d.url });
  },
  renewalPaymentFailed(locale: Locale, d: DunningEmailData) {
    const it = locale === 'it';
    return it
      ? render(`Rinnovo di ${d.product}: pagamento non riuscito`, [`Ciao ${d.name},`, `non siamo riusciti ad addebitare ${d.amount} per il rinnovo di ${d.product} (periodo dal ${d.periodStart} al ${d.periodEnd}): ${d.reason}`, d.nextAttempt ? `Riproveremo il ${d.nextAttempt}. Per non interrompere il servizio, aggiorna la carta e paga ora la fattura ${d.invoiceNumber ?? ''}.` : 'Aggiorna la carta e paga ora per non interrompere il servizio.'], { label: 'Aggiorna la carta e paga ora', url: d.url })
      : render(`${d.product} renewal: the payment failed`, [`Hello ${d.name},`, `we could not charge ${d.amount} for the renewal of ${d.product} (${d.periodStart} to ${d.periodEnd}): ${d.reason}`, d.nextAttempt ? `We will try again on ${d.nextAttempt}. To keep your service without interruption, update your card and pay invoice ${d.invoiceNumber ?? ''} now.` : 'Update your card and pay now to keep your service without interruption.'], { label: 'Update card and pay now', url: d.url });
  },
  renewalRetryFailed(locale: Locale, d: DunningEmailData) {
    const it = locale === 'it';
    return it
      ? render(`Rinnovo di ${d.product}: nuovo tentativo non riuscito`, [`Ciao ${d.name},`, `abbiamo riprovato ad addebitare ${d.amount} per ${d.product}, senza successo: ${d.reason}`, d.nextAttempt ? `Il prossimo tentativo è il ${d.nextAttempt}. Se anche quello non va a buon fine, l'accesso a ${d.product} terminerà.` : ''].filter(Boolean), { label: 'Aggiorna la carta e paga ora', url: d.url })
      : render(`${d.product} renewal: another attempt failed`, [`Hello ${d.name},`, `we tried again to charge ${d.amount} for ${d.product}, without success: ${d.reason}`, d.nextAttempt ? `The next attempt is on ${d.nextAttempt}. If it fails too, access to ${d.product} ends.` : ''].filter(Boolean), { label: 'Update card and pay now', url: d.url });
  },
  renewalLapsed(locale: Locale, d: DunningEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} è decaduta`, [`Ciao ${d.name},`, `l'ultimo tentativo di addebitare ${d.amount} per ${d.product} non è andato a buon fine, quindi l'accesso è terminato. La fattura ${d.invoiceNumber ?? ''} resta aperta.`, ...(d.seatsUntil ? [`Le assegnazioni delle postazioni restano fino al ${d.seatsUntil}.`] : []), `Per tornare: paga la fattura dal Centro fatturazione e ${d.product} si riattiva subito, con le stesse postazioni.`], { label: 'Paga la fattura', url: d.url })
      : render(`${d.product} has lapsed`, [`Hello ${d.name},`, `the last attempt to charge ${d.amount} for ${d.product} failed, so access has ended. Invoice ${d.invoiceNumber ?? ''} stays open.`, ...(d.seatsUntil ? [`Your seat assignments are kept until ${d.seatsUntil}.`] : []), `To come back: pay the invoice from the Billing Center and ${d.product} is active again at once, with the same seats.`], { label: 'Pay the invoice', url: d.url });
  },
  renewalCancelScheduled(locale: Locale, d: CancellationEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} terminerà il ${d.on}`, [`Ciao ${d.name},`, `come richiesto, la sottoscrizione di ${d.product} resta attiva fino al ${d.on} e poi termina senza ulteriori addebiti.`, 'Se cambi idea prima di quella data, scegli Mantieni la sottoscrizione nel menu Opzioni del Centro fatturazione.'], { label: 'Centro fatturazione', url: d.url })
      : render(`${d.product} will end on ${d.on}`, [`Hello ${d.name},`, `as requested, your ${d.product} subscription stays active until ${d.on} and then ends with no further charge.`, 'If you change your mind before then, choose Keep subscription in its Options menu in the Billing Center.'], { label: 'Billing Center', url: d.url });
  },
  renewalCancelUndone(locale: Locale, d: CancellationEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} continua`, [`Ciao ${d.name},`, `la disdetta di ${d.product} è stata annullata: la sottoscrizione continua e si rinnova il ${d.on} come di consueto.`], { label: 'Centro fatturazione', url: d.url })
      : render(`${d.product} continues`, [`Hello ${d.name},`, `the cancellation of ${d.product} is undone: your subscription continues and renews on ${d.on} as usual.`], { label: 'Billing Center', url: d.url });
  },
  renewalEnded(locale: Locale, d: CancellationEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} è terminata`, [`Ciao ${d.name},`, `la sottoscrizione di ${d.product} è terminata il ${d.on}, come richiesto. Non è stato addebitato nulla.`, 'Puoi abbonarti di nuovo in qualsiasi momento dal Centro fatturazione.'], { label: 'Centro fatturazione', url: d.url })
      : render(`${d.product} has ended`, [`Hello ${d.name},`, `your ${d.product} subscription ended on ${d.on}, as you asked. Nothing was charged.`, 'You can subscribe again at any time from the Billing Center.'], { label: 'Billing Center', url: d.url });
  },
  corporateRenewalInvoice(locale: Locale, d: CorporateRenewalEmailData) {
    const it = locale === 'it';
    const po = d.purchaseOrder ? (it ? `Ordine d'acquisto: ${d.purchaseOrder}` : `Purchase order: ${d.purchaseOrder}`) : null;
    const user = d.portalUserId ? (it ? `ID utente del Portale di fatturazione Corporate: ${d.portalUserId}` : `Corporate Billing Portal user ID: ${d.portalUserId}`) : null;
    return it
      ? render(`Fattura ${d.invoiceNumber} — rinnovo di ${d.product}`, [`Gentile ${d.name},`, `in allegato la fattura ${d.invoiceNumber} di ${d.account} per il rinnovo annuale di ${d.product} (${seats(true, d.seats)}), periodo dal ${d.periodStart} al ${d.periodEnd}.`, `Importo: ${d.amount} — scadenza: ${d.dueOn}`, ...(po ? [po] : []), ...(user ? [user] : []), 'Puoi pagarla online con carta di credito/debito nel Portale di fatturazione Corporate.'], { label: 'Portale di fatturazione Corporate', url: d.portalUrl })
      : render(`Invoice ${d.invoiceNumber} — ${d.product} renewal`, [`Dear ${d.name},`, `attached is invoice ${d.invoiceNumber} to ${d.account} for the annual renewal of ${d.product} (${seats(false, d.seats)}), ${d.periodStart} to ${d.periodEnd}.`, `Amount: ${d.amount} — due on ${d.dueOn}`, ...(po ? [po] : []), ...(user ? [user] : []), 'You can pay it online by credit or debit card in the Corporate Billing Portal.'], { label: 'Corporate Billing Portal', url: d.portalUrl });
  },
  corporateRenewalReminder(locale: Locale, d: CorporateRenewalEmailData) {
    const it = locale === 'it';
    const n = Math.abs(d.offsetDays ?? 0);
    const overdue = (d.offsetDays ?? 0) > 0;
    return it
      ? render(overdue ? `Promemoria: la fattura ${d.invoiceNumber} è scaduta da ${n} ${n === 1 ? 'giorno' : 'giorni'}` : `Promemoria: la fattura ${d.invoiceNumber} scade il ${d.dueOn}`, [`Gentile ${d.name},`, `la fattura ${d.invoiceNumber} di ${d.amount} per il rinnovo di ${d.product} ${overdue ? `era in scadenza il ${d.dueOn} e non risulta ancora pagata` : `scade il ${d.dueOn}`}.`, ...(d.purchaseOrder ? [`Ordine d'acquisto: ${d.purchaseOrder}`] : []), overdue ? 'Se la fattura resta non pagata, la sottoscrizione scadrà.' : 'Se l’hai già pagata, ignora questo messaggio.'], { label: 'Portale di fatturazione Corporate', url: d.portalUrl })
      : render(overdue ? `Reminder: invoice ${d.invoiceNumber} is ${n} ${n === 1 ? 'day' : 'days'} overdue` : `Reminder: invoice ${d.invoiceNumber} is due on ${d.dueOn}`, [`Dear ${d.name},`, `invoice ${d.invoiceNumber} of ${d.amount} for the renewal of ${d.product} ${overdue ? `was due on ${d.dueOn} and is not paid yet` : `is due on ${d.dueOn}`}.`, ...(d.purchaseOrder ? [`Purchase order: ${d.purchaseOrder}`] : []), overdue ? 'If it stays unpaid, the subscription will expire.' : 'If you have paid it already, please ignore this message.'], { label: 'Corporate Billing Portal', url: d.portalUrl });
  },
  corporateRenewalPaymentFailed(locale: Locale, d: CorporateRenewalEmailData) {
    const it = locale === 'it';
    return it
      ? render(`Fattura ${d.invoiceNumber}: addebito sulla carta non riuscito`, [`Gentile ${d.name},`, `non è stato possibile addebitare la fattura ${d.invoiceNumber} (${d.amount}) sulla carta registrata come metodo di pagamento automatico${d.reason ? `: ${d.reason}` : '.'}`, `La fattura resta aperta con scadenza ${d.dueOn}: puoi pagarla nel Portale di fatturazione Corporate o aggiornare il metodo di pagamento.`], { label: 'Portale di fatturazione Corporate', url: d.portalUrl })
      : render(`Invoice ${d.invoiceNumber}: the card charge failed`, [`Dear ${d.name},`, `we could not charge invoice ${d.invoiceNumber} (${d.amount}) to the card set as your automatic payment method${d.reason ? `: ${d.reason}` : '.'}`, `The invoice stays open, due on ${d.dueOn}: you can pay it in the Corporate Billing Portal or update the payment method there.`], { label: 'Corporate Billing Portal', url: d.portalUrl });
  },
  corporateRenewalReceipt(locale: Locale, d: CorporateRenewalEmailData) {
    const it = locale === 'it';
    return it
      ? render(`Ricevuta: fattura ${d.invoiceNumber} pagata`, [`Gentile ${d.name},`, `la fattura ${d.invoiceNumber} di ${d.amount} per il rinnovo di ${d.product} (dal ${d.periodStart} al ${d.periodEnd}) è stata addebitata sulla carta registrata ed è pagata. Grazie.`], { label: 'Portale di fatturazione Corporate', url: d.portalUrl })
      : render(`Receipt: invoice ${d.invoiceNumber} is paid`, [`Dear ${d.name},`, `invoice ${d.invoiceNumber} of ${d.amount} for the renewal of ${d.product} (${d.periodStart} to ${d.periodEnd}) was charged to your card on file and is paid. Thank you.`], { label: 'Corporate Billing Portal', url: d.portalUrl });
  },
  corporateRenewalExpired(locale: Locale, d: CorporateRenewalEmailData) {
    const it = locale === 'it';
    return it
      ? render(`${d.product} è scaduta`, [`Gentile ${d.name},`, `la fattura ${d.invoiceNumber} (${d.amount}) non è stata pagata entro i termini, quindi la sottoscrizione di ${d.product} è scaduta.`, 'Per riattivarla, contatta il tuo rappresentante oppure invia una richiesta di riattivazione ai Servizi per account Corporate dal Portale di fatturazione Corporate.'], { label: 'Portale di fatturazione Corporate', url: d.portalUrl })
      : render(`${d.product} has expired`, [`Dear ${d.name},`, `invoice ${d.invoiceNumber} (${d.amount}) was not paid in time, so the ${d.product} subscription has expired.`, 'To reactivate it, contact your sales representative or send a reactivation request to Corporate Account Services from the Corporate Billing Portal.'], { label: 'Corporate Billing Portal', url: d.portalUrl });
  },
};
