import { getDb, getPayments } from '../../../../server/deps';
import { recordStripeEvent } from '../../../../server/services/stripe-events';

export const dynamic = 'force-dynamic';

/** Stripe (or localstripe) webhooks: signature verified, each event handled once. */
export async function POST(req: Request) {
  const signature = req.headers.get('stripe-signature');
  const payload = await req.text();
  if (!signature) return new Response('Missing signature', { status: 400 });
  let event;
  try {
    event = getPayments().verifyWebhook(payload, signature);
  } catch {
    return new Response('Invalid signature', { status: 400 });
  }
  const fresh = await recordStripeEvent(getDb(), { id: event.id, type: event.type });
  return Response.json({ received: true, duplicate: !fresh });
}
