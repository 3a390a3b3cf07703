'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';
import { CardField, useCardElement } from '../_components/card-element';

type Labels = Record<'replace' | 'add' | 'card' | 'save' | 'saving' | 'done' | 'cancel' | 'failed', string>;

/**
 * Replace card: Stripe.js saves the typed card to the account's Stripe customer (SetupIntent), then the
 * server makes it the saved card. Nothing is charged. `onSaved` lets the dunning page pay right after.
 */
export function ReplaceCardForm(props: { hasCard: boolean; stripe: { url: string; key: string }; labels: Labels; onSaved?: () => void }) {
  const { labels: l } = props;
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <Interactive>
      <div className="space-y-3" aria-live="polite">
        {done && <p role="status" className="text-sm text-green-800" data-testid="card-saved">{l.done}</p>}
        {open ? (
          <CardFormBody
            {...props}
            onClose={() => setOpen(false)}
            onDone={() => {
              setOpen(false);
              setDone(true);
              props.onSaved?.();
            }}
          />
        ) : (
          <button type="button" onClick={() => { setOpen(true); setDone(false); }} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
            {props.hasCard ? l.replace : l.add}
          </button>
        )}
      </div>
    </Interactive>
  );
}

/** Mounted only while open, so every opening gets a fresh card element. */
function CardFormBody(props: { hasCard: boolean; stripe: { url: string; key: string }; labels: Labels; onClose: () => void; onDone: () => void }) {
  const { labels: l } = props;
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const card = useCardElement(true, props.stripe, setError);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (saving || !card.ready()) return;
    setError(null);
    setSaving(true);
    try {
      const saved = await card.confirm(l.failed);
      if ('error' in saved) {
        setError(saved.error);
        setSaving(false);
        return;
      }
      await trpc.paymentMethod.replace.mutate({ paymentMethodId: saved.paymentMethodId });
      router.refresh();
      props.onDone();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed);
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} aria-label={props.hasCard ? l.replace : l.add} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <CardField label={l.card} hostRef={card.hostRef} />
      {error && <p role="alert" className="text-sm text-red-700" data-testid="card-error">{error}</p>}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={saving} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.save}</button>
        <button type="button" onClick={props.onClose} className="text-sm text-slate-700 underline">{l.cancel}</button>
        {saving && <span className="text-sm text-slate-700">{l.saving}</span>}
      </div>
    </form>
  );
}
