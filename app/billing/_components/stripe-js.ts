'use client';

/** The subset of Stripe.js the checkout uses (the same calls work on js.stripe.com and on localstripe's mock). */
export interface StripeJs {
  elements(): { create(type: 'card', options?: object): CardElement };
  confirmCardSetup(clientSecret: string, data: { payment_method: { card: CardElement } }): Promise<{ error?: { message?: string } | null; setupIntent?: { payment_method: string | { id: string } } }>;
  confirmCardPayment(clientSecret: string): Promise<{ error?: { message?: string } | null; paymentIntent?: { status: string } }>;
}
export interface CardElement {
  mount(el: HTMLElement | string): void;
  destroy(): void;
}

declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

const loading = new Map<string, Promise<void>>();

/** Loads Stripe.js once from the configured origin (never bundled: card data must not touch our code). */
export async function loadStripeJs(url: string, publishableKey: string): Promise<StripeJs> {
  if (!window.Stripe) {
    let p = loading.get(url);
    if (!p) {
      p = new Promise<void>((resolve, reject) => {
        const s = document.createElement('script');
        s.src = url;
        s.async = true;
        s.onload = () => resolve();
        s.onerror = () => reject(new Error('Stripe.js could not be loaded.'));
        document.head.appendChild(s);
      });
      loading.set(url, p);
    }
    await p;
  }
  if (!window.Stripe) throw new Error('Stripe.js could not be loaded.');
  return window.Stripe(publishableKey);
}

/** Money for display: integer minor units (as a string, never a float) in the viewer's language. */
export function formatMinor(amount: string | bigint, currency: string, locale: 'en' | 'it'): string {
  const v = BigInt(amount);
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(3, '0');
  const dec = `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
  return new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(dec as Intl.StringNumericLiteral);
}
