import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { ensureChangeWorkflows, ensureConversionOrders } from './order-delivery';
import { ensureInvoicePaymentWorkflows } from './portal/invoice-payment';
import { ensurePurchaseOrderWorkflows } from './portal/purchase-orders';
import { ensureQuoteWorkflows } from './quotes/lifecycle';
import { ensureRenewalWorkflows } from './renewal-workflows';
import { ensureServiceOrderWorkflows } from './service-orders';
import { ensureTrialWorkflows } from './trials';

export interface ReconcileDeps {
  db: Db;
  temporal: () => Promise<Client>;
  taskQueue: string;
  trialReminderDays: number[];
}

export type ReconcileSummary = Awaited<ReturnType<typeof reconcileAll>>;

/**
 * Every reconciler, in the order they need one another (a conversion order goes to its trial's
 * workflow, so trials come first). Run once by `npm start` after the worker is up, and then
 * periodically by the reconcile Schedule's workflow (`workflows/reconcile.ts`). Each one starts or
 * attaches under business IDs, so a pass repeated — or run beside a start in progress — adds nothing.
 * `periodic`: the reconcilers that walk every row (trials, renewals, quotes, purchase orders) first
 * ask Temporal which of their workflows run and leave those alone, so a pass with nothing to do costs
 * a few queries and list calls, not a start per subscription, and adds nothing to a running
 * workflow's history; the start-up pass also re-signals running purchase-order workflows (a change
 * signal lost while Temporal was away), which only a restart repeats.
 */
export async function reconcileAll(deps: ReconcileDeps, opts: { periodic?: boolean } = {}) {
  const skipRunning = opts.periodic ?? false;
  const base = { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue };
  return {
    trials: await ensureTrialWorkflows({ ...base, reminderDaysBefore: deps.trialReminderDays }, { skipRunning }),
    // Change orders committed while Temporal was away (else they hold the change lock).
    changes: await ensureChangeWorkflows(base),
    // Conversion orders (BC-3, BC-5 carts) committed while Temporal was away (else they stay processing).
    conversions: await ensureConversionOrders(base),
    renewals: await ensureRenewalWorkflows(base, { skipRunning }),
    quotes: await ensureQuoteWorkflows(base, { skipRunning }),
    serviceOrders: await ensureServiceOrderWorkflows(base),
    purchaseOrders: await ensurePurchaseOrderWorkflows(base, new Date(), { skipRunning }),
    // An invoice payment order whose workflow never started (nothing charged) gives its claim back.
    invoicePayments: await ensureInvoicePaymentWorkflows(base),
  };
}
