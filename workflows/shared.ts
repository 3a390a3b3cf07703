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
  renewal: 'renewalWorkflow',
  quote: 'quoteWorkflow',
  serviceOrder: 'serviceOrderWorkflow',
  purchaseOrderExpiry: 'purchaseOrderExpiryWorkflow',
  invoicePayment: 'invoicePaymentWorkflow',
  reconcile: 'reconcileWorkflow',
} as const;

/** Readable, business-keyed workflow IDs: they are what operations search for in the Temporal UI. */
export const workflowIds = {
  trial: (subscriptionId: string) => `trial-${subscriptionId}`,
  subscriptionChange: (orderId: string) => `subscription-change-${orderId}`,
  serviceOrder: (serviceOrderId: string) => `service-order-${serviceOrderId}`,
  renewal: (subscriptionId: string) => `renewal-${subscriptionId}`,
  quote: (quoteId: string) => `quote-${quoteId}`,
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
  conversionNotProcessed: 'errors.order.conversionNotProcessed',
  nothingToPay: 'errors.renewals.nothingToPay',
  confirmOffSession: 'errors.renewals.confirmOffSession',
  paymentDeadlinePassed: 'errors.order.paymentDeadline',
  paymentAttemptReplaced: 'errors.order.attemptReplaced',
  serviceOrderProvisioningFailed: 'errors.serviceOrder.provisioningFailed',
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
/**
 * Any order kind that waits for its customer within a payment window (workflows/lib/payment.ts): the
 * customer asks for a new attempt (e.g. with an updated card); `attempt` (the attempt wanted, 2, 3 …)
 * makes a repeated signal one retry.
 */
export const retryPaymentSignal = defineSignal<[{ orderId: string; attempt: number }]>('retryPayment');
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

// ---- WF-4 renewal and dunning (BC-9) -----------------------------------------------------------------

/** Message names on the renewal workflow (recorded in histories); the definitions below use them. */
export const RenewalMessages = {
  /** Signal: the subscription changed (it became active, WF-2 re-anchored it, cancel at period end or its undo, its invoice was paid): re-read it. */
  changed: 'subscriptionChanged',
  /** Update: the billing admin pays the open renewal invoice now (Billing Center dunning page). */
  payNow: 'payNow',
} as const;

export interface RenewalWorkflowInput {
  subscriptionId: string;
  accountId: string;
  productId: string;
  /** How long the billing admin has to complete 3-D Secure of a pay-now payment (seconds; tests shorten it). */
  paymentActionTimeoutSeconds?: number;
}

export interface PayNowRequest {
  /** Made once by the page per attempt: the same request twice is answered once. */
  requestId: string;
}

/** What the pay-now page learns at once. */
export type PayNowOutcome =
  | { status: 'succeeded'; invoiceNumber: string | null }
  | { status: 'requires_action' }
  | { status: 'failed'; failure: UserMessage };

/**
 * What the workflow shows in the Temporal UI (SeatplanStatus) and answers to its status query.
 * `charging`: the first attempt at the period end is in flight; `past_due` only after an attempt failed;
 * `paid`: the period is paid (until the next run, `waiting`). Runs started before patch
 * `renewal-truthful-status` show `past_due` from before the first attempt and never `charging`/`paid`.
 */
export type RenewalWorkflowStatus = 'waiting' | 'renewing' | 'charging' | 'paid' | 'past_due' | 'lapsed' | 'invoiced' | 'cancelled' | 'expired' | 'ended';

/** One step of a dunning or corporate schedule (server/billing/dunning.ts computes them), an ISO instant each. */
export type RenewalStep =
  | { kind: 'retry'; attempt: number; at: string }
  | { kind: 'lapse'; at: string; seatsReleaseAt: string }
  | { kind: 'reminder'; offsetDays: number; at: string }
  | { kind: 'expire'; at: string };

/** A renewal that was billed and is not settled yet: the workflow resumes its schedule where it stands. */
export interface OpenRenewal {
  renewalId: string;
  /** Its order (kind `renewal`), charged through the order core. */
  orderId: string;
  kind: 'online' | 'corporate';
  status: 'pending' | 'past_due' | 'lapsed' | 'open';
  /** Charge attempts made so far (0: the first one, at the period end, is still to come). */
  attempts: number;
  /** Whether the saved card is charged (online always; corporate when its automatic method is a card). */
  chargeCard: boolean;
  /**
   * Corporate: the new term was started on net terms — the order fulfilled, its invoice open — so only
   * the reminders and the expiry are left. Until then (`terms` says how) the order is still to be fulfilled.
   */
  termStarted: boolean;
  /** Corporate: how the term's invoice is issued when it starts on net terms (due `days` after its issue, the valid PO number). */
  terms: { days: number; purchaseOrderNumber: string | null } | null;
  schedule: RenewalStep[];
}

/** Where a subscription stands, read from the database (the source of truth) every time the workflow wakes. */
export interface RenewalView {
  status: 'missing' | 'pending_trial' | 'trial' | 'active' | 'past_due' | 'expired' | 'cancelled' | 'lapsed';
  kind: 'online' | 'corporate';
  /** ISO end of the current period (the next renewal), null when there is none. */
  periodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  open: OpenRenewal | null;
}

export type OpenedRenewal =
  | { status: 'opened'; renewalId: string; orderId: string }
  /** Nothing to bill now: the period was paid already, or the subscription moved on meanwhile. */
  | { status: 'skipped'; reason: string };

export type RenewalEmailKind =
  | 'renewed'
  | 'payment_failed'
  | 'retry_failed'
  | 'lapsed'
  | 'reactivated'
  | 'cancelled'
  | 'corporate_invoice'
  | 'corporate_payment_failed'
  | 'corporate_reminder'
  | 'corporate_receipt'
  | 'corporate_expired';

/** The renewal workflow's messages; 3-D Secure of a pay-now payment nudges it with `paymentUpdatedSignal` (WF-1's and WF-2's). */
export const subscriptionChangedSignal = defineSignal<[]>(RenewalMessages.changed);
export const payNowUpdate = defineUpdate<PayNowOutcome, [PayNowRequest]>(RenewalMessages.payNow);
export const renewalStatusQuery = defineQuery<RenewalWorkflowStatus>('renewalStatus');
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

export const quoteDecidedSignal = defineSignal<[QuoteDecided]>(QuoteMessages.decided);
export const resendQuoteSignal = defineSignal<[{ quoteId: string; resendId: string }]>(QuoteMessages.resend);
export const quoteStatusQuery = defineQuery<'pending' | QuoteOutcome>('quoteStatus');

// ---- WF-3 service-order fulfilment (CP-10, CP-4 Accetta) ----------------------------------------------


export interface ServiceOrderWorkflowInput {
  serviceOrderId: string;
  accountId: string;
  /** The order (order core) that carries the money: its payment, refund and invoice. */
  orderId: string;
  /** The products the quote adds seats to, in order: one provisioning activity each. */
  productIds: string[];
  /** ISO instant of the 24-hour promise (seed 000): past it, operations and the rep are alerted, and it keeps waiting. */
  slaDueAt: string;
  /** After a decline or 3-D Secure, how long the contact has to pay (seconds from the first charge). */
  paymentWindowSeconds: number;
  /** How often an external provisioner's pending job is looked at again (seconds; the embedded one completes at once). */
  provisioningPollSeconds?: number;
}

export type ServiceOrderWorkflowStatus = 'charging' | 'awaiting_payment' | 'provisioning' | 'invoicing' | 'completed' | 'failed' | 'compensated';

export const serviceOrderStatusQuery = defineQuery<ServiceOrderWorkflowStatus>('serviceOrderStatus');
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

// ---- The periodic reconcile pass (workflows/reconcile.ts) -------------------------------------------

/**
 * A reconcile pass's SeatplanStatus, so staff find in the Temporal UI the passes that repaired something
 * (`WorkflowType = 'reconcileWorkflow' AND SeatplanStatus = 'repaired'`): `reconciling` from the
 * Schedule's start (server/temporal/schedules.ts), then, after the pass, whether any reconciler started,
 * closed, signalled or gave back anything — or `rows_failed` if some row could not be repaired.
 */
export const ReconcileStatus = {
  reconciling: 'reconciling',
  repaired: 'repaired',
  nothingToRepair: 'nothing_to_repair',
  /** Some rows could not be repaired (their IDs and errors are in the pass's result), whatever else it did. */
  rowsFailed: 'rows_failed',
} as const;

/** A row a reconciler could not repair: its ID (order, subscription, quote …) and the error's message. */
export interface ReconcileRowFailure {
  id: string;
  error: string;
}

/** Every row a pass could not repair, with the reconciler that met it (each reconciler's `failed`). */
export function reconcileFailures(summary: Record<string, unknown>): Array<ReconcileRowFailure & { reconciler: string }> {
  return Object.entries(summary).flatMap(([reconciler, result]) => {
    const failed = (result as { failed?: ReconcileRowFailure[] } | null)?.failed;
    return Array.isArray(failed) ? failed.map((f) => ({ reconciler, ...f })) : [];
  });
}
