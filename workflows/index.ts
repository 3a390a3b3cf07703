// The workflow bundle's entry point: every workflow type the worker serves.
export { trialWorkflow } from './trial';
export { subscriptionChangeWorkflow } from './subscription-change';
export { quoteWorkflow } from './quote';
export { serviceOrderWorkflow } from './service-order';
export { bareBenchWorkflow } from './bare-bench';
