import type { OrderLineKind } from '../../../db/schema';
import { changeLineHandler } from './change';
import { conversionLineHandler } from './conversion';
import type { LineHandler } from './handler';
import { renewalLineHandler } from './renewal';
import { seatAdditionLineHandler } from './seat-addition';
import { invoicePaymentLineHandler } from './invoice-payment';

/**
 * How fulfilment applies each kind of order line. A new order kind adds its handler here (one file in
 * this folder); an order with a line of a kind that has none is refused as a bug, never half-applied.
 */
export const lineHandlers: Partial<Record<OrderLineKind, LineHandler>> = {
  conversion: conversionLineHandler,
  change: changeLineHandler,
  renewal: renewalLineHandler,
  seat_addition: seatAdditionLineHandler,
  invoice_payment: invoicePaymentLineHandler,
};
