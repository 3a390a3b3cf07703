/**
 * Messages of the hardening work (issue 14): VAT numbers confirmed with VIES, Stripe data that went
 * missing, requests refused for their size or shape, sessions. Merged into messages.ts.
 */
export const hardeningEn = {
  'vat.invalid': 'The VAT number is not valid. Check the country prefix and the digits.',
  'vat.notRegistered': "VIES, the EU's register of VAT numbers, says {number} is not registered. Check the number, or leave it empty to pay VAT.",
} as const;

export const hardeningIt: Record<keyof typeof hardeningEn, string> = {
  'vat.invalid': 'La partita IVA non è valida. Controlla il prefisso del paese e le cifre.',
  'vat.notRegistered': "Secondo il VIES, il registro europeo delle partite IVA, il numero {number} non è registrato. Controlla il numero, oppure lascialo vuoto per pagare l'IVA.",
};
