import type { Client } from '@temporalio/client';
import type { Db, DbOrTrx } from '../../../db/client';
import { isUniqueViolation } from '../../../db/client';
import { newId } from '../../../db/ids';
import type { PortalUser } from '../../auth/principals';
import { userError } from '../../errors';
import { signalPurchaseOrderChanged } from '../../temporal/starters';
import { rowsWithoutRunningWorkflow } from '../../temporal/visibility';
import { WorkflowTypes, workflowIds } from '../../../workflows/shared';
import { MAX_PURCHASE_ORDERS } from '../../portal/forms';
import { audit } from '../audit';
import { repairEachRow, type ReconcileRowFailure } from '../reconcile-rows';

/** CP-9: a purchase order is flagged (and its contact emailed once) this many days before it expires. */
export const PO_EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 86_400_000;
/** The UTC calendar date of an instant, as PostgreSQL's date text. */
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
/** Whole days from `at`'s UTC date to `date` (0 = today, negative = past). */
export const daysUntil = (date: string, at: Date) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${isoDate(at)}T00:00:00Z`)) / DAY_MS);

export type PurchaseOrderState = 'current' | 'valid' | 'expiring' | 'expired';

export interface PurchaseOrder {
  id: string;
  number: string;
  expiresOn: string | null;
  state: PurchaseOrderState;
  /** Printed on the invoices issued today (the valid purchase order). */
  current: boolean;
  daysLeft: number | null;
}

/**
 * CP-9 / 004 "Modificare ordini d'acquisto e date di scadenza": a purchase order is valid through its
 * expiry date (inclusive; none = open-ended). The one printed on an invoice issued at `at` is the most
 * recently added purchase order valid on that date.
 */
export async function validPurchaseOrder(db: DbOrTrx, accountId: string, at: Date): Promise<{ id: string; number: string } | null> {
  const row = await db
    .selectFrom('purchase_orders')
    .select(['id', 'number'])
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', isoDate(at))]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

export async function listPurchaseOrders(db: Db, accountId: string, at: Date): Promise<PurchaseOrder[]> {
  const rows = await db.selectFrom('purchase_orders').select(['id', 'number', 'expires_on']).where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const current = await validPurchaseOrder(db, accountId, at);
  return rows.map((r) => {
    const daysLeft = r.expires_on ? daysUntil(r.expires_on, at) : null;
    const state: PurchaseOrderState =
      daysLeft !== null && daysLeft < 0 ? 'expired'
      : daysLeft !== null && daysLeft <= PO_EXPIRY_WARNING_DAYS ? 'expiring'
      : r.id === current?.id ? 'current' : 'valid';
    return { id: r.id, number: r.number, expiresOn: r.expires_on, state, current: r.id === current?.id, daysLeft };
  });
}

/**
 * Adds a purchase order (no id) or edits one of the account's (number and/or expiry date). The account
 * row is locked so the count limit holds under concurrent adds; every change is audited.
 */
export async function savePurchaseOrder(
  db: Db,
  portalUser: PortalUser,
  input: { id?: string; number: string; expiresOn: string | null },
  at: Date,
): Promise<{ id: string; number: string; expiresOn: string | null }> {
  if (input.expiresOn && daysUntil(input.expiresOn, at) < 0) throw userError('BAD_REQUEST', 'portal.err.poDatePast', undefined, { field: 'expiresOn' });
  try {
    return await db.transaction().execute(async (trx) => {
      await trx.selectFrom('accounts').select('id').where('id', '=', portalUser.accountId).forUpdate().executeTakeFirstOrThrow();
      const actor = { realm: 'portal' as const, id: portalUser.credentialId };
      if (input.id) {
        const before = await trx.selectFrom('purchase_orders').select(['id', 'number', 'expires_on']).where('id', '=', input.id).where('account_id', '=', portalUser.accountId).executeTakeFirst();
        if (!before) throw userError('NOT_FOUND', 'portal.err.poNotFound');
        await trx.updateTable('purchase_orders').set({ number: input.number, expires_on: input.expiresOn }).where('id', '=', before.id).execute();
        await audit(trx, { actor, accountId: portalUser.accountId, action: 'portal.purchase_order_changed', subjectId: before.id, data: { before: { number: before.number, expiresOn: before.expires_on }, after: { number: input.number, expiresOn: input.expiresOn } } });
        return { id: before.id, number: input.number, expiresOn: input.expiresOn };
      }
      const { n } = await trx.selectFrom('purchase_orders').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', portalUser.accountId).executeTakeFirstOrThrow();
      if (Number(n) >= MAX_PURCHASE_ORDERS) throw userError('BAD_REQUEST', 'portal.err.poMax', { max: MAX_PURCHASE_ORDERS });
      const id = newId('po');
      await trx.insertInto('purchase_orders').values({ id, account_id: portalUser.accountId, number: input.number, expires_on: input.expiresOn }).execute();
      await audit(trx, { actor, accountId: portalUser.accountId, action: 'portal.purchase_order_added', subjectId: id, data: { after: { number: input.number, expiresOn: input.expiresOn } } });
      return { id, number: input.number, expiresOn: input.expiresOn };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'purchase_orders_account_id_number_key')) throw userError('BAD_REQUEST', 'portal.err.poDuplicate', { number: input.number }, { field: 'number' });
    throw err;
  }
}

export async function removePurchaseOrder(db: Db, portalUser: PortalUser, id: string): Promise<{ number: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('purchase_orders').where('id', '=', id).where('account_id', '=', portalUser.accountId).returning(['id', 'number', 'expires_on']).executeTakeFirst();
    if (!row) throw userError('NOT_FOUND', 'portal.err.poNotFound');
    await audit(trx, { actor: { realm: 'portal', id: portalUser.credentialId }, accountId: portalUser.accountId, action: 'portal.purchase_order_removed', subjectId: row.id, data: { before: { number: row.number, expiresOn: row.expires_on } } });
    return { number: row.number };
  });
}

/**
 * After a purchase order was added, edited or removed: its reminder workflow re-reads it. A Temporal
 * outage must not undo the change the person made: it is logged, and `ensurePurchaseOrderWorkflows`
 * (run at start-up) attaches a workflow to every dated purchase order later.
 */
export async function purchaseOrderChanged(deps: { temporal: () => Promise<Client>; taskQueue: string }, accountId: string, purchaseOrderId: string): Promise<void> {
  try {
    await signalPurchaseOrderChanged(await deps.temporal(), deps.taskQueue, { purchaseOrderId, accountId, warningDays: PO_EXPIRY_WARNING_DAYS });
  } catch (err) {
    console.error(`purchase order ${purchaseOrderId}: its reminder workflow was not told of the change`, err);
  }
}

/** CP-9 recovery: every purchase order with an expiry date still ahead gets its reminder workflow (started or attached). */
export async function ensurePurchaseOrderWorkflows(deps: { db: Db; temporal: () => Promise<Client>; taskQueue: string }, at = new Date(), opts: { skipRunning?: boolean } = {}): Promise<{ signalled: number; failed: ReconcileRowFailure[] }> {
  const all = await deps.db.selectFrom('purchase_orders').select(['id', 'account_id']).where('expires_on', '>=', isoDate(at)).execute();
  const client = await deps.temporal();
  // The periodic pass starts only the missing ones: a running workflow is not signalled every few minutes.
  const rows = await rowsWithoutRunningWorkflow(client, all, { skipRunning: opts.skipRunning, workflowType: WorkflowTypes.purchaseOrderExpiry, taskQueue: deps.taskQueue, workflowId: (r) => workflowIds.purchaseOrder(r.id) });
  const failed = await repairEachRow('purchaseOrders', rows, (r) => r.id, async (r) => {
    await signalPurchaseOrderChanged(client, deps.taskQueue, { purchaseOrderId: r.id, accountId: r.account_id, warningDays: PO_EXPIRY_WARNING_DAYS });
  });
  return { signalled: rows.length - failed.length, failed };
}
