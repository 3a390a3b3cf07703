import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { SearchAttributes, WorkflowTypes, workflowIds, type TrialWorkflowInput } from '../../workflows/shared';

/**
 * Typed starters. Workflows are started by type *name* (never by importing workflow code into the
 * web server), under business IDs, with search attributes and a memo for the Temporal UI.
 */
export async function startTrialWorkflow(client: Client, taskQueue: string, input: TrialWorkflowInput): Promise<string> {
  const workflowId = workflowIds.trial(input.subscriptionId);
  try {
    await client.workflow.start(WorkflowTypes.trial, {
      taskQueue,
      workflowId,
      args: [input],
      // Starting twice (a retried request, the reconciler) attaches to the running trial; a trial that
      // already ended is never started again.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SearchAttributes.accountId, value: input.accountId },
        { key: SearchAttributes.subscriptionId, value: input.subscriptionId },
        { key: SearchAttributes.productId, value: input.productId },
        { key: SearchAttributes.status, value: 'starting' },
      ],
      memo: { kind: 'trial', trialEndsAt: input.trialEndsAt },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
}
