'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { trpc } from '../../_components/trpc-client';
import { Interactive } from '../../_components/interactive';

type Phase = { kind: 'idle' } | { kind: 'starting' } | { kind: 'started' } | { kind: 'failed'; message: string };

/** Starts the trial, then follows the workflow (via the subscription's status) until it is active. */
export function StartTrialButton({ productId, labels }: { productId: string; labels: { start: string; starting: string; started: string; failed: string } }) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  async function start() {
    setPhase({ kind: 'starting' });
    try {
      const { subscriptionId } = await trpc.subscriptions.startTrial.mutate({ productId });
      for (let i = 0; i < 120; i++) {
        const { status } = await trpc.subscriptions.status.query({ subscriptionId });
        if (status !== 'pending_trial') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      setPhase({ kind: 'started' });
      // Re-render the page from the database; the confirmation moves into the server-rendered card
      // (this button is gone once the product has a subscription), so it never flashes away.
      router.replace(`/billing/subscriptions?started=${encodeURIComponent(productId)}`);
    } catch (err) {
      setPhase({ kind: 'failed', message: err instanceof TRPCClientError ? err.message : labels.failed });
    }
  }
  return (
    <Interactive>
      <div aria-live="polite">
        <button
          type="button"
          onClick={start}
          disabled={phase.kind === 'starting' || phase.kind === 'started'}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {phase.kind === 'starting' ? labels.starting : labels.start}
        </button>
        {phase.kind === 'started' && <p className="mt-2 text-sm text-green-800" role="status">{labels.started}</p>}
        {phase.kind === 'failed' && <p className="mt-2 text-sm text-red-700" role="alert">{phase.message}</p>}
      </div>
    </Interactive>
  );
}
