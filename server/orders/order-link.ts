import type { DbOrTrx } from '../../db/client';
import type { MessageKey } from '../i18n/messages';

/** Where an email about an order sends its reader, and what the link says. */
export interface OrderLink {
  url: string;
  label: MessageKey;
}

/**
 * The page that shows an order to the one who reads its emails (the account's billing contact). A
 * Billing Center (online) account reads it at /billing/orders/…; a corporate account's contact cannot
 * open the Billing Center (SPEC §1, 004) and reads it in the Corporate Billing Portal: a service order
 * (CP-10, WF-3) on its own page, an invoice payment (CP-6, WF-5) — or any order with an invoice — on that
 * invoice's page, anything else in the portal's invoice history.
 */
export async function orderLink(db: DbOrTrx, appUrl: string, orderId: string): Promise<OrderLink> {
  const o = await db
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('service_orders as so', 'so.order_id', 'o.id')
    .select(['a.kind', 'so.id as service_order_id'])
    .where('o.id', '=', orderId)
    .executeTakeFirstOrThrow();
  if (o.service_order_id) return { url: `${appUrl}/portal/service-orders/${o.service_order_id}`, label: 'email.orderDetails' };
  if (o.kind === 'online') return { url: `${appUrl}/billing/orders/${orderId}`, label: 'email.orderDetails' };
  // The invoice a payment line pays (WF-5), else the invoice the order issued.
  const paid = await db.selectFrom('order_lines').select('invoice_id').where('order_id', '=', orderId).where('invoice_id', 'is not', null).orderBy('id').executeTakeFirst();
  const issued = paid ? null : await db.selectFrom('invoices').select('id as invoice_id').where('order_id', '=', orderId).executeTakeFirst();
  const invoiceId = paid?.invoice_id ?? issued?.invoice_id ?? null;
  if (invoiceId) return { url: `${appUrl}/portal/invoices/${invoiceId}`, label: 'email.portal.viewInvoice' };
  return { url: `${appUrl}/portal/invoices`, label: 'email.portal.portal' };
}
