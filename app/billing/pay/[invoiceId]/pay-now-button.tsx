'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';
import { loadStripeJs } from '../../../billing/_components/stripe-js';

type Labels = Record<'submit' | 'paying' | 'authenticate' | 'paid' | 'failed', string>;
const newKey = () => crypto.randomUUID().replace(/-/g, '');

/**
 * Pay now: one request ID per attempt (a double click is the same payment); the renewal workflow
 * charges the saved card and answers; 3-D Secure runs in Stripe.js, then the workflow is told.
 */
export function PayNowButton(props: { invoiceId: string; stripe: { url: string; key: string }; labels: Labels }) {
  const { labels: l } = props;
  const router = useRouter();
  const [phase, setPhase] = useState<'idle' | 'paying' | 'authenticating' | 'paid'>('idle');
  const [error, setError] = useState<string | null>(null);
  const keyRef = useRef(newKey());

  async function waitPaid() {
    for (let i = 0; i < 120; i++) {
      const v = await trpc.renewals.payPage.query({ invoiceId: props.invoiceId });
      if (v.invoiceStatus === 'paid') return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  }

  async function pay() {
    if (phase !== 'idle') return;
    setError(null);
    setPhase('paying');
    const requestId = keyRef.current;
    try {
      let outcome = await trpc.renewals.payNow.mutate({ invoiceId: props.invoiceId, requestId });
      if (outcome.status === 'requires_action') {
        setPhase('authenticating');
        const { clientSecret } = await trpc.renewals.payNowAction.query({ invoiceId: props.invoiceId, requestId });
        if (clientSecret) {
          const stripe = await loadStripeJs(props.stripe.url, props.stripe.key);
          const res = await stripe.confirmCardPayment(clientSecret);
          await trpc.renewals.payNowActionDone.mutate({ invoiceId: props.invoiceId });
          if (res.error) throw new Error(res.error.message ?? l.failed);
        }
        outcome = (await waitPaid()) ? { status: 'succeeded', invoiceNumber: null } : { status: 'failed', message: l.failed };
      }
      if (outcome.status === 'succeeded') {
        setPhase('paid');
        router.refresh();
        return;
      }
      setError(outcome.status === 'failed' ? outcome.message : l.failed);
    } catch (err) {
      setError(err instanceof TRPCClientError || err instanceof Error ? err.message : l.failed);
    }
    keyRef.current = newKey();
    setPhase('idle');
  }

  return (
    <Interactive>
      <div aria-live="polite" className="space-y-2">
        {phase === 'paid' ? (
          <p role="status" className="font-medium text-green-800" data-testid="pay-done">{l.paid}</p>
        ) : (
          <div className="flex items-center gap-3">
            <button type="button" onClick={pay} disabled={phase !== 'idle'} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
              {l.submit}
            </button>
            {phase === 'paying' && <span className="text-sm text-slate-700">{l.paying}</span>}
            {phase === 'authenticating' && <span className="text-sm text-slate-700">{l.authenticate}</span>}
          </div>
        )}
        {error && <p role="alert" className="text-sm text-red-700" data-testid="pay-error">{error}</p>}
      </div>
    </Interactive>
  );
}
