import Stripe from 'stripe';
import type { Env } from '../env';

/**
 * The only module that imports `stripe`. It speaks to real Stripe test mode or to localstripe
 * (when STRIPE_API_BASE is set) with the same subset of calls, so correctness never depends on
 * which one is behind it — and never on Stripe's own idempotency, which localstripe ignores.
 */
export interface PaymentGateway {
  createCustomer(input: { accountId: string; name: string; email: string }): Promise<{ customerId: string }>;
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

export function createStripeGateway(e: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE' | 'STRIPE_WEBHOOK_SECRET'>): PaymentGateway {
  const stripe = stripeClient(e);
  return {
    async createCustomer({ accountId, name, email }) {
      const customer = await stripe.customers.create({ name, email, metadata: { seatplan_account_id: accountId } });
      return { customerId: customer.id };
    },
    verifyWebhook(payload, signature) {
      return stripe.webhooks.constructEvent(payload, signature, e.STRIPE_WEBHOOK_SECRET);
    },
  };
}
