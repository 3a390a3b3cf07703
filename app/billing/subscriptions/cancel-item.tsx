'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { trpc } from '../../_components/trpc-client';
import { useHydrated } from '../../_components/use-hydrated';

/** Options menu → Cancel at period end, or Keep subscription (its undo); both confirmed by email. */
export function CancelItem(props: { subscriptionId: string; cancelling: boolean; labels: { cancel: string; undo: string; saving: string; failed: string } }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function click() {
    setBusy(true);
    setError(null);
    try {
      if (props.cancelling) await trpc.renewals.undoCancel.mutate({ subscriptionId: props.subscriptionId });
      else await trpc.renewals.cancelAtPeriodEnd.mutate({ subscriptionId: props.subscriptionId });
      router.refresh();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : props.labels.failed);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" disabled={!hydrated || busy} onClick={click} className="block w-full px-3 py-2 text-left hover:bg-slate-50 disabled:opacity-60">
        {busy ? props.labels.saving : props.cancelling ? props.labels.undo : props.labels.cancel}
      </button>
      {error && <p role="alert" className="px-3 pb-2 text-xs text-red-700">{error}</p>}
    </>
  );
}
