import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { workflowIds } from '../../workflows/shared';
import { portalCallerFor } from './callers';
import { CARDS, createCard } from './stripe';

/**
 * CP-6 as the billing contact does it: pays an open invoice (in part, or the balance) with a new card
 * through the portal's procedure, and waits for its WF-5 workflow — charged, recorded against the
 * invoice by the order core's fulfilment, which tells the renewal workflows concerned after the commit.
 */
export async function payInvoiceInPortal(db: Db, input: { invoiceId: string; amount?: bigint; client: Client; taskQueue: string }) {
  const inv = await db.selectFrom('invoices').select(['account_id', 'total', 'amount_paid']).where('id', '=', input.invoiceId).executeTakeFirstOrThrow();
  const login = await db.selectFrom('portal_credentials').select('login_id').where('account_id', '=', inv.account_id).executeTakeFirstOrThrow();
  const api = await portalCallerFor({ db, client: input.client, taskQueue: input.taskQueue }, login.login_id);
  const amount = input.amount ?? inv.total - inv.amount_paid;
  const paid = await api.portal.invoices.payment.pay({ invoiceId: input.invoiceId, amount: String(amount), paymentMethodId: await createCard(CARDS.visa), idempotencyKey: randomUUID() });
  if (paid.payment?.status !== 'succeeded') throw new Error(`invoice payment ${paid.orderId}: ${paid.payment?.status}`);
  const outcome = await input.client.workflow.getHandle(workflowIds.invoicePayment(paid.orderId)).result();
  if (outcome !== 'completed') throw new Error(`invoice payment ${paid.orderId} ended ${String(outcome)}`);
  return paid.orderId;
}
