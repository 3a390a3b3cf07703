import 'server-only';
import { env } from '../../../server/env';

/** Where the pages load Stripe.js from (localstripe's mock when it is the Stripe behind us) and with which key. */
export function stripeJsConfig() {
  const e = env();
  return { url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY };
}
