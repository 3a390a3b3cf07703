// The workflow bundle's entry point: every workflow type the worker serves.
export { trialWorkflow } from './trial';
export { subscriptionChangeWorkflow } from './subscription-change';
export { bareBenchWorkflow } from './bare-bench';
export { purchaseOrderExpiryWorkflow } from './purchase-order-expiry';
