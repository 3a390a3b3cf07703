/**
 * Everything the workflow code, the worker and the client agree on: task queue, workflow type names,
 * message definitions, input types and search attribute keys. Workflow code may import only this file
 * and `@temporalio/workflow`, so nothing here does I/O.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TASK_QUEUE_DEFAULT = 'seatplan';

export const WorkflowTypes = {
  trial: 'trialWorkflow',
  subscriptionChange: 'subscriptionChangeWorkflow',
  quote: 'quoteWorkflow',
  serviceOrder: 'serviceOrderWorkflow',
  bareBench: 'bareBenchWorkflow',
} as const;

/** Readable, business-keyed workflow IDs: they are what operations search for in the Temporal UI. */
export const workflowIds = {
  trial: (subscriptionId: string) => `trial-${subscriptionId}`,
  subscriptionChange: (orderId: string) => `subscription-change-${orderId}`,
  serviceOrder: (serviceOrderId: string) => `service-order-${serviceOrderId}`,
  quote: (quoteId: string) => `quote-${quoteId}`,
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
  serviceOrderPaymentDeadline: 'errors.serviceOrder.paymentDeadline',
  serviceOrderAttemptReplaced: 'errors.serviceOrder.attemptReplaced',
  serviceOrderProvisioningFailed: 'errors.serviceOrder.provisioningFailed',
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

export interface BareBenchInput {
  activities: number;
}

// ---- WF-1 trial conversion (BC-3) ------------------------------------------------------------------

/** Message names on the trial workflow (the client addresses them by name, the workflow defines them). */
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

// ---- WF-6 quote lifetime (CP-4, BO-1) ---------------------------------------------------------------

export const QuoteMessages = {
  /** Signal: the quote was decided in the database (accepted, rejected, withdrawn, superseded); the timer is no longer needed. */
  decided: 'quoteDecided',
  /** Signal: the rep asked to email the quote again; `resendId` makes a repeated signal one email. */
  resend: 'resendQuote',
} as const;

/** How a quote's life ends; 'expired' only through WF-6's timer. */
export type QuoteOutcome = 'accepted' | 'rejected' | 'withdrawn' | 'superseded' | 'expired';

export interface QuoteDecided {
  quoteId: string;
  status: Exclude<QuoteOutcome, 'expired'>;
}

export interface QuoteWorkflowInput {
  quoteId: string;
  accountId: string;
  /** ISO instant: a durable timer expires the quote then. */
  expiresAt: string;
  /** A rep's quote is emailed to the billing contact (with its PDF); an add-seats quote is the contact's own. */
  emailContact: boolean;
  /** The rep hears how the quote ended (rejected with its reason, superseded, expired, accepted). */
  notifyRep: boolean;
}

// ---- WF-3 service-order fulfilment (CP-10, CP-4 Accetta) ----------------------------------------------

export const ServiceOrderMessages = {
  /** Signal: Stripe (webhook) or the page says the payment changed (3-D Secure done); the workflow re-reads it. */
  paymentUpdated: TrialMessages.paymentUpdated,
  /** Signal: the contact updated the card and asks to pay again after a decline (`attempt` makes a repeat one retry). */
  retryPayment: 'retryServiceOrderPayment',
} as const;

export interface ServiceOrderWorkflowInput {
  serviceOrderId: string;
  accountId: string;
  /** The order (order core) that carries the money: its payment, refund and invoice. */
  orderId: string;
  /** The products the quote adds seats to, in order: one provisioning activity each. */
  productIds: string[];
  /** ISO instant of the 24-hour promise (seed 000): past it, operations and the rep are alerted, and it keeps waiting. */
  slaDueAt: string;
  /** After a decline or 3-D Secure, how long the contact has to pay (seconds). */
  paymentWindowSeconds: number;
  /** How often an external provisioner's pending job is looked at again (seconds; the embedded one completes at once). */
  provisioningPollSeconds?: number;
}

export type ServiceOrderWorkflowStatus = 'charging' | 'awaiting_payment' | 'provisioning' | 'invoicing' | 'completed' | 'failed' | 'compensated';
