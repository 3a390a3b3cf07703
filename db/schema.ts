// Hand-written schema (atproto style): one interface per table, snake_case as in PostgreSQL.
// Keep in step with db/migrations/. Conventions for column types:
//  - money: bigint minor units → `Money` (reads as JS bigint, writes only bigint: never a float);
//  - timestamptz → Date (writes also accept an ISO string); date → 'YYYY-MM-DD' string;
//  - columns with a DEFAULT are Generated<…> (optional on insert).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Locale } from '../server/i18n/locale';

// ---- shared column types ---------------------------------------------------------------------
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Money = ColumnType<bigint, bigint, bigint>;
export type GeneratedMoney = ColumnType<bigint, bigint | undefined, bigint>;
/** A calendar date as PostgreSQL's 'YYYY-MM-DD' text (the pool does not turn dates into Date). */
export type DateString = ColumnType<string, string, string>;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonObject | JsonValue[];
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}
/** jsonb holding an object (pg serialises objects with JSON.stringify; use objects, not bare arrays). */
export type Jsonb<T extends JsonObject = JsonObject> = ColumnType<T, T | string, T | string>;

// ---- enums (CHECK IN lists in the migrations) ------------------------------------------------
export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];
export type AccountKind = 'online' | 'corporate';
export type UserRole = 'standard' | 'account_admin';
/** Sales representative, Corporate Account Services, operations (BO-1, BO-2). */
export type StaffRole = 'sales_rep' | 'cas' | 'ops';
export type Frequency = 'monthly' | 'annual';
/** An invoice or credit note line: a plan for a period, the credit for unused time on the previous plan, the credit balance applied. */
export type DocumentLineKind = 'plan' | 'unused_credit' | 'credit_applied';
export type SubscriptionStatus = 'pending_trial' | 'trial' | 'active' | 'past_due' | 'expired' | 'cancelled' | 'lapsed';
export type RenewalKind = 'online' | 'corporate';
/** WF-4: pending → paid | past_due → (paid | lapsed → paid); corporate: open → paid | expired. */
export type RenewalStatus = 'pending' | 'paid' | 'past_due' | 'lapsed' | 'open' | 'expired' | 'cancelled';
export type CartStatus = 'open' | 'checked_out' | 'abandoned';
export type CartItemKind = 'conversion' | 'change';
export const ORDER_KINDS = ['trial_start', 'conversion', 'change', 'service_order', 'renewal', 'invoice_payment'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
/**
 * What an order line is (order_lines.kind, migration 0010): conversion (BC-3, WF-1), change (BC-4, WF-2),
 * seat_addition (CP-10, WF-3: seats added, co-termed), renewal (BC-9, WF-4), invoice_payment (CP-6, WF-5:
 * no product or subscription, only the invoice). Fulfilment applies each line by its kind (server/orders/lines/).
 */
export type OrderLineKind = 'conversion' | 'change' | 'seat_addition' | 'renewal' | 'invoice_payment';
export const ORDER_STATUSES = ['pending', 'awaiting_payment', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Orders still on their way (BO-2 "stuck" when one stays so past OPS_STUCK_AFTER_MINUTES). */
export const UNFINISHED_ORDER_STATUSES = ['pending', 'awaiting_payment', 'processing'] as const satisfies readonly OrderStatus[];
export type PaymentStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';
export type InvoiceStatus = 'open' | 'paid' | 'void';
export type CreditReason = 'proration_credit' | 'applied_to_order' | 'manual' | 'refund';
/** 'pending' = sent and open (CP-4 "pending quotes"); a draft is the rep's, not yet sent. */
export type QuoteStatus = 'draft' | 'pending' | 'accepted' | 'rejected' | 'expired' | 'superseded' | 'withdrawn';
export type QuoteTermKind = 'co_term' | 'new_term';
export type QuoteSource = 'sales_rep' | 'add_seats';
export type ServiceOrderStatus = 'draft' | 'placed' | 'awaiting_payment' | 'provisioning' | 'completed' | 'failed' | 'compensated';
export type ProvisionStatus = 'pending' | 'applied' | 'rolled_back';
export type PaymentMethodKind = 'card' | 'wire' | 'check' | 'direct_debit';
export type DebitScheme = 'sepa_debit' | 'ach';
export type RequestStatus = 'open' | 'waiting_for_customer' | 'resolved';
/** CP-13: the categories of the request form (seed 004). */
export type RequestCategory = 'form_request' | 'reactivation' | 'cancellation' | 'billing_frequency' | 'seats_products' | 'other';
export type RequestMessageKind = 'reply' | 'resolution';
export type Realm = 'product' | 'portal' | 'staff';
export type AuditActorRealm = Realm | 'system' | 'stripe' | 'workflow';

/** Snapshot of a party (buyer or seller) printed on an invoice, or a billing address. */
export type VatNumberCheck = 'format' | 'vies';

export interface PartySnapshot extends JsonObject {
  name?: string;
  street?: string | null;
  city?: string | null;
  postcode?: string | null;
  region?: string | null;
  country?: string;
  vat_number?: string | null;
  /** How far that VAT number was checked when the document was issued (0021; absent on older ones). */
  vat_number_check?: VatNumberCheck | null;
  vat_number_checked_at?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Corporate accounts (seeds 000, 004): the billing contact printed with their portal user ID. */
  contact_name?: string | null;
  portal_user_id?: string | null;
}

// ---- identity ---------------------------------------------------------------------------------
export interface AccountsTable {
  id: string;
  name: string;
  kind: AccountKind;
  currency: Currency;
  country: string;
  vat_number: string | null;
  /** How far vat_number was checked: format and check digits only, or confirmed with VIES (0021). */
  vat_number_check: ColumnType<VatNumberCheck | null, VatNumberCheck | null | undefined, VatNumberCheck | null>;
  vat_number_checked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The one billing contact (billing admin); composite FK to a user of this account, deferred. */
  billing_contact_user_id: string | null;
  self_service_eligible: Generated<boolean>;
  stripe_customer_id: string | null;
  billing_street: string | null;
  billing_city: string | null;
  billing_postcode: string | null;
  billing_region: string | null;
  phone: string | null;
  sales_rep_staff_id: string | null;
  contract_start: Timestamp | null;
  contract_end: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: string;
  account_id: string;
  /** Always lowercase (CHECK lower(email) = email). */
  email: string;
  name: string;
  password_hash: string;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  disabled_at: Timestamp | null;
  sessions_valid_after: GeneratedTimestamp;
  created_at: GeneratedTimestamp;
}

export interface PortalCredentialsTable {
  id: string;
  account_id: string;
  /** The billing contact person (a user of the same account). */
  user_id: string;
  /** Lowercased portal user ID: a username or an email. */
  login_id: string;
  password_hash: string;
  sessions_valid_after: GeneratedTimestamp;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface StaffTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: StaffRole;
  sessions_valid_after: GeneratedTimestamp;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface PasswordResetTokensTable {
  id: string;
  realm: Realm;
  subject_id: string;
  /** sha256 of the token sent by email; the token itself is never stored. */
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

// ---- catalog ----------------------------------------------------------------------------------
export interface ProductsTable {
  id: string;
  code: string;
  name: string;
  trial_days: number;
  corporate_add_seats: Generated<boolean>;
  sort: Generated<number>;
}

export interface PlanTiersTable {
  id: string;
  product_id: string;
  code: string;
  name: string;
  /** Higher rank = higher tier; defines upgrade vs downgrade. */
  rank: number;
}

export interface PricesTable {
  id: string;
  tier_id: string;
  frequency: Frequency;
  currency: Currency;
  /** Minor units per seat per period. */
  unit_amount: Money;
  valid_from: Timestamp;
}

export interface TaxRatesTable {
  country: string;
  rate_basis_points: number;
  valid_from: Timestamp;
}

// ---- subscriptions, carts, orders --------------------------------------------------------------
export interface SubscriptionsTable {
  id: string;
  account_id: string;
  product_id: string;
  tier_id: string;
  seats: number;
  frequency: Frequency;
  status: SubscriptionStatus;
  trial_started_at: Timestamp | null;
  trial_ends_at: Timestamp | null;
  current_period_start: Timestamp | null;
  current_period_end: Timestamp | null;
  /** Net amount P charged for the current period (basis of proration credit). */
  last_charge_amount: Money | null;
  currency: Currency;
  /** Optimistic concurrency: UPDATE … SET version = version + 1 WHERE id = ? AND version = ?. */
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  /** Maintained by a trigger on every UPDATE. */
  updated_at: GeneratedTimestamp;
  /** CP-15 / BC-9: ends at current_period_end instead of renewing; set together with cancel_requested_at (0041). */
  cancel_at_period_end: Generated<boolean>;
  cancel_requested_at: Timestamp | null;
  /** When access ended: a cancellation took effect, a lapse, a corporate expiry. */
  ended_at: Timestamp | null;
  /** A lapsed subscription keeps its seat assignments until then. */
  seat_grace_until: Timestamp | null;
}

/** WF-4: one per subscription and billed period (unique) — the idempotency guard of a renewal. */
export interface RenewalsTable {
  id: string;
  subscription_id: string;
  account_id: string;
  kind: RenewalKind;
  /** The period it bills: starts exactly at the previous period's end. */
  period_start: Timestamp;
  period_end: Timestamp;
  status: ColumnType<RenewalStatus, RenewalStatus | undefined, RenewalStatus>;
  /** Its order (kind renewal): the charge, and the invoice (invoices.order_id). */
  order_id: string;
  due_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  /** Why the last attempt failed, in English (operations); readers get it by key in their language. */
  last_failure: string | null;
  last_failure_key: string | null;
  last_failure_params: Jsonb | null;
  paid_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SeatAssignmentsTable {
  subscription_id: string;
  user_id: string;
  assigned_at: GeneratedTimestamp;
}

export interface CartsTable {
  id: string;
  account_id: string;
  status: ColumnType<CartStatus, CartStatus | undefined, CartStatus>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CartItemsTable {
  id: string;
  cart_id: string;
  kind: CartItemKind;
  subscription_id: string;
  tier_id: string;
  seats: number;
  frequency: Frequency;
  created_at: GeneratedTimestamp;
}

export interface OrdersTable {
  id: string;
  account_id: string;
  kind: OrderKind;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  currency: Currency;
  /** Σ(plan_amount − credit_amount) of the lines; may be negative (the rest becomes credit). */
  subtotal: GeneratedMoney;
  /** Credit balance consumed (≥ 0). */
  credit_applied: GeneratedMoney;
  tax: GeneratedMoney;
  /** Amount due/charged (≥ 0). */
  total: GeneratedMoney;
  tax_rate_basis_points: Generated<number>;
  reverse_charge: Generated<boolean>;
  vat_number: string | null;
  idempotency_key: string;
  workflow_id: string | null;
  /** The cart checked out by this order (unique: a cart is checked out once). */
  cart_id: string | null;
  placed_by_user_id: string | null;
  /** English, for operations (and all that orders failed before 0015 have). */
  failure_reason: string | null;
  /** Why it did not go through, by message key of server/i18n and its parameters: rendered per reader. */
  failure_key: string | null;
  failure_params: ColumnType<Record<string, string | number> | null, Record<string, string | number> | null | undefined, Record<string, string | number> | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  completed_at: Timestamp | null;
  /** Printed on the order's invoice: the buyer's purchase order (0052). */
  purchase_order_number: string | null;
  /** The invoice is due this many days after it is issued (0: on issue); null: no due date printed (0052). */
  invoice_due_days: number | null;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  kind: OrderLineKind;
  subscription_id: string | null;
  /** Null only for an invoice payment line (it is about an invoice, not a plan). */
  product_id: string | null;
  tier_id: string | null;
  seats: number;
  frequency: Frequency | null;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  /** Full price N of the new configuration. */
  plan_amount: Money;
  /** Proration credit C for unused time (≥ 0). */
  credit_amount: GeneratedMoney;
  description: Generated<string>;
  created_at: GeneratedTimestamp;
  /** WF-2: true while the change order is open; at most one per subscription (order_lines_one_change_in_flight). */
  change_in_flight: Generated<boolean>;
  /** WF-2: the subscription version the change was priced against (applied only if still current). */
  subscription_version: number | null;
  /** CP-6 / WF-5: the invoice an invoice payment line pays (plan_amount is what it pays of it). */
  invoice_id: string | null;
  /** The price of one unit for a whole term when plan_amount is prorated (CP-10 seats co-termed); printed as the invoice's unit price (0052). */
  unit_amount: bigint | null;
}

// ---- invoices, payments, credit -----------------------------------------------------------------
export interface InvoiceNumberSequencesTable {
  year: number;
  last_seq: number;
}

export interface InvoicesTable {
  id: string;
  account_id: string;
  order_id: string | null;
  /** e.g. SP-2026-000123, from nextInvoiceNumber(). */
  number: string;
  year: number;
  seq: number;
  issued_at: GeneratedTimestamp;
  due_at: Timestamp | null;
  currency: Currency;
  subtotal: Money;
  tax: Money;
  total: Money;
  amount_paid: GeneratedMoney;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  reverse_charge: Generated<boolean>;
  tax_rate_basis_points: Generated<number>;
  buyer: Jsonb<PartySnapshot>;
  seller: Jsonb<PartySnapshot>;
  purchase_order_number: string | null;
  created_at: GeneratedTimestamp;
}

export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  description: string;
  quantity: number;
  unit_amount: Money;
  amount: Money;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  sort: Generated<number>;
  /** What the line is (0015), printed in the viewer's language; null on lines issued before, which print `description`. */
  kind: ColumnType<DocumentLineKind | null, DocumentLineKind | null | undefined, never>;
  product_name: ColumnType<string | null, string | null | undefined, never>;
  tier_name: ColumnType<string | null, string | null | undefined, never>;
  frequency: ColumnType<Frequency | null, Frequency | null | undefined, never>;
}

export interface CreditNoteNumberSequencesTable {
  year: number;
  last_seq: number;
}

export interface CreditNotesTable {
  id: string;
  invoice_id: string;
  account_id: string;
  /** e.g. CN-2026-000004, from nextCreditNoteNumber(). */
  number: string;
  year: number;
  seq: number;
  currency: Currency;
  amount: Money;
  reason: string;
  issued_at: GeneratedTimestamp;
  /** WF-2: the change order whose unused-time credit this note documents (one note per order). */
  order_id: string | null;
  /** Parties as printed at issue (0009); notes from before 0009 carry the corrected invoice's. */
  seller: Jsonb<PartySnapshot>;
  buyer: Jsonb<PartySnapshot>;
  /** The corrected invoice was reverse-charged: the PDF repeats the note. */
  reverse_charge: Generated<boolean>;
}

/** The lines of a credit note; they add up to its amount (checked at commit). Immutable. */
export interface CreditNoteLinesTable {
  id: string;
  credit_note_id: string;
  description: string;
  quantity: number;
  unit_amount: Money;
  amount: Money;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  sort: Generated<number>;
  /** What the line is (0015), printed in the viewer's language; null on lines issued before, which print `description`. */
  kind: ColumnType<DocumentLineKind | null, DocumentLineKind | null | undefined, never>;
  product_name: ColumnType<string | null, string | null | undefined, never>;
  tier_name: ColumnType<string | null, string | null | undefined, never>;
  frequency: ColumnType<Frequency | null, Frequency | null | undefined, never>;
}

export interface PaymentsTable {
  id: string;
  account_id: string;
  order_id: string | null;
  invoice_id: string | null;
  /** Unique per order: e.g. 'charge', 'renewal-attempt-2'. */
  step: string;
  amount: Money;
  currency: Currency;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  stripe_payment_intent_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  /** The card the stored PaymentIntent charges (recorded with the intent), for the order page. */
  card_brand: string | null;
  card_last4: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface RefundsTable {
  id: string;
  payment_id: string;
  amount: Money;
  stripe_refund_id: string | null;
  reason: string | null;
  created_at: GeneratedTimestamp;
}

/**
 * CP-6 / WF-5: the receipt of a payment recorded against an invoice (0032), written in the fulfilment
 * of the order that paid it, with the figures as they were right after it. Immutable.
 */
export interface PaymentReceiptsTable {
  payment_id: string;
  invoice_id: string;
  account_id: string;
  /** The invoice payment order whose payment this is (unique). */
  order_id: string | null;
  currency: Currency;
  amount: Money;
  invoice_total: Money;
  /** Paid of the invoice with this payment; paid_to_date + balance = invoice_total. */
  paid_to_date: Money;
  balance: Money;
  card_brand: string | null;
  card_last4: string | null;
  issued_at: GeneratedTimestamp;
}

export interface CreditLedgerTable {
  id: string;
  account_id: string;
  currency: Currency;
  /** Signed: + adds credit, − consumes it. The balance can never go below zero (trigger). */
  amount: Money;
  reason: CreditReason;
  order_id: string | null;
  note: string | null;
  created_at: GeneratedTimestamp;
}

/** View: Σ credit_ledger.amount per account and currency. */
export interface CreditBalancesView {
  account_id: string;
  currency: Currency;
  balance: bigint;
}

// ---- corporate ---------------------------------------------------------------------------------
export interface PaymentMethodsTable {
  id: string;
  account_id: string;
  kind: PaymentMethodKind;
  stripe_payment_method_id: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  is_default: Generated<boolean>;
  created_at: GeneratedTimestamp;
  /** CP-7 direct debit (0030): SEPA for EUR accounts, ACH for USD; only the last four characters, the public bank code and the holder are kept. */
  debit_scheme: DebitScheme | null;
  bank_last4: string | null;
  bank_code: string | null;
  account_holder_name: string | null;
}

export interface QuotesTable {
  id: string;
  account_id: string;
  /** Defaults to Q-000123 from a sequence. */
  number: Generated<string>;
  status: ColumnType<QuoteStatus, QuoteStatus | undefined, QuoteStatus>;
  source: QuoteSource;
  currency: Currency;
  subtotal: Money;
  tax: GeneratedMoney;
  total: Money;
  tax_rate_basis_points: Generated<number>;
  expires_at: Timestamp;
  created_by_staff_id: string | null;
  superseded_by_quote_id: string | null;
  notes: string | null;
  created_at: GeneratedTimestamp;
  /** Set exactly when status leaves 'draft'/'pending'. */
  decided_at: Timestamp | null;
  /** When it was sent (add-seats quotes: when made); null only for drafts. */
  sent_at: Timestamp | null;
  /** First time the billing contact opened it in the portal. */
  viewed_at: Timestamp | null;
  rejection_reason: string | null;
  /** The account's valid PO at the time the quote was priced, printed on the quote and the invoice. */
  purchase_order_number: string | null;
  reverse_charge: Generated<boolean>;
  /** WF-6 `quote-<id>`, from sending on. */
  workflow_id: string | null;
  updated_at: GeneratedTimestamp;
}

export interface QuoteLinesTable {
  id: string;
  quote_id: string;
  product_id: string;
  tier_id: string;
  seats: number;
  unit_amount: Money;
  amount: Money;
  /** The billed period of the added seats: [priced at, contract end) or a new annual term. */
  term_start: Timestamp;
  term_end: Timestamp;
  description: string | null;
  /** Catalog price per seat per year at pricing time; unit_amount is it less the discount. */
  list_unit_amount: Money;
  discount_basis_points: Generated<number>;
  term_kind: ColumnType<QuoteTermKind, QuoteTermKind | undefined, QuoteTermKind>;
  sort: Generated<number>;
}

export interface ServiceOrdersTable {
  id: string;
  account_id: string;
  quote_id: string;
  status: ColumnType<ServiceOrderStatus, ServiceOrderStatus | undefined, ServiceOrderStatus>;
  admin_contact_name: string | null;
  admin_contact_email: string | null;
  admin_user_id: string | null;
  payment_method_id: string | null;
  billing_address: Jsonb<PartySnapshot> | null;
  order_id: string | null;
  workflow_id: string | null;
  failure_reason: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  placed_at: Timestamp | null;
  completed_at: Timestamp | null;
  admin_action: 'create' | 'update' | null;
  /** The admin contact before an update (name, role), for compensation. */
  admin_previous: Jsonb | null;
  admin_created: Generated<boolean>;
  /** After a decline / 3-D Secure: the contact has until then to pay. */
  payment_due_at: Timestamp | null;
  /** The 24-hour promise (seed 000). */
  sla_due_at: Timestamp | null;
  sla_breached_at: Timestamp | null;
  paid_at: Timestamp | null;
  provisioned_at: Timestamp | null;
  compensated_at: Timestamp | null;
  failure_key: string | null;
  failure_params: Jsonb | null;
}

export interface ServiceOrderProvisionsTable {
  id: string;
  service_order_id: string;
  order_line_id: string;
  product_id: string;
  seats: number;
  status: ColumnType<ProvisionStatus, ProvisionStatus | undefined, ProvisionStatus>;
  /** `service-order-<id>:provision:<productId>`: the provisioner applies it at most once. */
  idempotency_key: string;
  /** After the order's fulfilment, the admin contact took one of the added seats (false: every seat was taken meanwhile). */
  admin_seat_assigned: Generated<boolean>;
  /** The external provisioner's reference, when one is configured. */
  external_ref: string | null;
  attempts: Generated<number>;
  applied_at: Timestamp | null;
  rolled_back_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface InvoiceRecipientsTable {
  id: string;
  account_id: string;
  email: string;
  name: string | null;
  created_at: GeneratedTimestamp;
}

export interface PurchaseOrdersTable {
  id: string;
  account_id: string;
  number: string;
  expires_on: DateString | null;
  created_at: GeneratedTimestamp;
  /** 0030, set by a trigger. */
  updated_at: GeneratedTimestamp;
}

export interface RequestsTable {
  id: string;
  account_id: string;
  /** Defaults to CAS-2026-000123 from a sequence (0040). */
  case_number: Generated<string>;
  category: RequestCategory;
  subcategory: string | null;
  details: string;
  status: ColumnType<RequestStatus, RequestStatus | undefined, RequestStatus>;
  submitted_by_user_id: string | null;
  assigned_staff_id: string | null;
  /** CP-14 / CP-15: the subscription a reactivation or cancellation is about. */
  subscription_id: string | null;
  /** CP-14: the quote a reactivation was answered with. */
  quote_id: string | null;
  resolution_note: string | null;
  /** Set exactly when status is 'resolved'. */
  resolved_at: Timestamp | null;
  resolved_by_staff_id: string | null;
  /** The latest message of either side (the portal list sorts by it). */
  last_message_at: GeneratedTimestamp;
  /** The form's one-time key: a second Submit with it finds the first request (unique per account). */
  submission_key: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** One reply in a request's conversation (immutable). */
export interface RequestMessagesTable {
  id: string;
  request_id: string;
  author_realm: 'portal' | 'staff';
  author_staff_id: string | null;
  author_user_id: string | null;
  kind: ColumnType<RequestMessageKind, RequestMessageKind | undefined, RequestMessageKind>;
  body: string;
  /** A reply that answers with a quote (CP-14). */
  quote_id: string | null;
  created_at: GeneratedTimestamp;
}

// ---- infrastructure ------------------------------------------------------------------------------
export interface StripeEventsTable {
  /** The Stripe event id (evt_…): inserting it twice is a unique violation → already handled. */
  id: string;
  type: string;
  payload: Jsonb | null;
  received_at: GeneratedTimestamp;
  processed_at: Timestamp | null;
}

export interface EmailOutboxTable {
  id: string;
  idempotency_key: string;
  to_address: string;
  subject: string;
  template: string;
  payload: ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface AuditLogTable {
  /** bigserial → bigint */
  id: Generated<bigint>;
  at: GeneratedTimestamp;
  actor_realm: AuditActorRealm;
  actor_id: string | null;
  account_id: string | null;
  action: string;
  subject_id: string | null;
  data: ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;
}

/** Sign-in and reset throttling counters (rate-limiter-flexible's Postgres store, 0020). */
export interface AuthThrottleTable {
  key: string;
  points: ColumnType<number, number | undefined, number>;
  /** Epoch milliseconds (int8 → bigint); null = no expiry. */
  expire: bigint | null;
}

/** Sessions ended by signing out, refused until their absolute lifetime is over (0020). */
export interface RevokedSessionsTable {
  session_id: string;
  realm: 'product' | 'portal' | 'staff';
  subject_id: string;
  revoked_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  portal_credentials: PortalCredentialsTable;
  staff: StaffTable;
  password_reset_tokens: PasswordResetTokensTable;
  products: ProductsTable;
  plan_tiers: PlanTiersTable;
  prices: PricesTable;
  tax_rates: TaxRatesTable;
  subscriptions: SubscriptionsTable;
  seat_assignments: SeatAssignmentsTable;
  renewals: RenewalsTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  invoice_number_sequences: InvoiceNumberSequencesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  credit_note_number_sequences: CreditNoteNumberSequencesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  payment_receipts: PaymentReceiptsTable;
  credit_ledger: CreditLedgerTable;
  credit_balances: CreditBalancesView;
  payment_methods: PaymentMethodsTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  service_orders: ServiceOrdersTable;
  service_order_provisions: ServiceOrderProvisionsTable;
  invoice_recipients: InvoiceRecipientsTable;
  purchase_orders: PurchaseOrdersTable;
  requests: RequestsTable;
  request_messages: RequestMessagesTable;
  stripe_events: StripeEventsTable;
  email_outbox: EmailOutboxTable;
  audit_log: AuditLogTable;
  auth_throttle: AuthThrottleTable;
  revoked_sessions: RevokedSessionsTable;
}

// ---- row types ---------------------------------------------------------------------------------
export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type PortalCredential = Selectable<PortalCredentialsTable>;
export type Staff = Selectable<StaffTable>;
export type PasswordResetToken = Selectable<PasswordResetTokensTable>;
export type Product = Selectable<ProductsTable>;
export type PlanTier = Selectable<PlanTiersTable>;
export type Price = Selectable<PricesTable>;
export type TaxRate = Selectable<TaxRatesTable>;
export type Subscription = Selectable<SubscriptionsTable>;
export type NewSubscription = Insertable<SubscriptionsTable>;
export type SubscriptionUpdate = Updateable<SubscriptionsTable>;
export type SeatAssignment = Selectable<SeatAssignmentsTable>;
export type Renewal = Selectable<RenewalsTable>;
export type Cart = Selectable<CartsTable>;
export type CartItem = Selectable<CartItemsTable>;
export type NewCartItem = Insertable<CartItemsTable>;
export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
export type OrderLine = Selectable<OrderLinesTable>;
export type NewOrderLine = Insertable<OrderLinesTable>;
export type Invoice = Selectable<InvoicesTable>;
export type NewInvoice = Insertable<InvoicesTable>;
export type InvoiceLine = Selectable<InvoiceLinesTable>;
export type NewInvoiceLine = Insertable<InvoiceLinesTable>;
export type CreditNote = Selectable<CreditNotesTable>;
export type CreditNoteLine = Selectable<CreditNoteLinesTable>;
export type Payment = Selectable<PaymentsTable>;
export type NewPayment = Insertable<PaymentsTable>;
export type Refund = Selectable<RefundsTable>;
export type CreditLedgerEntry = Selectable<CreditLedgerTable>;
export type NewCreditLedgerEntry = Insertable<CreditLedgerTable>;
export type PaymentMethod = Selectable<PaymentMethodsTable>;
export type Quote = Selectable<QuotesTable>;
export type NewQuote = Insertable<QuotesTable>;
export type QuoteLine = Selectable<QuoteLinesTable>;
export type ServiceOrder = Selectable<ServiceOrdersTable>;
export type ServiceOrderProvision = Selectable<ServiceOrderProvisionsTable>;
export type InvoiceRecipient = Selectable<InvoiceRecipientsTable>;
export type PurchaseOrder = Selectable<PurchaseOrdersTable>;
export type SupportRequest = Selectable<RequestsTable>;
export type RequestMessage = Selectable<RequestMessagesTable>;
export type StripeEvent = Selectable<StripeEventsTable>;
export type EmailOutboxEntry = Selectable<EmailOutboxTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
