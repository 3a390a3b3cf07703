import { env } from '../../server/env';
import { stripeClient } from '../../server/payments/stripe-gateway';

/** Test cards (localstripe and Stripe test mode share these numbers). */
export const CARDS = {
  visa: '4242424242424242',
  /** Declined when saved (attach / SetupIntent). */
  declined: '4000000000000002',
  /** Saves fine, declined when charged. */
  declinedOnCharge: '4000000000000341',
  /** Needs 3-D Secure. */
  threeDSecure: '4000002500003155',
  /** Another card that pays (Visa debit): a different last 4 digits than `visa`. */
  visaDebit: '4000056655665556',
} as const;

/** A PaymentMethod as Stripe.js would make it in the page (raw numbers are fine against localstripe only). */
export async function createCard(number: string): Promise<string> {
  const pm = await stripeClient(env()).paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' } } as never);
  return pm.id;
}

/** What Stripe.js does when the customer completes (or fails) 3-D Secure in the page. */
export async function authenticate3ds(clientSecret: string, success = true) {
  const pi = clientSecret.match(/^(pi_\w+)_secret_/)![1];
  const res = await fetch(`${env().STRIPE_API_BASE}/v1/payment_intents/${pi}/_authenticate?success=${success}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: env().STRIPE_PUBLISHABLE_KEY, client_secret: clientSecret }),
  });
  if (!res.ok) throw new Error(`3-D Secure authentication failed: ${res.status} ${await res.text()}`);
}

export async function paymentIntent(id: string) {
  return stripeClient(env()).paymentIntents.retrieve(id);
}

/** What Stripe (here localstripe) holds for an intent: its refunds and its charge's refunded total. */
export async function refundsOf(paymentIntentId: string) {
  const stripe = stripeClient(env());
  const refunds = (await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data;
  const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
  const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const charge = chargeId ? await stripe.charges.retrieve(chargeId) : null;
  return { refunds, charged: pi.status === 'succeeded' ? pi.amount : 0, amountRefunded: charge?.amount_refunded ?? 0 };
}
