/**
 * Quotes, add seats and service orders (CP-4, CP-10, BO-1, WF-3, WF-6). The Italian uses seed 000's
 * and 004's own words: Preventivi, Accetta, Rifiuta, Sottoscrizioni, Aggiungi postazioni, Nuova Q.tà
 * per postazioni, Salva carrello e rivedi, Completa il pagamento, Contatto per amministratori, Metodo
 * di pagamento, Indirizzo di fatturazione, Salva e procedi all'ordine del servizio, Dettagli ordine di
 * servizio, Effettua ordine di servizio, Servizi per Account Corporate.
 */
export const quoteEn = {
  // ---- errors ----
  'errors.quote.notFound': 'This quote does not exist.',
  'errors.quote.notDraft': 'This quote has been sent already, so it can no longer be edited.',
  'errors.quote.notOpen': 'This quote is no longer open.',
  'errors.quote.expired': 'This quote has expired.',
  'errors.quote.expiryInPast': 'The expiry date must be in the future.',
  'errors.quote.discountAboveLimit': 'A discount can be at most {limit} %.',
  'errors.quote.invalidDiscount': 'A discount is a percentage between 0 and 100 with at most two decimals.',
  'errors.quote.empty': 'Add at least one product to the quote.',
  'errors.quote.duplicateProduct': 'Each product can appear only once in a quote.',
  'errors.quote.seats': 'Enter a whole number of seats, at least 1.',
  'errors.quote.unknownProduct': 'This product or plan does not exist.',
  'errors.quote.noCurrentTerm': 'The account has no current contract term to co-term the seats to. Use a new annual term.',
  'errors.quote.noPrice': 'This plan has no annual price in the account’s currency.',
  'errors.quote.noTaxRate': 'No tax rate is configured for the account’s billing country.',
  'errors.quote.accountVatNumber': 'The account’s VAT number is not valid; correct it before quoting.',
  'errors.quote.noBillingContact': 'The account has no billing contact to send the quote to.',
} as const;

export const quoteIt: Record<keyof typeof quoteEn, string> = {
  'errors.quote.notFound': 'Questo preventivo non esiste.',
  'errors.quote.notDraft': 'Questo preventivo è già stato inviato e non si può più modificare.',
  'errors.quote.notOpen': 'Questo preventivo non è più aperto.',
  'errors.quote.expired': 'Questo preventivo è scaduto.',
  'errors.quote.expiryInPast': 'La data di scadenza deve essere futura.',
  'errors.quote.discountAboveLimit': 'Lo sconto può essere al massimo del {limit} %.',
  'errors.quote.invalidDiscount': 'Lo sconto è una percentuale tra 0 e 100 con al massimo due decimali.',
  'errors.quote.empty': 'Aggiungi almeno un prodotto al preventivo.',
  'errors.quote.duplicateProduct': 'Ogni prodotto può comparire una sola volta in un preventivo.',
  'errors.quote.seats': 'Inserisci un numero intero di postazioni, almeno 1.',
  'errors.quote.unknownProduct': 'Questo prodotto o piano non esiste.',
  'errors.quote.noCurrentTerm': 'L’account non ha un periodo contrattuale in corso a cui allineare le postazioni. Usa un nuovo periodo annuale.',
  'errors.quote.noPrice': 'Questo piano non ha un prezzo annuale nella valuta dell’account.',
  'errors.quote.noTaxRate': 'Non è configurata un’aliquota per il paese di fatturazione dell’account.',
  'errors.quote.accountVatNumber': 'La partita IVA dell’account non è valida: correggila prima di fare un preventivo.',
  'errors.quote.noBillingContact': 'L’account non ha un contatto di fatturazione a cui inviare il preventivo.',
};
