'use client';

import { useEffect, useRef } from 'react';
import { trpc } from '../../_components/trpc-client';
import { loadStripeJs, type CardElement, type StripeJs } from './stripe-js';

export type CardConfirmation = { paymentMethodId: string } | { error: string };

/**
 * The Stripe card element of a checkout page: mounted into `hostRef` once `active` (the card is needed
 * and its host is on the page), then `confirm()` saves the typed card to the account's Stripe customer
 * (SetupIntent) and returns its PaymentMethod. Card data goes from Stripe.js to Stripe, never through us.
 */
export function useCardElement(
  active: boolean,
  stripeJs: { url: string; key: string },
  onLoadError: (message: string) => void,
  /** The SetupIntent to confirm against (the Corporate Billing Portal asks its own procedure). */
  setup: () => Promise<{ clientSecret: string }> = () => trpc.checkout.setupCard.mutate(),
) {
  const stripeRef = useRef<{ stripe: StripeJs; card: CardElement } | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!active || stripeRef.current || !hostRef.current) return;
    let cancelled = false;
    loadStripeJs(stripeJs.url, stripeJs.key)
      .then((stripe) => {
        if (cancelled || !hostRef.current) return;
        const card = stripe.elements().create('card');
        card.mount(hostRef.current);
        stripeRef.current = { stripe, card };
      })
      .catch((err: Error) => onLoadError(err.message));
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, stripeJs.url, stripeJs.key]);

  return {
    hostRef,
    /** The card element is on the page (Stripe.js loaded). */
    ready: () => stripeRef.current !== null,
    /** Saves the card; `fallback` is the message when Stripe gives none. */
    async confirm(fallback: string): Promise<CardConfirmation> {
      const s = stripeRef.current;
      if (!s) return { error: fallback };
      const { clientSecret } = await setup();
      const res = await s.stripe.confirmCardSetup(clientSecret, { payment_method: { card: s.card } });
      if (res.error || !res.setupIntent) return { error: res.error?.message || fallback };
      const pm = res.setupIntent.payment_method;
      return { paymentMethodId: typeof pm === 'string' ? pm : pm.id };
    },
  };
}

/** The card field: a label and the host Stripe.js mounts its element into. */
export function CardField({ label, hostRef }: { label: string; hostRef: React.RefObject<HTMLDivElement | null> }) {
  return (
    <div className="space-y-1">
      <p id="card-label" className="text-sm font-medium">{label}</p>
      <div ref={hostRef} role="group" aria-labelledby="card-label" data-testid="card-element" className="rounded-md border border-slate-300 p-3" />
    </div>
  );
}
