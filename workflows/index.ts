// The workflow bundle's entry point: every workflow type the worker serves (the bench's bare workflow
// is not among them: scripts/bench.ts bundles and serves it itself).
export { trialWorkflow } from './trial';
export { subscriptionChangeWorkflow } from './subscription-change';
export { renewalWorkflow } from './renewal';
export { quoteWorkflow } from './quote';
export { serviceOrderWorkflow } from './service-order';
export { purchaseOrderExpiryWorkflow } from './purchase-order-expiry';
export { invoicePaymentWorkflow } from './invoice-payment';
export { reconcileWorkflow } from './reconcile';
