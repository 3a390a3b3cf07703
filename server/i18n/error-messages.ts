/**
 * Every error a user reads, by stable key (thrown with `userError(kind, key, params)`, translated into
 * the caller's language by the tRPC layer; order failures are stored by key and rendered per reader).
 * The Italian follows the seeds' words: sottoscrizione, postazioni, prova gratuita, carrello, partita
 * IVA, periodo di fatturazione, livello del piano, contatto di fatturazione, Assistenza clienti,
 * Portale di fatturazione Corporate, Centro di amministrazione.
 */

// Why a card was refused, by Stripe's decline code (Stripe's own text is English only).
const declineEn =
  "{code, select, insufficient_funds {Your card has insufficient funds.} expired_card {Your card has expired.} incorrect_cvc {Your card's security code is incorrect.} processing_error {An error occurred while processing your card. Try again in a little bit.} authentication_required {Your bank asks you to confirm this payment.} other {Your card was declined.}}";
const declineIt =
  '{code, select, insufficient_funds {La carta non ha fondi sufficienti.} expired_card {La carta è scaduta.} incorrect_cvc {Il codice di sicurezza della carta non è corretto.} processing_error {Si è verificato un errore durante l’elaborazione della carta. Riprova tra poco.} authentication_required {La tua banca chiede di confermare questo pagamento.} other {La carta è stata rifiutata.}}';
export const refundedEn = '{refunded, select, yes { Your payment has been refunded.} other {}}';
export const refundedIt = '{refunded, select, yes { Il pagamento è stato rimborsato.} other {}}';

export const errorsEn = {
  // Procedure tiers (server/trpc/init.ts)
  'errors.auth.signIn': 'Please sign in.',
  'errors.auth.sessionEnded': 'Your session has ended. Please sign in again.',
  'errors.auth.portalSignIn': 'Please sign in to the Corporate Billing Portal.',
  'errors.auth.staffSignIn': 'Please sign in to the back office.',
  'errors.auth.adminCenterOnly': 'Only account admins can use the Admin Center.',
  'errors.auth.billingContactOnly': 'Only the billing contact of your account can do this.',
  'errors.auth.corporateAccount': 'Your account is managed in the Corporate Billing Portal.',
  'errors.auth.corporateTrial': 'Corporate accounts are managed in the Corporate Billing Portal.',
  'errors.auth.opsOnly': 'Only operations staff can do this.',
  'errors.auth.forbidden': 'You are not allowed to do that.',
  'errors.account.billingContactHidden': 'Only the billing contact and account admins can see who the billing contact is.',
  'errors.admin.isBillingAdmin': 'You are the billing admin of this account.',
  'errors.admin.noBillingAdmin': 'Your account has no billing admin yet.',

  // Input checks (zod schemas of the procedures and forms)
  'errors.input.invalid': 'Some of the information is not valid. Check it and try again.',
  'errors.input.unrecognizedKeys': 'Unrecognized key(s) in the request: {keys}.',
  'errors.input.reload': 'Reload the page and try again.',
  'errors.input.unknownSubscription': 'Unknown subscription.',
  'errors.input.unknownOrder': 'Unknown order.',
  'errors.input.unknownCart': 'Unknown cart.',
  'errors.input.unknownPlan': 'Unknown plan.',
  'errors.input.unknownProduct': 'Unknown product.',
  'errors.input.unknownInvoice': 'Unknown invoice.',
  'errors.input.unknownCreditNote': 'Unknown credit note.',
  'errors.input.unknownHistoryPage': 'This page of the billing history does not exist.',
  'errors.input.unknownUser': 'Unknown user.',
  'errors.input.emailTooLong': 'The email address is too long.',
  'errors.input.passwordTooLong': 'The password is too long.',

  // Things that do not exist (or not for this caller)
  'errors.subscription.notFound': 'Subscription not found.',
  'errors.user.notFound': 'User not found.',
  'errors.account.notFound': 'Account not found.',
  'errors.product.notFound': 'This product does not exist.',
  'errors.product.noPlans': 'This product has no plans.',
  'errors.order.notFound': 'Order not found.',
  'errors.invoice.notFound': 'Invoice not found.',
  'errors.creditNote.notFound': 'Credit note not found.',

  // Seats (BC-6) and seat counts
  'errors.seats.range': 'Choose between 1 and {max} seats.',
  'errors.seats.atLeastOne': 'Choose at least one seat.',
  'errors.seats.atMost': 'Choose at most {max} seats.',
  'errors.seats.wholeNumber': 'Seats must be a whole number.',
  'errors.seats.notActive': '{product} is not active, so its seats cannot be assigned.',
  'errors.seats.noFreeSeat': '{seats, plural, one {The only seat of {product} is} other {All # seats of {product} are}} assigned. Unassign a seat or buy more seats first.',

  // Trials and conversions (BC-2, BC-3)
  'errors.trial.alreadyHas': 'Your account already has {product}.',
  'errors.conversion.alreadySubscribed': '{product} is already subscribed.',
  'errors.conversion.trialEnded': 'The free trial of {product} has ended, so it can no longer be converted.',

  // Cart and checkout (BC-3, BC-5)
  'errors.cart.notFound': 'Your cart was not found.',
  'errors.cart.empty': 'Your cart is empty.',
  'errors.cart.itemNotFound': 'This product is not in your cart.',
  'errors.cart.busy': 'Your cart is being changed in another window. Please try again.',
  'errors.cart.checkedOut': 'This cart was already checked out.',
  'errors.cart.changeInProgress': 'A change to a subscription in your cart is already in progress. Remove it from the cart or wait until that change is finished. Nothing was charged.',
  'errors.checkout.trialEnded': 'The free trial of {product} has ended, so it can no longer be converted. Nothing was charged.',
  'errors.checkout.alreadyConverted': '{product} is already subscribed: another order converted it meanwhile. Remove it from the cart.',
  'errors.checkout.priceNotFound': '{product} is not available in your currency with this billing frequency.',
  'errors.checkout.planNotAvailable': 'This plan is not available in your currency with this billing frequency.',
  'errors.checkout.amountsChanged': 'The amounts changed since you reviewed your order. Please check the new total and place the order again.',
  'errors.request.reused': 'This request was already used. Please reload the page.',
  'errors.tax.countryNotSold': 'We cannot sell to your billing country online yet. Please contact Customer Care.',
  'errors.vat.invalid': 'The VAT number is not valid. Check the country prefix and the digits.',
  'errors.vat.countryMismatch': 'The VAT number is from {vatCountry}, but your billing country is {billingCountry}.',
  'errors.vat.tooLong': 'A VAT number has at most 20 characters.',
  'errors.vat.characters': 'A VAT number has only letters and digits.',

  // Cards and payments
  'errors.card.required': 'Enter your card details.',
  'errors.card.notFound': 'We could not find this card. Please enter it again.',
  'errors.card.otherCustomer': 'This card belongs to another customer.',
  'errors.card.declined': declineEn,
  'errors.card.refused': `${declineEn} Nothing was charged; please try another card.`,

  // Subscription changes (BC-4, seed 002)
  'errors.change.inProgress': 'A change to this subscription is already in progress. Please wait until it is finished.',
  'errors.change.notActive': '{status, select, trial {Only an active subscription can be modified. Subscribe first to choose a plan.} other {Only an active subscription can be modified.}}',
  'errors.change.unknownTier': 'Choose one of the plans of {product}.',
  'errors.change.noChange': 'Change the plan tier, the number of seats or the billing frequency.',
  'errors.change.seatsBelowAssigned': '{assigned} seats of {product} are assigned to users. Unassign {unassign, plural, one {# seat} other {# seats}} first, then reduce to {seats}.',
  'errors.change.periodEnded': 'The current billing period has just ended. Please reload the page.',
  'errors.change.amountsChanged': 'The amounts changed since you reviewed your order. Please check the new figures and confirm again.',
  'errors.change.summaryExpired': 'This order summary has expired. Please check the figures and confirm again.',
  'errors.change.subscriptionUnchanged': 'Your subscription has not been changed.',

  // Refusals by a workflow's update validator (codes in workflows/shared.ts)
  'errors.workflow.malformed': 'The order is malformed.',
  'errors.workflow.notThisTrial': 'This order does not convert this trial.',
  'errors.workflow.alreadyConverted': 'This trial has already been converted to a subscription.',
  'errors.workflow.trialEnded': 'The free trial has ended, so it can no longer be converted. Nothing was charged.',
  'errors.workflow.orderInProgress': 'Another order for this trial is already being processed.',
  'errors.workflow.otherChange': 'This order belongs to another change.',
  'errors.workflow.refused': 'This order could not be accepted. Nothing was charged.',

  // Why an order did not go through (stored on the order by key, shown on its page and in emails)
  'errors.order.paymentFailed': 'The payment did not go through.',
  'errors.order.authenticationTimedOut': 'The card authentication was not completed in time.',
  'errors.order.paymentDeadline': 'The payment was not completed by the deadline.',
  'errors.order.attemptReplaced': 'Replaced by a new payment attempt.',
  'errors.order.noCard': 'No card was given for this order.',
  'errors.order.paymentNotStarted': 'The payment was not started.',
  'errors.order.notOpen': 'This order is no longer open.',
  'errors.order.changeNotProcessed': 'The change could not be processed. Nothing was changed.',
  'errors.order.conversionNotProcessed': 'The order could not be processed: the subscription was not activated, and the payment is given back.',
  'errors.order.trialEndedMeanwhile': `The free trial of {product} ended before the order completed.${refundedEn}`,
  'errors.order.changedMeanwhile': `{product} changed while this order was processed, so nothing was changed.${refundedEn} Please review the new figures and try again.`,
  'errors.order.seatsAssignedMeanwhile': `{assigned} seats of {product} are assigned to users now; unassign {unassign} first.${refundedEn}`,
} as const;

export const errorsIt: Record<keyof typeof errorsEn, string> = {
  'errors.auth.signIn': 'Accedi per continuare.',
  'errors.auth.sessionEnded': 'La sessione è terminata. Accedi di nuovo.',
  'errors.auth.portalSignIn': 'Accedi al Portale di fatturazione Corporate.',
  'errors.auth.staffSignIn': 'Accedi al back office.',
  'errors.auth.adminCenterOnly': 'Solo gli amministratori dell’account possono usare il Centro di amministrazione.',
  'errors.auth.billingContactOnly': 'Solo il contatto di fatturazione del tuo account può eseguire questa operazione.',
  'errors.auth.corporateAccount': 'Il tuo account è gestito nel Portale di fatturazione Corporate.',
  'errors.auth.corporateTrial': 'Gli account Corporate sono gestiti nel Portale di fatturazione Corporate.',
  'errors.auth.opsOnly': 'Solo il personale delle operazioni può eseguire questa operazione.',
  'errors.auth.forbidden': 'Non sei autorizzato a eseguire questa operazione.',
  'errors.account.billingContactHidden': 'Solo i contatti di fatturazione o gli amministratori dell’account possono vedere chi è il contatto di fatturazione di un account.',
  'errors.admin.isBillingAdmin': 'Sei l’amministratore della fatturazione di questo account.',
  'errors.admin.noBillingAdmin': 'Il tuo account non ha ancora un amministratore della fatturazione.',

  'errors.input.invalid': 'Alcune informazioni non sono valide. Controllale e riprova.',
  'errors.input.unrecognizedKeys': 'Campi non riconosciuti nella richiesta: {keys}.',
  'errors.input.reload': 'Ricarica la pagina e riprova.',
  'errors.input.unknownSubscription': 'Sottoscrizione sconosciuta.',
  'errors.input.unknownOrder': 'Ordine sconosciuto.',
  'errors.input.unknownCart': 'Carrello sconosciuto.',
  'errors.input.unknownPlan': 'Piano sconosciuto.',
  'errors.input.unknownProduct': 'Prodotto sconosciuto.',
  'errors.input.unknownInvoice': 'Fattura sconosciuta.',
  'errors.input.unknownCreditNote': 'Nota di credito sconosciuta.',
  'errors.input.unknownHistoryPage': 'Questa pagina della cronologia di fatturazione non esiste.',
  'errors.input.unknownUser': 'Utente sconosciuto.',
  'errors.input.emailTooLong': 'L’indirizzo email è troppo lungo.',
  'errors.input.passwordTooLong': 'La password è troppo lunga.',

  'errors.subscription.notFound': 'Sottoscrizione non trovata.',
  'errors.user.notFound': 'Utente non trovato.',
  'errors.account.notFound': 'Account non trovato.',
  'errors.product.notFound': 'Questo prodotto non esiste.',
  'errors.product.noPlans': 'Questo prodotto non ha piani.',
  'errors.order.notFound': 'Ordine non trovato.',
  'errors.invoice.notFound': 'Fattura non trovata.',
  'errors.creditNote.notFound': 'Nota di credito non trovata.',

  'errors.seats.range': 'Scegli da 1 a {max} postazioni.',
  'errors.seats.atLeastOne': 'Scegli almeno una postazione.',
  'errors.seats.atMost': 'Scegli al massimo {max} postazioni.',
  'errors.seats.wholeNumber': 'Il numero di postazioni deve essere un numero intero.',
  'errors.seats.notActive': '{product} non è attivo, quindi le sue postazioni non si possono assegnare.',
  'errors.seats.noFreeSeat': '{seats, plural, one {L’unica postazione di {product} è assegnata} other {Tutte le # postazioni di {product} sono assegnate}}. Rimuovi una postazione o acquista altre postazioni.',

  'errors.trial.alreadyHas': 'Il tuo account ha già {product}.',
  'errors.conversion.alreadySubscribed': 'Hai già una sottoscrizione a {product}.',
  'errors.conversion.trialEnded': 'La prova gratuita di {product} è terminata, quindi non può più essere convertita.',

  'errors.cart.notFound': 'Il carrello non è stato trovato.',
  'errors.cart.empty': 'Il carrello è vuoto.',
  'errors.cart.itemNotFound': 'Questo prodotto non è nel carrello.',
  'errors.cart.busy': 'Il carrello è in corso di modifica in un’altra finestra. Riprova.',
  'errors.cart.checkedOut': 'Per questo carrello è già stato effettuato l’ordine.',
  'errors.cart.changeInProgress': 'È già in corso una modifica di una sottoscrizione del carrello. Rimuovila dal carrello o attendi che la modifica sia terminata. Non è stato addebitato nulla.',
  'errors.checkout.trialEnded': 'La prova gratuita di {product} è terminata, quindi non può più essere convertita. Non è stato addebitato nulla.',
  'errors.checkout.alreadyConverted': 'Hai già una sottoscrizione a {product}: un altro ordine l’ha convertita nel frattempo. Rimuovila dal carrello.',
  'errors.checkout.priceNotFound': '{product} non è disponibile nella tua valuta con questa frequenza di fatturazione.',
  'errors.checkout.planNotAvailable': 'Questo piano non è disponibile nella tua valuta con questa frequenza di fatturazione.',
  'errors.checkout.amountsChanged': 'Gli importi sono cambiati da quando hai rivisto l’ordine. Controlla il nuovo totale ed effettua di nuovo l’ordine.',
  'errors.request.reused': 'Questa richiesta è già stata usata. Ricarica la pagina.',
  'errors.tax.countryNotSold': 'Non possiamo ancora vendere online nel tuo paese di fatturazione. Contatta l’Assistenza clienti.',
  'errors.vat.invalid': 'La partita IVA non è valida. Controlla il prefisso del paese e le cifre.',
  'errors.vat.countryMismatch': 'La partita IVA è di {vatCountry}, ma il paese di fatturazione è {billingCountry}.',
  'errors.vat.tooLong': 'Una partita IVA ha al massimo 20 caratteri.',
  'errors.vat.characters': 'Una partita IVA contiene solo lettere e cifre.',

  'errors.card.required': 'Inserisci i dati della carta.',
  'errors.card.notFound': 'Non abbiamo trovato questa carta. Inseriscila di nuovo.',
  'errors.card.otherCustomer': 'Questa carta appartiene a un altro cliente.',
  'errors.card.declined': declineIt,
  'errors.card.refused': `${declineIt} Non è stato addebitato nulla: prova con un’altra carta.`,

  'errors.change.inProgress': 'È già in corso una modifica di questa sottoscrizione. Attendi che sia terminata.',
  'errors.change.notActive': '{status, select, trial {Solo una sottoscrizione attiva può essere modificata. Abbonati prima per scegliere un piano.} other {Solo una sottoscrizione attiva può essere modificata.}}',
  'errors.change.unknownTier': 'Scegli uno dei piani di {product}.',
  'errors.change.noChange': 'Modifica il livello del piano, il numero di postazioni o la frequenza di fatturazione.',
  'errors.change.seatsBelowAssigned': '{assigned} postazioni di {product} sono assegnate a utenti. Rimuovi prima {unassign, plural, one {# postazione} other {# postazioni}}, poi riduci a {seats}.',
  'errors.change.periodEnded': 'Il periodo di fatturazione corrente è appena terminato. Ricarica la pagina.',
  'errors.change.amountsChanged': 'Gli importi sono cambiati da quando hai rivisto l’ordine. Controlla i nuovi importi e conferma di nuovo.',
  'errors.change.summaryExpired': 'Questo riepilogo ordine è scaduto. Controlla gli importi e conferma di nuovo.',
  'errors.change.subscriptionUnchanged': 'La sottoscrizione non è stata modificata.',

  'errors.workflow.malformed': 'L’ordine non è valido.',
  'errors.workflow.notThisTrial': 'Questo ordine non converte questa prova.',
  'errors.workflow.alreadyConverted': 'Questa prova è già stata convertita in una sottoscrizione.',
  'errors.workflow.trialEnded': 'La prova gratuita è terminata, quindi non può più essere convertita. Non è stato addebitato nulla.',
  'errors.workflow.orderInProgress': 'È già in corso l’elaborazione di un altro ordine per questa prova.',
  'errors.workflow.otherChange': 'Questo ordine appartiene a un’altra modifica.',
  'errors.workflow.refused': 'Non è stato possibile accettare questo ordine. Non è stato addebitato nulla.',

  'errors.order.paymentFailed': 'Il pagamento non è andato a buon fine.',
  'errors.order.authenticationTimedOut': 'L’autenticazione della carta non è stata completata in tempo.',
  'errors.order.paymentDeadline': 'Il pagamento non è stato completato entro la scadenza.',
  'errors.order.attemptReplaced': 'Sostituito da un nuovo tentativo di pagamento.',
  'errors.order.noCard': 'Per questo ordine non è stata indicata alcuna carta.',
  'errors.order.paymentNotStarted': 'Il pagamento non è stato avviato.',
  'errors.order.notOpen': 'Questo ordine non è più aperto.',
  'errors.order.changeNotProcessed': 'Non è stato possibile elaborare la modifica. Non è stato modificato nulla.',
  'errors.order.conversionNotProcessed': "Non è stato possibile elaborare l'ordine: la sottoscrizione non è stata attivata e il pagamento viene restituito.",
  'errors.order.trialEndedMeanwhile': `La prova gratuita di {product} è terminata prima del completamento dell’ordine.${refundedIt}`,
  'errors.order.changedMeanwhile': `{product} è cambiato durante l’elaborazione dell’ordine, quindi non è stato modificato nulla.${refundedIt} Rivedi i nuovi importi e riprova.`,
  'errors.order.seatsAssignedMeanwhile': `{assigned} postazioni di {product} sono ora assegnate a utenti; rimuovine prima {unassign}.${refundedIt}`,
};
