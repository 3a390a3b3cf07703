// The workflow bundle's entry point: every workflow type the worker serves (the bench's bare workflow
// is not among them: scripts/bench.ts bundles and serves it itself).
export { trialWorkflow } from './trial';
export { subscriptionChangeWorkflow } from './subscription-change';
export { purchaseOrderExpiryWorkflow } from './purchase-order-expiry';
export { invoicePaymentWorkflow } from './invoice-payment';
