import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { QuoteActivities } from './activities/quotes';
import { quoteDecidedSignal, quoteStatusQuery, resendQuoteSignal, SearchAttributes, type QuoteDecided, type QuoteOutcome, type QuoteWorkflowInput } from './shared';

const acts = proxyActivities<QuoteActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: ['QuoteNotFound'] },
});

/**
 * WF-6, one per sent quote (`quote-<id>`). Emails the quote to the billing contact, then waits on a
 * durable timer until its expiry date, raced against the signal that it was decided in the database
 * (accepted, rejected, withdrawn by the rep, superseded by an add-seats order). At the expiry date an
 * undecided quote expires — no cron. The database decides every race: expiry is a conditional update
 * there, and the outcome the workflow reports is what the database holds. The rep is told the end.
 */
export async function quoteWorkflow(input: QuoteWorkflowInput): Promise<QuoteOutcome> {
  const { quoteId } = input;
  const workflowId = workflowInfo().workflowId;
  const expiresAt = Date.parse(input.expiresAt);
  let status: 'pending' | QuoteOutcome = 'pending';
  let decided: QuoteDecided['status'] | null = null;
  const resends: string[] = [];
  const sentResends = new Set<string>();

  setHandler(quoteStatusQuery, () => status);
  setHandler(quoteDecidedSignal, (d) => {
    if (d?.quoteId === quoteId) decided ??= d.status;
  });
  setHandler(resendQuoteSignal, (r) => {
    if (r?.quoteId === quoteId && !sentResends.has(r.resendId) && !resends.includes(r.resendId)) resends.push(r.resendId);
  });

  if (input.emailContact) await acts.sendQuoteEmail({ quoteId, kind: 'sent', idempotencyKey: `${workflowId}:sent` });

  let outcome: QuoteOutcome;
  for (;;) {
    const remaining = expiresAt - Date.now();
    if (remaining > 0) await condition(() => decided !== null || resends.length > 0, remaining);
    while (resends.length > 0 && decided === null) {
      const resendId = resends.shift()!;
      sentResends.add(resendId);
      await acts.sendQuoteEmail({ quoteId, kind: 'resent', idempotencyKey: `${workflowId}:resend:${resendId}` });
    }
    if (decided !== null) {
      outcome = decided;
      break;
    }
    if (Date.now() >= expiresAt) {
      // Whatever the database holds wins: a decision committed just before the timer is kept.
      outcome = await acts.expireQuote({ quoteId });
      break;
    }
  }

  status = outcome;
  upsertSearchAttributes([{ key: SearchAttributes.status, value: outcome }]);
  // A withdrawal is the rep's own act: nobody needs telling.
  if (input.notifyRep && outcome !== 'withdrawn') await acts.notifyRepOfQuote({ quoteId, outcome, idempotencyKey: `${workflowId}:rep:${outcome}` });
  return outcome;
}
