import type { OpenedRenewal, RenewalEmailKind, RenewalView, UserMessage } from '../shared';

/** The outcome of one charge attempt (a declined card is a result, never an exception); why it failed, by message key. */
export interface RenewalCharge {
  status: 'succeeded' | 'not_required' | 'requires_action' | 'processing' | 'failed';
  failure?: UserMessage;
}

/**
 * WF-4's I/O, in the words of the renewal: every step is idempotent (keyed by the renewal, one row per
 * subscription and period, and the charge by (order, step)), so a retried or re-run activity never
 * bills, charges, invoices or emails twice.
 */
export interface RenewalActivities {
  /** Where the subscription stands now, with the unsettled renewal (and its schedule) if there is one. */
  loadRenewal(input: { subscriptionId: string }): Promise<RenewalView>;
  /**
   * Bills the period starting at `periodStart` (the old period's end) at the price in force then: the
   * renewal order and its row — once per subscription and period; a corporate one also issues the open
   * invoice (PO number, due date from the net terms) and starts the new term.
   */
  openRenewal(input: { subscriptionId: string; periodStart: string }): Promise<OpenedRenewal>;
  /** Charges the renewal's order with the account's card as saved NOW (a replaced card is used). */
  chargeRenewal(input: { renewalId: string; step: string; idempotencyKey: string }): Promise<RenewalCharge>;
  refreshRenewalPayment(input: { renewalId: string; step: string }): Promise<RenewalCharge>;
  cancelRenewalPayment(input: { renewalId: string; step: string; reason: UserMessage }): Promise<RenewalCharge>;
  /**
   * Paid: the next period starts exactly at the old end (the anchor is kept, however late), the invoice
   * is issued paid (or the open one marked paid), a lapsed or past-due subscription is active again.
   */
  completeRenewal(input: { renewalId: string }): Promise<{ invoiceNumber: string | null; reactivated: boolean }>;
  /**
   * A failed attempt (`attempt` = the automatic attempts made so far; a pay-now failure repeats it):
   * the subscription is past due, the open invoice is issued at the first failure, and the next
   * attempt's time is taken from the renewal's schedule.
   */
  recordRenewalFailure(input: { renewalId: string; attempt: number; failure: UserMessage }): Promise<void>;
  /** After the last failure: access ends, seats are kept until `seatsReleaseAt`, the invoice stays open. */
  lapseRenewal(input: { renewalId: string; seatsReleaseAt: string }): Promise<void>;
  /** The seat grace period of a lapsed subscription is over: its assignments go. */
  releaseLapsedSeats(input: { renewalId: string }): Promise<void>;
  /** Cancel at period end took effect: the subscription ends without a charge. False when it was undone meanwhile. */
  endAtPeriodEnd(input: { subscriptionId: string; periodEnd: string }): Promise<boolean>;
  /** Corporate: the renewal invoice was paid (in the portal, CP-6); marks the renewal paid. */
  renewalInvoicePaid(input: { renewalId: string }): Promise<boolean>;
  /** Corporate: still unpaid past the expiry → the subscription expires. False when it was paid meanwhile. */
  expireCorporateRenewal(input: { renewalId: string }): Promise<boolean>;
  sendRenewalEmail(input: { subscriptionId: string; renewalId: string | null; kind: RenewalEmailKind; idempotencyKey: string }): Promise<void>;
}
