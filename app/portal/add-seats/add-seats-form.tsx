'use client';

import { TRPCClientError } from '@trpc/client';
import { Link } from '../../_components/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';

type Labels = Record<'save' | 'saving' | 'openTitle' | 'openBody' | 'confirm' | 'goToQuotes' | 'noSeats' | 'failed', string>;

/** Nuova Q.tà per postazioni per product → Salva carrello e rivedi (with seed 000's warning about open quotes first). */
export function AddSeatsForm(props: { products: Array<{ productId: string; supported: boolean; label: string; hint: string }>; openQuotes: Array<{ id: string; label: string }>; labels: Labels }) {
  const { labels: l } = props;
  const router = useRouter();
  const [seats, setSeats] = useState<Record<string, string>>({});
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mustConfirm = props.openQuotes.length > 0;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const items = props.products.filter((p) => p.supported).map((p) => ({ productId: p.productId, seats: Number(seats[p.productId] || 0) }));
    if (items.every((i) => !Number.isInteger(i.seats) || i.seats <= 0)) return setError(l.noSeats);
    setBusy(true);
    setError(null);
    try {
      const { quoteId } = await trpc.portal.addSeats.createQuote.mutate({ items: items.filter((i) => i.seats > 0), supersedeOpenQuotes: confirmed });
      router.push(`/portal/add-seats/${quoteId}`);
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed);
      setBusy(false);
    }
  }

  return (
    <Interactive>
      <form onSubmit={submit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {props.products.map((p) => (
          <div key={p.productId} className="space-y-1">
            <label htmlFor={`seats-${p.productId}`} className="block text-sm font-medium">{p.label}</label>
            <input
              id={`seats-${p.productId}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              step={1}
              disabled={!p.supported}
              value={seats[p.productId] ?? ''}
              onChange={(e) => setSeats((s) => ({ ...s, [p.productId]: e.target.value }))}
              aria-describedby={`hint-${p.productId}`}
              className="w-32 rounded-md border border-slate-300 px-3 py-2 disabled:bg-slate-100"
            />
            <p id={`hint-${p.productId}`} className="text-xs text-slate-600">{p.hint}</p>
          </div>
        ))}
        {mustConfirm && (
          <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950" data-testid="open-quotes-warning">
            <p className="font-semibold">{l.openTitle}</p>
            <p className="text-sm">{l.openBody}</p>
            <ul className="list-disc pl-6 text-sm">{props.openQuotes.map((q) => <li key={q.id}><Link href={`/portal/quotes/${q.id}`} className="underline">{q.label}</Link></li>)}</ul>
            <p className="text-sm"><Link href="/portal/quotes" className="underline">{l.goToQuotes}</Link></p>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} className="mt-1" />
              <span>{l.confirm}</span>
            </label>
          </div>
        )}
        {error && <p role="alert" className="text-sm text-red-700" data-testid="add-seats-error">{error}</p>}
        <div aria-live="polite" className="flex items-center gap-3">
          <button type="submit" disabled={busy || (mustConfirm && !confirmed)} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.save}</button>
          {busy && <span className="text-sm text-slate-700">{l.saving}</span>}
        </div>
      </form>
    </Interactive>
  );
}
