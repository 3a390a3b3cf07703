/**
 * Everything the workflow code, the worker and the client agree on: task queue, workflow type names,
 * message definitions (updates, signals, queries — the workflows set handlers for them, the starters
 * send them, both typed by the same definition), input types and search attribute keys. Workflow code
 * may import only this file, workflows/lib/ and `@temporalio/workflow`, so nothing here does I/O.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const WorkflowTypes = {
  trial: 'trialWorkflow',
  subscriptionChange: 'subscriptionChangeWorkflow',
  purchaseOrderExpiry: 'purchaseOrderExpiryWorkflow',
  invoicePayment: 'invoicePaymentWorkflow',
} as const;

/** Readable, business-keyed workflow IDs: they are what operations search for in the Temporal UI. */
export const workflowIds = {
  trial: (subscriptionId: string) => `trial-${subscriptionId}`,
  subscriptionChange: (orderId: string) => `subscription-change-${orderId}`,
  serviceOrder: (serviceOrderId: string) => `service-order-${serviceOrderId}`,
  purchaseOrder: (purchaseOrderId: string) => `purchase-order-${purchaseOrderId}`,
  /** WF-5: one per payment of an invoice (its order). */
  invoicePayment: (orderId: string) => `invoice-payment-${orderId}`,
};

export const SearchAttributes = {
  accountId: defineSearchAttributeKey('SeatplanAccountId', SearchAttributeType.KEYWORD),
  orderId: defineSearchAttributeKey('SeatplanOrderId', SearchAttributeType.KEYWORD),
  productId: defineSearchAttributeKey('SeatplanProductId', SearchAttributeType.KEYWORD),
  subscriptionId: defineSearchAttributeKey('SeatplanSubscriptionId', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('SeatplanStatus', SearchAttributeType.KEYWORD),
};

/** Names and types as the Temporal CLI's `--search-attribute Name=Type` flag wants them. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: ReadonlyArray<readonly [string, 'Keyword']> = Object.values(SearchAttributes).map(
  (key) => [key.name, 'Keyword'] as const,
);

// ---- What a workflow tells the user ----------------------------------------------------------------

/**
 * A message for the user by key of server/i18n's message tables, with its parameters. Workflow code
 * and activities hand these over instead of English text; each reader sees it in their language
 * (server/i18n/user-message.ts). Update validators refuse with an ApplicationFailure whose type is the key.
 */
export interface UserMessage {
  key: string;
  params?: Record<string, string | number>;
}

/** The keys workflow code uses (a unit test checks each is in the message tables). */
export const WorkflowMessageKeys = {
  malformed: 'errors.workflow.malformed',
  notThisTrial: 'errors.workflow.notThisTrial',
  alreadyConverted: 'errors.workflow.alreadyConverted',
  trialEnded: 'errors.workflow.trialEnded',
  orderInProgress: 'errors.workflow.orderInProgress',
  otherChange: 'errors.workflow.otherChange',
  paymentFailed: 'errors.order.paymentFailed',
  authenticationTimedOut: 'errors.order.authenticationTimedOut',
  changeNotProcessed: 'errors.order.changeNotProcessed',
  otherInvoicePayment: 'errors.invoicePayment.orderNotFound',
} as const;

export interface TrialWorkflowInput {
  subscriptionId: string;
  accountId: string;
  productId: string;
  /** ISO instant; the workflow sleeps on a durable timer until then. */
  trialEndsAt: string;
  /** Days before the end at which a reminder email goes out, e.g. [7, 1]. */
  reminderDaysBefore: number[];
  /** Length of a "day" for the reminders, in seconds (86400; tests shorten it so they run in seconds). */
  dayLengthSeconds?: number;
  /** Conversion tuning (added with the conversion update; absent for trials started before it). */
  conversion?: TrialConversionOptions;
}

// ---- WF-1 trial conversion (BC-3) ------------------------------------------------------------------

/** Message names on the trial workflow (recorded in histories: they never change); the definitions below use them. */
export const TrialMessages = {
  /** Update: convert this trial with a placed order; the validator refuses an invalid one before it enters history. */
  convert: 'convertTrial',
  /** Signal: Stripe (webhook) or the page says the order's payment changed; the workflow re-reads it. */
  paymentUpdated: 'paymentUpdated',
  /** Signal: another trial's workflow converted this trial as part of a multi-product order (BC-5). */
  orderConverted: 'orderConverted',
} as const;

export interface ConversionRequest {
  orderId: string;
  /** Every trial the order converts (its lines); this workflow must be one of them. */
  subscriptionIds: string[];
  /** The Stripe PaymentMethod to charge; null when nothing is due (credit covers it). */
  paymentMethodId: string | null;
}

export interface ConversionAccepted {
  orderId: string;
  accepted: true;
}

export type TrialWorkflowStatus = 'starting' | 'trial' | 'converting' | 'converted' | 'expired';

export const convertUpdate = defineUpdate<ConversionAccepted, [ConversionRequest]>(TrialMessages.convert);
/** WF-1 and WF-2 alike: the order's payment changed; the workflow waiting on it re-reads Stripe. */
export const paymentUpdatedSignal = defineSignal<[{ orderId: string }]>(TrialMessages.paymentUpdated);
export const orderConvertedSignal = defineSignal<[{ orderId: string }]>(TrialMessages.orderConverted);
export const trialStatusQuery = defineQuery<TrialWorkflowStatus>('trialStatus');

/** Optional tuning of the conversion (tests shorten the wait for 3-D Secure). */
export interface TrialConversionOptions {
  /** How long the customer has to complete 3-D Secure before the attempt is cancelled (seconds). */
  paymentActionTimeoutSeconds?: number;
}

// ---- WF-2 subscription change with proration (BC-4) -------------------------------------------------

export const SubscriptionChangeMessages = {
  /** Update (sent with start): Place order hands the order over and gets the payment outcome back. */
  submit: 'submitChange',
  /** Signal: Stripe (webhook) or the page says the payment changed (same name as WF-1's, so one nudge serves both). */
  paymentUpdated: TrialMessages.paymentUpdated,
} as const;

export interface SubscriptionChangeInput {
  orderId: string;
  accountId: string;
  subscriptionId: string;
  productId: string;
  /** The Stripe PaymentMethod to charge; null when nothing is due. */
  paymentMethodId: string | null;
  /** How long the customer has to complete 3-D Secure (seconds; tests shorten it). */
  paymentActionTimeoutSeconds?: number;
}

/** What Place order learns at once: the payment's outcome (or that none was needed). */
export type ChangePaymentOutcome =
  | { status: 'succeeded' | 'not_required' | 'requires_action' }
  | { status: 'failed'; failure: UserMessage };

export interface ChangeSubmitted {
  orderId: string;
  payment: ChangePaymentOutcome;
}

export type SubscriptionChangeStatus = 'charging' | 'awaiting_payment' | 'applying' | 'completed' | 'failed';

export const submitChangeUpdate = defineUpdate<ChangeSubmitted, [{ orderId: string }]>(SubscriptionChangeMessages.submit);
export const subscriptionChangeStatusQuery = defineQuery<SubscriptionChangeStatus>('subscriptionChangeStatus');

// ---- CP-9 purchase order expiry reminder ------------------------------------------------------------

export const PurchaseOrderMessages = {
  /** Signal: the purchase order was edited or removed; the workflow re-reads it. */
  changed: 'purchaseOrderChanged',
} as const;

export interface PurchaseOrderExpiryInput {
  purchaseOrderId: string;
  accountId: string;
  /** Days before the expiry date at which the contact is emailed (CP-9: 30). */
  warningDays: number;
}

/** What the workflow learns from the database each time it wakes (the database is the source of truth). */
export type PurchaseOrderReminderPlan =
  | { kind: 'gone' }
  | { kind: 'open_ended' }
  /** ISO instants: when to email, and when the purchase order stops being valid (the day after its date). */
  | { kind: 'dated'; expiresOn: string; remindAt: string; expiresAt: string; reminded: boolean };

export type PurchaseOrderExpiryResult = 'removed' | 'open_ended' | 'expired';

/** Signal: the purchase order changed (added, edited, removed); its reminder workflow re-reads it. */
export const purchaseOrderChangedSignal = defineSignal(PurchaseOrderMessages.changed);

// ---- WF-5 invoice payment (CP-6) -------------------------------------------------------------------

export const InvoicePaymentMessages = {
  /** Update (sent with start): the pay page hands the order over and gets the payment outcome back. */
  submit: 'submitInvoicePayment',
  /** Signal: 3-D Secure done in the page, or a Stripe webhook (the same name as WF-1's and WF-2's). */
  paymentUpdated: TrialMessages.paymentUpdated,
} as const;

export interface InvoicePaymentInput {
  orderId: string;
  accountId: string;
  invoiceId: string;
  /** The Stripe PaymentMethod to charge. */
  paymentMethodId: string;
  /** How long the contact has to complete 3-D Secure (seconds; tests shorten it). */
  paymentActionTimeoutSeconds?: number;
}

export type InvoicePaymentStatus = 'charging' | 'awaiting_payment' | 'recording' | 'completed' | 'failed';

/** WF-5 answers the pay page as WF-2 answers Place order: the payment's outcome. */
export const submitInvoicePaymentUpdate = defineUpdate<ChangeSubmitted, [{ orderId: string }]>(InvoicePaymentMessages.submit);
export const invoicePaymentStatusQuery = defineQuery<InvoicePaymentStatus>('invoicePaymentStatus');
