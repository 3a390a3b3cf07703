'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { trpc } from '../../../_components/trpc-client';
import { Interactive } from '../../../_components/interactive';
import { formatMinor } from '../../_components/stripe-js';

type Frequency = 'monthly' | 'annual';

export function OrderForm(props: {
  locale: 'en' | 'it';
  subscriptionId: string;
  currency: string;
  selection: { tierId: string; seats: number; frequency: Frequency };
  tiers: Array<{ id: string; name: string; monthly: string | null; annual: string | null }>;
  otherItemsInCart: number;
  labels: Record<'edit' | 'plan' | 'seats' | 'frequency' | 'monthly' | 'annual' | 'perSeat' | 'price' | 'complete' | 'addToCart' | 'cartHasItems' | 'failed', string>;
}) {
  const { labels: l } = props;
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [tierId, setTierId] = useState(props.selection.tierId);
  const [seats, setSeats] = useState(String(props.selection.seats));
  const [frequency, setFrequency] = useState<Frequency>(props.selection.frequency);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tier = props.tiers.find((x) => x.id === tierId) ?? props.tiers[0]!;
  const unit = frequency === 'annual' ? tier.annual : tier.monthly;
  const seatCount = /^\d+$/.test(seats) ? Number(seats) : NaN;
  const fmt = (v: string | bigint) => formatMinor(v, props.currency, props.locale);
  const total = unit && Number.isInteger(seatCount) && seatCount > 0 ? fmt(BigInt(unit) * BigInt(seatCount)) : '—';
  const submitLabel = props.otherItemsInCart > 0 ? l.addToCart : l.complete;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await trpc.cart.add.mutate({ subscriptionId: props.subscriptionId, tierId, seats: seatCount, frequency });
      router.push('/billing/checkout');
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed);
      setBusy(false);
    }
  }

  return (
    <Interactive>
      <form onSubmit={submit} className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-describedby={error ? 'order-error' : undefined}>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="order-summary">
          <dt className="text-slate-600">{l.plan}</dt>
          <dd data-testid="summary-tier">{tier.name}</dd>
          <dt className="text-slate-600">{l.seats}</dt>
          <dd data-testid="summary-seats">{seats}</dd>
          <dt className="text-slate-600">{l.frequency}</dt>
          <dd>{frequency === 'annual' ? l.annual : l.monthly}</dd>
          <dt className="text-slate-600">{l.price}</dt>
          <dd data-testid="summary-price">{total}</dd>
        </dl>
        <button type="button" aria-expanded={editing} aria-controls="order-edit" onClick={() => setEditing((v) => !v)} className="block rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
          {l.edit}
        </button>
        <div id="order-edit" hidden={!editing} className="space-y-4">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{l.plan}</legend>
            {props.tiers.map((x) => {
              const u = frequency === 'annual' ? x.annual : x.monthly;
              return (
                <label key={x.id} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="tier" value={x.id} checked={tierId === x.id} onChange={() => setTierId(x.id)} disabled={!u} />
                  <span>{x.name}</span>
                  {u && <span className="text-slate-600">— {l.perSeat.replace('{price}', fmt(u))}</span>}
                </label>
              );
            })}
          </fieldset>
          <div className="space-y-1">
            <label htmlFor="seats" className="block text-sm font-medium">{l.seats}</label>
            <input id="seats" name="seats" type="number" min={1} max={1000} step={1} required value={seats} onChange={(e) => setSeats(e.target.value)} className="w-32 rounded-md border border-slate-300 px-3 py-2" />
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{l.frequency}</legend>
            {(['monthly', 'annual'] as const).map((f) => (
              <label key={f} className="flex items-center gap-2 text-sm">
                <input type="radio" name="frequency" value={f} checked={frequency === f} onChange={() => setFrequency(f)} />
                {f === 'annual' ? l.annual : l.monthly}
              </label>
            ))}
          </fieldset>
        </div>
        {props.otherItemsInCart > 0 && <p className="text-sm text-slate-700">{l.cartHasItems}</p>}
        {error && <p id="order-error" role="alert" className="text-sm text-red-700">{error}</p>}
        <button type="submit" disabled={busy} className="block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {submitLabel}
        </button>
      </form>
    </Interactive>
  );
}
