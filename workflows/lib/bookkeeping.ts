import { proxyActivities } from '@temporalio/workflow';
import type { EmailActivities } from '../activities/emails';
import type { OrderActivities } from '../activities/orders';

/**
 * The orders' database-only steps (fulfil, fail) and their emails. They are short: a worker that dies
 * mid-step is noticed, and the step retried elsewhere, quickly.
 */
export const bookkeeping = proxyActivities<OrderActivities & EmailActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2, nonRetryableErrorTypes: ['OrderNotFound'] },
});
