import type { Currency } from '../../../db/schema';
import { userMessage } from '../../i18n/user-message';
import { payOpenInvoice } from '../../invoices/issue';
import { writeReceipt } from '../../invoices/payments';
import { audit } from '../../services/audit';
import type { LineHandler } from './handler';

// CP-6 / WF-5: a line that pays (part of) an issued invoice. It is not invoiced again (the invoice
// exists); its order's succeeded payment is recorded against the invoice, which derives its amount paid
// and status from its payments (0031), and the payment gets its immutable receipt (0032).

export const invoicePaymentLineHandler: LineHandler = {
  /**
   * The invoice must still be open. The line's claim on the balance was checked by the database when
   * the order was written (0032, the invoice row locked), so no other payment can have taken it since.
   */
  async refusal(trx, line, ctx) {
    const inv = await trx.selectFrom('invoices').select(['number', 'status']).where('id', '=', line.invoice_id!).forUpdate().executeTakeFirst();
    if (inv?.status === 'open') return null;
    return userMessage('errors.invoicePayment.notOpenAnyMore', { number: inv?.number ?? '', refunded: ctx.paid ? 'yes' : 'no' });
  },
  async apply(trx, line, ctx) {
    const amount = line.plan_amount - line.credit_amount;
    const paid = await payOpenInvoice(trx, { invoiceId: line.invoice_id!, orderId: ctx.order.id, amount });
    await writeReceipt(trx, { orderId: ctx.order.id, accountId: ctx.order.account_id, invoiceId: line.invoice_id!, currency: ctx.order.currency as Currency, payment: paid.payment, total: paid.total, amountPaid: paid.amountPaid });
    await audit(trx, {
      actor: { realm: 'workflow', id: null },
      accountId: ctx.order.account_id,
      action: 'invoice.payment_recorded',
      subjectId: line.invoice_id!,
      data: { order: ctx.order.id, payment: paid.payment.id, amount: amount.toString(), paid: paid.amountPaid.toString(), status: paid.status },
    });
  },
  invoiceLines: () => [],
};
