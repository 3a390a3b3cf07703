import type { Db, DbOrTrx } from '../../../db/client';
import type { AuditActorRealm, QuoteStatus } from '../../../db/schema';
import { signalQuoteDecided, startQuoteWorkflow } from '../../temporal/starters';
import { runningWorkflowIds } from '../../temporal/visibility';
import { WorkflowTypes, workflowIds, type QuoteDecided } from '../../../workflows/shared';
import { audit } from '../audit';
import type { ServiceDeps } from '../deps';
import { repairEachRow, type ReconcileRowFailure } from '../reconcile-rows';

/** What the quote use cases take of the one ServiceDeps. */
export type QuoteDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'taskQueue' | 'now'>;

export type QuoteEnd = Exclude<QuoteStatus, 'draft' | 'pending'>;

/**
 * The one place a sent quote is decided: a conditional update from 'pending', so of two decisions
 * racing (an accept and the expiry timer, a reject and a supersede) exactly one wins. Audited in the
 * same transaction — the audit entries are the quote's timeline the rep watches. False when the quote
 * was no longer open.
 */
export async function decideQuote(
  trx: DbOrTrx,
  input: { quoteId: string; to: QuoteEnd; at: Date; actor: { realm: AuditActorRealm; id: string | null }; reason?: string | null; supersededBy?: string | null },
): Promise<boolean> {
  const row = await trx
    .updateTable('quotes')
    .set({
      status: input.to,
      decided_at: input.at,
      ...(input.to === 'rejected' && { rejection_reason: input.reason ?? null }),
      ...(input.to === 'superseded' && { superseded_by_quote_id: input.supersededBy ?? null }),
    })
    .where('id', '=', input.quoteId)
    .where('status', '=', 'pending')
    .returning(['account_id'])
    .executeTakeFirst();
  if (!row) return false;
  await audit(trx, {
    actor: input.actor,
    accountId: row.account_id,
    action: `quote.${input.to}`,
    subjectId: input.quoteId,
    data: { ...(input.reason && { reason: input.reason }), ...(input.supersededBy && { supersededBy: input.supersededBy }) },
  });
  return true;
}

/**
 * After the decision committed: the quote's WF-6 workflow stops waiting and tells the rep. If Temporal
 * cannot be reached now, the database already holds the decision; `ensureQuoteWorkflows` repeats the
 * signal at the next start, and the workflow's own expiry reads the database's answer in any case.
 */
export async function tellQuoteWorkflow(deps: Pick<QuoteDeps, 'temporal'>, decided: QuoteDecided): Promise<void> {
  try {
    await signalQuoteDecided(await deps.temporal(), decided);
  } catch (err) {
    console.warn(`quote ${decided.quoteId}: could not signal its workflow (${(err as Error).message}); the reconciler will`);
  }
}

/** WF-6's timer fired: the quote expires if it is still open; the answer is what the database holds then. */
export async function expireQuote(db: Db, quoteId: string, at: Date): Promise<QuoteEnd | null> {
  return db.transaction().execute(async (trx) => {
    await decideQuote(trx, { quoteId, to: 'expired', at, actor: { realm: 'workflow', id: null } });
    const q = await trx.selectFrom('quotes').select('status').where('id', '=', quoteId).executeTakeFirst();
    if (!q) return null;
    return q.status === 'draft' || q.status === 'pending' ? null : q.status;
  });
}

/** The WF-6 input of a sent quote. */
export function quoteWorkflowInput(q: { id: string; account_id: string; expires_at: Date; source: 'sales_rep' | 'add_seats' }) {
  return { quoteId: q.id, accountId: q.account_id, expiresAt: q.expires_at.toISOString(), emailContact: q.source === 'sales_rep', notifyRep: q.source === 'sales_rep' };
}

/**
 * WF-6 recovery (like `ensureTrialWorkflows`): every open quote gets its workflow (a start lost after
 * the commit, or the demo quote), and every decided quote whose workflow still waits is told again.
 */
export async function ensureQuoteWorkflows(deps: Omit<QuoteDeps, 'now'>, opts: { skipRunning?: boolean } = {}): Promise<{ started: number; signalled: number; failed: ReconcileRowFailure[] }> {
  const client = await deps.temporal();
  // The periodic pass lists the running quote workflows once instead of asking for each quote.
  const running = opts.skipRunning ? await runningWorkflowIds(client, WorkflowTypes.quote, deps.taskQueue) : null;
  const open = (await deps.db.selectFrom('quotes').select(['id', 'account_id', 'expires_at', 'source']).where('status', '=', 'pending').execute()).filter((q) => !running?.has(workflowIds.quote(q.id)));
  const failedStarts = await repairEachRow('quotes', open, (q) => q.id, async (q) => {
    await startQuoteWorkflow(client, deps.taskQueue, quoteWorkflowInput(q));
    await deps.db.updateTable('quotes').set({ workflow_id: workflowIds.quote(q.id) }).where('id', '=', q.id).where('workflow_id', 'is', null).execute();
  });
  const decided = await deps.db
    .selectFrom('quotes')
    .select(['id', 'status'])
    .where('workflow_id', 'is not', null)
    .where('status', 'in', ['accepted', 'rejected', 'withdrawn', 'superseded'])
    .where('decided_at', '>', new Date(Date.now() - 90 * 86_400_000))
    .execute();
  let signalled = 0;
  const failedSignals = await repairEachRow('quotes', decided, (q) => q.id, async (q) => {
    const waits = running
      ? running.has(workflowIds.quote(q.id))
      : await client.workflow
          .getHandle(workflowIds.quote(q.id))
          .describe()
          .then((d) => d.status.name === 'RUNNING')
          .catch(() => false);
    if (!waits) return;
    await signalQuoteDecided(client, { quoteId: q.id, status: q.status as QuoteDecided['status'] });
    signalled++;
  });
  return { started: open.length - failedStarts.length, signalled, failed: [...failedStarts, ...failedSignals] };
}
