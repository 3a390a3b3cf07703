/**
 * Handing a committed order to its workflow (server/services/order-delivery.ts): what the user reads
 * when Temporal cannot be reached. Merged into messages.ts.
 */
export const orderDeliveryEn = {
  'errors.order.notStarted':
    'We could not start your order: our order processing is unreachable right now. Nothing was charged. Please try again in a few minutes — your order is kept, and trying again will never charge you twice.',
} as const;

export const orderDeliveryIt: Record<keyof typeof orderDeliveryEn, string> = {
  'errors.order.notStarted':
    "Non è stato possibile avviare l'ordine: il sistema che elabora gli ordini non è raggiungibile in questo momento. Non è stato addebitato nulla. Riprova tra qualche minuto: l'ordine è stato conservato e riprovando non ti verrà mai addebitato due volte.",
};
