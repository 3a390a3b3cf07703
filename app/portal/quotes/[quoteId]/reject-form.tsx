'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';

/** CP-4 Rifiuta: an optional reason, then the quote is closed and the rep told (by WF-6). */
export function RejectQuoteForm({ quoteId, labels: l }: { quoteId: string; labels: Record<'reject' | 'reason' | 'rejecting' | 'rejected' | 'failed', string> }) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [phase, setPhase] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (phase !== 'idle') return;
    setPhase('busy');
    setError(null);
    try {
      await trpc.portal.quotes.reject.mutate({ quoteId, reason: reason || null });
      setPhase('done');
      router.refresh();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed);
      setPhase('idle');
    }
  }
  return (
    <Interactive>
      <form onSubmit={submit} className="w-full max-w-md space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <label htmlFor="reject-reason" className="block text-sm font-medium">{l.reason}</label>
        <textarea id="reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} rows={3} className="w-full rounded-md border border-slate-300 px-3 py-2" />
        <div aria-live="polite" className="flex items-center gap-3">
          <button type="submit" disabled={phase !== 'idle'} className="rounded-md border border-red-300 px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60">{l.reject}</button>
          {phase === 'busy' && <span className="text-sm text-slate-700">{l.rejecting}</span>}
          {phase === 'done' && <span role="status" className="text-sm text-slate-700">{l.rejected}</span>}
        </div>
        {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      </form>
    </Interactive>
  );
}
