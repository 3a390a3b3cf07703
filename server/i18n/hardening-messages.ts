/**
 * Messages of the hardening work (issue 14): VAT numbers confirmed with VIES, Stripe data that went
 * missing, requests refused for their size or shape, sessions. Merged into messages.ts.
 */
export const hardeningEn = {
  'vat.invalid': 'The VAT number is not valid. Check the country prefix and the digits.',
  'vat.notRegistered': "VIES, the EU's register of VAT numbers, says {number} is not registered. Check the number, or leave it empty to pay VAT.",
  'conflict.creditBalanceChanged': 'Your credit balance changed while this order was being placed (another order used it). Nothing was charged. Please check the new total and place the order again.',
  'conflict.concurrentRequest': 'Another change to the same data happened at the same moment. Nothing was saved. Please try again.',
  'request.invalid': 'This request is not valid.',
  'request.tooLarge': 'This request is too large.',
  'request.notFound': 'This page or document does not exist, or it is not yours to see.',
  'locale.invalid': 'Choose English or Italian.',
  'card.notFound': 'We could not find this card at our payment provider. Please enter your card details again.',
} as const;

export const hardeningIt: Record<keyof typeof hardeningEn, string> = {
  'vat.invalid': 'La partita IVA non è valida. Controlla il prefisso del paese e le cifre.',
  'vat.notRegistered': "Secondo il VIES, il registro europeo delle partite IVA, il numero {number} non è registrato. Controlla il numero, oppure lascialo vuoto per pagare l'IVA.",
  'conflict.creditBalanceChanged': "Il saldo a credito è cambiato mentre l'ordine veniva effettuato (lo ha usato un altro ordine). Non è stato addebitato nulla. Controlla il nuovo totale ed effettua di nuovo l'ordine.",
  'conflict.concurrentRequest': 'Nello stesso momento è avvenuta un’altra modifica agli stessi dati. Non è stato salvato nulla. Riprova.',
  'request.invalid': 'Questa richiesta non è valida.',
  'request.tooLarge': 'Questa richiesta è troppo grande.',
  'request.notFound': 'Questa pagina o questo documento non esiste, oppure non puoi vederlo.',
  'locale.invalid': 'Scegli inglese o italiano.',
  'card.notFound': 'Non troviamo questa carta presso il nostro fornitore di pagamenti. Inserisci di nuovo i dati della carta.',
};
