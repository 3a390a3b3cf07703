import { getDb, getPayments } from '../../../../server/deps';
import { handleStripeEvent } from '../../../../server/payments/webhooks';
import { getTemporalClient } from '../../../../server/temporal/client';
import { LIMITS, readBodyWithin } from '../../../../server/http-limits';

export const dynamic = 'force-dynamic';

/** Stripe (or localstripe) webhooks: signature verified, each event handled once, the order's workflow told. */
export async function POST(req: Request) {
  const signature = req.headers.get('stripe-signature');
  if (!signature) return new Response('Missing signature', { status: 400 });
  const payload = await readBodyWithin(req, LIMITS.webhookBodyBytes);
  if (payload === null) return new Response('Payload too large', { status: 413 });
  let event;
  try {
    event = getPayments().verifyWebhook(payload, signature);
  } catch {
    return new Response('Invalid signature', { status: 400 });
  }
  try {
    const outcome = await handleStripeEvent({ db: getDb(), temporal: getTemporalClient }, event);
    return Response.json({ received: true, duplicate: outcome.duplicate });
  } catch (err) {
    // 500 makes Stripe deliver again later; the event row is only kept once it was handled.
    console.error('[stripe webhook]', err);
    await getDb().deleteFrom('stripe_events').where('id', '=', event.id).where('processed_at', 'is', null).execute().catch(() => undefined);
    return new Response('Temporarily unable to handle the event', { status: 500 });
  }
}
