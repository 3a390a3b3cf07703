import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { payOpenInvoice } from '../../server/invoices/issue';
import { fulfilOrder } from '../../server/orders/fulfilment';
import { lineHandlers } from '../../server/orders/lines';
import type { LineHandler } from '../../server/orders/lines/handler';
import { writeOrder } from '../../server/orders/write';
import { notifyRenewalsOfOrder } from '../../workflows/activities/renewal-notice';

const SELLER = { name: 'Seatplan S.r.l.', country: 'IT', vat_number: 'IT12345678903' };

/**
 * Stand-in for the line handler of CP-6's invoice payments (the portal work builds WF-5 and its handler
 * on the order core): its line pays part or all of an open invoice through the core's `payOpenInvoice`,
 * and is not invoiced itself. Injected into `fulfilOrder` like the order-core test's handlers.
 */
const invoicePaymentLine: LineHandler = {
  async refusal(trx, line) {
    const inv = await trx.selectFrom('invoices').select(['status', 'total', 'amount_paid']).where('id', '=', line.invoice_id!).executeTakeFirst();
    return inv?.status === 'open' && inv.total - inv.amount_paid >= line.plan_amount ? null : { key: 'errors.renewals.nothingToPay' };
  },
  apply: async (trx, line) => void (await payOpenInvoice(trx, { invoiceId: line.invoice_id!, amount: line.plan_amount })),
  invoiceLines: () => [],
};

/**
 * What the Corporate Billing Portal's CP-6 payment does once WF-5 has charged the card: an
 * `invoice_payment` order written by `writeOrder`, fulfilled by the order core (the invoice paid by the
 * fulfilment of the order that pays it), and then — as the core's fulfil activity does after commit,
 * run here in an activity context with the test worker's client — the renewal workflow told.
 */
export async function payInvoiceInPortal(db: Db, input: { invoiceId: string; amount?: bigint; client: Client; taskQueue: string }) {
  const inv = await db.selectFrom('invoices').select(['account_id', 'currency', 'number', 'total', 'amount_paid']).where('id', '=', input.invoiceId).executeTakeFirstOrThrow();
  const amount = input.amount ?? inv.total - inv.amount_paid;
  const orderId = await db.transaction().execute(async (trx) => {
    const { orderId } = await writeOrder(trx, {
      accountId: inv.account_id, kind: 'invoice_payment', currency: inv.currency, lines: [{ kind: 'invoice_payment', invoiceId: input.invoiceId, planAmount: amount, description: `Payment towards invoice ${inv.number}` }],
      creditApplied: 0n, tax: 0n, total: amount, taxRateBasisPoints: 0, reverseCharge: false, vatNumber: null, idempotencyKey: randomUUID(), workflowId: () => null, placedByUserId: null, at: new Date(),
      creditNote: 'Credit balance used for an invoice payment',
    });
    const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
    const done = await fulfilOrder(trx, { order, seller: SELLER, handlers: { ...lineHandlers, invoice_payment: invoicePaymentLine } });
    if (done.status !== 'completed') throw new Error(`invoice payment refused: ${done.reason.key}`);
    return orderId;
  });
  await new MockActivityEnvironment({ taskQueue: input.taskQueue }, { client: input.client }).run(() => notifyRenewalsOfOrder(db, orderId));
  return orderId;
}
