import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { isUniqueViolation } from '../../db/client';
import { userError } from '../errors';
import { startTrialWorkflow } from '../temporal/starters';
import { rowsWithoutRunningWorkflow } from '../temporal/visibility';
import { WorkflowTypes, workflowIds } from '../../workflows/shared';
import type { ServiceDeps } from './deps';
import { repairEachRow, type ReconcileRowFailure } from './reconcile-rows';

type TrialDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'now' | 'taskQueue' | 'reminderDaysBefore'>;

/**
 * Starts a free trial of a product for an online account (SPEC §2: no card needed). The subscription
 * row is written first as `pending_trial`; the WF-1 workflow, started after commit, activates it. If
 * the start fails after the commit, `ensureTrialWorkflows` picks the row up (at start-up, then every RECONCILE_INTERVAL_SECONDS).
 */
export async function startTrial(deps: TrialDeps, input: { accountId: string; productId: string }) {
  const { db } = deps;
  const now = deps.now();
  const sub = await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('accounts').select(['kind', 'currency']).where('id', '=', input.accountId).executeTakeFirst();
    if (!account) throw userError('NOT_FOUND', 'errors.account.notFound');
    if (account.kind !== 'online') throw userError('FORBIDDEN', 'errors.auth.corporateTrial');
    const product = await trx.selectFrom('products').select(['id', 'name', 'trial_days']).where('id', '=', input.productId).executeTakeFirst();
    if (!product) throw userError('NOT_FOUND', 'errors.product.notFound');
    const tier = await defaultTier(trx, product.id);
    const id = newId('sub');
    const trialEndsAt = new Date(now.getTime() + product.trial_days * 86_400_000);
    try {
      await trx
        .insertInto('subscriptions')
        .values({
          id,
          account_id: input.accountId,
          product_id: product.id,
          tier_id: tier.id,
          seats: 1,
          frequency: 'monthly',
          status: 'pending_trial',
          currency: account.currency,
          trial_started_at: now,
          trial_ends_at: trialEndsAt,
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw userError('CONFLICT', 'errors.trial.alreadyHas', { product: product.name });
      throw err;
    }
    return { id, productId: product.id, trialEndsAt };
  });
  const workflowId = await startTrialWorkflow(await deps.temporal(), deps.taskQueue, {
    subscriptionId: sub.id,
    accountId: input.accountId,
    productId: sub.productId,
    trialEndsAt: sub.trialEndsAt.toISOString(),
    reminderDaysBefore: deps.reminderDaysBefore,
  });
  return { subscriptionId: sub.id, workflowId };
}

/** The tier a new trial starts on: the product's middle tier (Business in the demo), else its lowest. */
async function defaultTier(trx: Pick<Db, 'selectFrom'>, productId: string) {
  const tiers = await trx.selectFrom('plan_tiers').select(['id', 'rank']).where('product_id', '=', productId).orderBy('rank').execute();
  const tier = tiers[Math.floor((tiers.length - 1) / 2)];
  if (!tier) throw userError('NOT_FOUND', 'errors.product.noPlans');
  return tier;
}

/** Re-attaches every trial that has no running workflow (e.g. demo data, or a start lost after commit). */
export async function ensureTrialWorkflows(deps: Omit<TrialDeps, 'now'>, opts: { skipRunning?: boolean } = {}): Promise<{ started: number; failed: ReconcileRowFailure[] }> {
  const all = await deps.db
    .selectFrom('subscriptions')
    .select(['id', 'account_id', 'product_id', 'trial_ends_at'])
    .where('status', 'in', ['pending_trial', 'trial'])
    .where('trial_ends_at', 'is not', null)
    .execute();
  const client = await deps.temporal();
  // The periodic pass: the trials whose workflow runs are not asked for again.
  const rows = await rowsWithoutRunningWorkflow(client, all, { skipRunning: opts.skipRunning, workflowType: WorkflowTypes.trial, taskQueue: deps.taskQueue, workflowId: (r) => workflowIds.trial(r.id) });
  const failed = await repairEachRow('trials', rows, (r) => r.id, async (r) => {
    await startTrialWorkflow(client, deps.taskQueue, {
      subscriptionId: r.id,
      accountId: r.account_id,
      productId: r.product_id,
      trialEndsAt: r.trial_ends_at!.toISOString(),
      reminderDaysBefore: deps.reminderDaysBefore,
    });
  });
  return { started: rows.length - failed.length, failed };
}

