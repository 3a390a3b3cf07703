import Stripe from 'stripe';
import type { Env } from '../env';

/**
 * The only module that imports `stripe`. It speaks to real Stripe test mode or to localstripe
 * (when STRIPE_API_BASE is set) with the same subset of calls, so correctness never depends on
 * which one is behind it — and never on Stripe's own idempotency, which localstripe ignores.
 *
 * Payments are made in two phases so a retried activity can never charge twice: a PaymentIntent is
 * created *unconfirmed* (no money moves), its id is stored under the order's (order_id, step) row, and
 * only the stored intent is ever confirmed. A crash between create and store leaves an unconfirmed
 * intent behind, which charges nothing.
 */
export type IntentStatus = 'succeeded' | 'requires_action' | 'requires_confirmation' | 'processing' | 'failed' | 'canceled';

export interface IntentState {
  id: string;
  status: IntentStatus;
  amount: bigint;
  currency: string;
  clientSecret: string | null;
  failureCode: string | null;
  failureMessage: string | null;
}

export interface CardDetails {
  id: string;
  customerId: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** A card problem the customer can fix (declined, authentication failed): never retried. */
export class CardError extends Error {
  override name = 'CardError';
  constructor(message: string, public readonly code: string | null) {
    super(message);
  }
}

/** The Stripe account (or the fake in front of us) cannot tokenise this kind of payment method. */
export class UnsupportedPaymentMethodError extends Error {
  override name = 'UnsupportedPaymentMethodError';
}

/** CP-7 direct debit: the bank account as the person types it (sent to Stripe, never stored by us). */
export type BankDebitInput = { scheme: 'sepa_debit'; iban: string } | { scheme: 'ach'; routingNumber: string; accountNumber: string };

export interface PaymentGateway {
  createCustomer(input: { accountId: string; name: string; email: string }): Promise<{ customerId: string }>;
  /** False when Stripe does not know the customer (or it was deleted): its data went missing. */
  customerExists(customerId: string): Promise<boolean>;
  /** A SetupIntent whose client secret lets Stripe.js collect and save a card for the customer. */
  createSetupIntent(input: { customerId: string; accountId: string }): Promise<{ clientSecret: string }>;
  getPaymentMethod(paymentMethodId: string): Promise<CardDetails | null>;
  /**
   * A direct-debit payment method (SEPA from an IBAN, ACH from a routing and account number) attached
   * to the customer; only its id, the last four characters and the public bank code come back.
   * Throws UnsupportedPaymentMethodError when the Stripe side cannot tokenise that scheme.
   */
  createBankDebit(input: { customerId: string; holder: string; email: string; bank: BankDebitInput }): Promise<{ id: string; last4: string; bankCode: string | null }>;
  /** Saves a card for reuse; a declined card throws CardError. */
  attachPaymentMethod(paymentMethodId: string, customerId: string): Promise<void>;
  /** Phase 1: an unconfirmed PaymentIntent (charges nothing). */
  createPaymentIntent(input: { amount: bigint; currency: string; customerId: string; paymentMethodId: string; metadata: Record<string, string> }): Promise<IntentState>;
  getPaymentIntent(id: string): Promise<IntentState>;
  /** Phase 2: confirm the stored intent; a decline is reported in the state, not thrown. */
  confirmPaymentIntent(id: string): Promise<IntentState>;
  cancelPaymentIntent(id: string): Promise<IntentState>;
  refund(input: { paymentIntentId: string; amount: bigint; metadata: Record<string, string> }): Promise<{ refundId: string }>;
  /** The refunds Stripe holds for an intent: a retried refund looks here before refunding again. */
  listRefunds(paymentIntentId: string): Promise<Array<{ id: string; amount: bigint; status: string | null; metadata: Record<string, string> }>>;
  verifyWebhook(payload: string, signature: string): Stripe.Event;
}

export function stripeClient(e: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined;
  return new Stripe(e.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
      protocol: base.protocol.replace(':', '') as 'http' | 'https',
      telemetry: false,
    }),
  });
}

function intentState(pi: Stripe.PaymentIntent): IntentState {
  const err = pi.last_payment_error;
  let status: IntentStatus;
  switch (pi.status) {
    case 'succeeded':
      status = 'succeeded';
      break;
    case 'requires_action':
      status = 'requires_action';
      break;
    case 'requires_confirmation':
      status = 'requires_confirmation';
      break;
    case 'processing':
    case 'requires_capture':
      status = 'processing';
      break;
    case 'canceled':
      status = 'canceled';
      break;
    default:
      // requires_payment_method after a confirm = the attempt failed (declined, 3-D Secure failed)
      status = 'failed';
  }
  return {
    id: pi.id,
    status,
    amount: BigInt(pi.amount),
    currency: pi.currency.toUpperCase(),
    clientSecret: pi.client_secret ?? null,
    failureCode: err?.code ?? null,
    failureMessage: err?.message ?? null,
  };
}

function isCardError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeCardError || (err instanceof Stripe.errors.StripeError && err.statusCode === 402);
}

export function createStripeGateway(e: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE' | 'STRIPE_WEBHOOK_SECRET'> & { APP_URL?: string }): PaymentGateway {
  const stripe = stripeClient(e);
  return {
    async createCustomer({ accountId, name, email }) {
      const customer = await stripe.customers.create({ name, email, metadata: { seatplan_account_id: accountId } });
      return { customerId: customer.id };
    },
    async customerExists(customerId) {
      try {
        const c = await stripe.customers.retrieve(customerId);
        return !(c as { deleted?: boolean }).deleted;
      } catch (err) {
        if (err instanceof Stripe.errors.StripeError && err.statusCode === 404) return false;
        throw err;
      }
    },
    async createSetupIntent({ customerId, accountId }) {
      // Card is the default (and only) type on both localstripe and a test account without other methods.
      const si = await stripe.setupIntents.create({ customer: customerId, usage: 'off_session', metadata: { seatplan_account_id: accountId } });
      if (!si.client_secret) throw new Error('Stripe returned a SetupIntent without a client secret');
      return { clientSecret: si.client_secret };
    },
    async getPaymentMethod(id) {
      try {
        const pm = await stripe.paymentMethods.retrieve(id);
        const customer = typeof pm.customer === 'string' ? pm.customer : pm.customer?.id ?? null;
        return { id: pm.id, customerId: customer, brand: pm.card?.brand ?? null, last4: pm.card?.last4 ?? null, expMonth: pm.card?.exp_month ?? null, expYear: pm.card?.exp_year ?? null };
      } catch (err) {
        if (err instanceof Stripe.errors.StripeError && err.statusCode === 404) return null;
        throw err;
      }
    },
    async createBankDebit({ customerId, holder, email, bank }) {
      let pm: Stripe.PaymentMethod;
      try {
        pm = bank.scheme === 'sepa_debit'
          ? await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: bank.iban }, billing_details: { name: holder, email } })
          : await stripe.paymentMethods.create({
              type: 'us_bank_account',
              us_bank_account: { routing_number: bank.routingNumber, account_number: bank.accountNumber, account_holder_type: 'company' },
              billing_details: { name: holder, email },
            });
      } catch (err) {
        // localstripe knows cards and SEPA only: it refuses the other types as an invalid request.
        if (err instanceof Stripe.errors.StripeInvalidRequestError && bank.scheme === 'ach') throw new UnsupportedPaymentMethodError(err.message);
        throw err;
      }
      await stripe.paymentMethods.attach(pm.id, { customer: customerId });
      const last4 = pm.sepa_debit?.last4 ?? pm.us_bank_account?.last4 ?? null;
      if (!last4) throw new Error(`Stripe returned payment method ${pm.id} without its last four digits`);
      return { id: pm.id, last4, bankCode: pm.sepa_debit?.bank_code ?? pm.us_bank_account?.routing_number ?? null };
    },
    async attachPaymentMethod(id, customerId) {
      try {
        await stripe.paymentMethods.attach(id, { customer: customerId });
      } catch (err) {
        if (isCardError(err)) throw new CardError(err.message, err.code ?? null);
        throw err;
      }
    },
    async createPaymentIntent({ amount, currency, customerId, paymentMethodId, metadata }) {
      const pi = await stripe.paymentIntents.create({
        amount: Number(amount),
        currency: currency.toLowerCase(),
        customer: customerId,
        payment_method: paymentMethodId,
        metadata,
      });
      return intentState(pi);
    },
    async getPaymentIntent(id) {
      return intentState(await stripe.paymentIntents.retrieve(id));
    },
    async confirmPaymentIntent(id) {
      try {
        // Real Stripe wants a return URL for redirect-based methods; localstripe refuses unknown parameters.
        const params = e.STRIPE_API_BASE || !e.APP_URL ? undefined : { return_url: `${e.APP_URL}/billing/subscriptions` };
        return intentState(await stripe.paymentIntents.confirm(id, params));
      } catch (err) {
        // A decline answers 402; the intent itself carries the outcome, so read it back.
        if (isCardError(err)) {
          const state = intentState(await stripe.paymentIntents.retrieve(id));
          return { ...state, status: state.status === 'succeeded' ? 'succeeded' : 'failed', failureCode: state.failureCode ?? err.code ?? 'card_declined', failureMessage: state.failureMessage ?? err.message };
        }
        throw err;
      }
    },
    async cancelPaymentIntent(id) {
      return intentState(await stripe.paymentIntents.cancel(id));
    },
    async refund({ paymentIntentId, amount, metadata }) {
      const r = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: Number(amount), metadata });
      return { refundId: r.id };
    },
    async listRefunds(paymentIntentId) {
      const page = await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 });
      return page.data.map((r) => ({ id: r.id, amount: BigInt(r.amount), status: r.status ?? null, metadata: (r.metadata ?? {}) as Record<string, string> }));
    },
    verifyWebhook(payload, signature) {
      return stripe.webhooks.constructEvent(payload, signature, e.STRIPE_WEBHOOK_SECRET);
    },
  };
}
