// The workflow bundle's entry point: every workflow type the worker serves.
export { trialWorkflow } from './trial';
export { subscriptionChangeWorkflow } from './subscription-change';
export { renewalWorkflow } from './renewal';
export { bareBenchWorkflow } from './bare-bench';
