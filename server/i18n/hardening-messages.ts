/**
 * Errors of the hardening work (issue 14): VAT numbers confirmed with VIES, orders racing for the
 * same credit, requests refused for their size or shape. Merged into messages.ts.
 */
export const hardeningEn = {
  'errors.vat.notRegistered': "VIES, the EU's register of VAT numbers, says {number} is not registered. Check the number, or leave it empty to pay VAT.",
  'errors.order.creditBalanceChanged': 'Your credit balance changed while this order was being placed (another order used it). Nothing was charged. Please check the new total and place the order again.',
  'errors.request.concurrent': 'Another change to the same data happened at the same moment. Nothing was saved. Please try again.',
  'errors.request.tooLarge': 'This request is too large.',
  'errors.request.notFound': 'This page or document does not exist, or it is not yours to see.',
  'errors.locale.invalid': 'Choose English or Italian.',
  // §8 invoices and credit notes: how far the buyer's VAT number was checked.
  'doc.vatNumberCheck.format': 'VAT number format and check digits verified',
  'doc.vatNumberCheck.vies': 'VAT number confirmed with VIES on {date}',
} as const;

export const hardeningIt: Record<keyof typeof hardeningEn, string> = {
  'errors.vat.notRegistered': "Secondo il VIES, il registro europeo delle partite IVA, il numero {number} non è registrato. Controlla il numero, oppure lascialo vuoto per pagare l'IVA.",
  'errors.order.creditBalanceChanged': "Il saldo a credito è cambiato mentre l'ordine veniva effettuato (lo ha usato un altro ordine). Non è stato addebitato nulla. Controlla il nuovo totale ed effettua di nuovo l'ordine.",
  'errors.request.concurrent': 'Nello stesso momento è avvenuta un’altra modifica agli stessi dati. Non è stato salvato nulla. Riprova.',
  'errors.request.tooLarge': 'Questa richiesta è troppo grande.',
  'errors.request.notFound': 'Questa pagina o questo documento non esiste, oppure non puoi vederlo.',
  'errors.locale.invalid': 'Scegli inglese o italiano.',
  'doc.vatNumberCheck.format': 'Partita IVA verificata nel formato e nelle cifre di controllo',
  'doc.vatNumberCheck.vies': 'Partita IVA confermata dal VIES il {date}',
};
