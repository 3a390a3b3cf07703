import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { ensureChangeWorkflows, ensureConversionOrders } from './order-delivery';
import { ensureInvoicePaymentWorkflows } from './portal/invoice-payment';
import { ensurePurchaseOrderWorkflows } from './portal/purchase-orders';
import { ensureQuoteWorkflows } from './quotes/lifecycle';
import { ensureRenewalWorkflows } from './renewal-workflows';
import { ensureServiceOrderWorkflows } from './service-orders';
import { ensureTrialWorkflows } from './trials';
import { reconcileFailures } from '../../workflows/shared';

export interface ReconcileDeps {
  db: Db;
  temporal: () => Promise<Client>;
  taskQueue: string;
  trialReminderDays: number[];
}

/**
 * The reconcilers, in the order they need one another (a conversion order goes to its trial's
 * workflow, so trials come first). Each one starts or attaches under business IDs, so running one
 * again — or beside a start in progress — adds nothing.
 * `skipRunning` (the periodic pass): the reconcilers that walk every row (trials, renewals, quotes,
 * purchase orders) first ask Temporal which of their workflows run and leave those alone, so a pass
 * with nothing to do costs a few queries and list calls, not a start per subscription, and adds nothing
 * to a running workflow's history; the start-up pass also re-signals running purchase-order workflows
 * (a change signal lost while Temporal was away), which only a restart repeats.
 */
function reconcilers(deps: ReconcileDeps, skipRunning: boolean) {
  const base = { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue };
  return {
    trials: () => ensureTrialWorkflows({ ...base, reminderDaysBefore: deps.trialReminderDays }, { skipRunning }),
    // Change orders committed while Temporal was away (else they hold the change lock).
    changes: () => ensureChangeWorkflows(base),
    // Conversion orders (BC-3, BC-5 carts) committed while Temporal was away (else they stay processing).
    conversions: () => ensureConversionOrders(base),
    renewals: () => ensureRenewalWorkflows(base, { skipRunning }),
    quotes: () => ensureQuoteWorkflows(base, { skipRunning }),
    serviceOrders: () => ensureServiceOrderWorkflows(base),
    purchaseOrders: () => ensurePurchaseOrderWorkflows(base, new Date(), { skipRunning }),
    // An invoice payment order whose workflow never started (nothing charged) gives its claim back.
    invoicePayments: () => ensureInvoicePaymentWorkflows(base),
  };
}

type Reconcilers = ReturnType<typeof reconcilers>;
/** What each reconciler did (what it started, closed, signalled …), by reconciler. */
export type ReconcileSummary = { [K in keyof Reconcilers]: Awaited<ReturnType<Reconcilers[K]>> };

/**
 * Every reconciler, one after another. Run once by `npm start` after the worker is up, and then
 * periodically by the reconcile Schedule's workflow (`workflows/reconcile.ts`), whose activity passes
 * `done` and `onStep` so that a pass resumed on another worker (its worker killed mid-pass) takes up
 * from the reconciler it was at: the ones in `done` are not run again and their results are kept.
 *
 * Each reconciler isolates its rows (`repairEachRow`): a row it cannot repair is in its result's
 * `failed` (ID and error) and the rest are repaired. Only an outage (Temporal or the database
 * unreachable) throws, so there is no per-reconciler catch here: it would stop every reconciler
 * alike, and the pass should fail then (the activity is retried).
 */
export async function reconcileAll(
  deps: ReconcileDeps,
  opts: { periodic?: boolean; done?: Partial<ReconcileSummary>; onStep?: (doneSoFar: Partial<ReconcileSummary>) => void } = {},
): Promise<ReconcileSummary> {
  const steps = reconcilers(deps, opts.periodic ?? false);
  const summary: Partial<ReconcileSummary> = { ...opts.done };
  for (const name of Object.keys(steps) as Array<keyof Reconcilers>) {
    if (summary[name] !== undefined) continue;
    Object.assign(summary, { [name]: await steps[name]() });
    opts.onStep?.(summary);
  }
  return summary as ReconcileSummary;
}

/**
 * The line `npm start` prints about the rows its pass could not repair (null: none), e.g.
 * `1 row could not be repaired: ord_… (changes): change order ord_… has no order line`.
 */
export function describeReconcileFailures(summary: ReconcileSummary): string | null {
  const failures = reconcileFailures(summary);
  if (failures.length === 0) return null;
  const rows = failures.map((f) => `${f.id} (${f.reconciler}): ${f.error}`).join('; ');
  return `${failures.length} ${failures.length === 1 ? 'row' : 'rows'} could not be repaired: ${rows}`;
}
