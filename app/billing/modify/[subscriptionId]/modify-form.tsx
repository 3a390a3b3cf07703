'use client';

import { TRPCClientError } from '@trpc/client';
import { Link } from '../../../_components/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { trpc } from '../../../_components/trpc-client';
import { Interactive } from '../../../_components/interactive';
import { CardField, useCardElement } from '../../_components/card-element';
import { formatMinor } from '../../_components/stripe-js';

type Frequency = 'monthly' | 'annual';
type Preview = Awaited<ReturnType<typeof trpc.subscriptionChange.preview.query>>;

function newKey() {
  return crypto.randomUUID().replace(/-/g, '');
}

/** The figures a CONFLICT brings back when they moved between the summary and Place order. */
function freshPreview(err: unknown): Preview | null {
  if (!(err instanceof TRPCClientError)) return null;
  const details = (err.data as { details?: { preview?: Preview } } | undefined)?.details;
  return details?.preview ?? null;
}

export function ModifyForm(props: {
  locale: 'en' | 'it';
  subscriptionId: string;
  currency: string;
  current: { tierId: string; seats: number; frequency: Frequency };
  tiers: Array<{ id: string; name: string; lower: boolean; monthly: string | null; annual: string | null }>;
  changeInProgress: string | null;
  /** Items already in the cart: the button reads "Add to cart" and the change joins them (BC-5). */
  cartItems: number;
  stripe: { url: string; key: string };
  labels: Record<string, string>;
}) {
  const { labels: l, locale } = props;
  const router = useRouter();
  const [editing, setEditing] = useState(true);
  const [tierId, setTierId] = useState(props.current.tierId);
  const [seats, setSeats] = useState(String(props.current.seats));
  const [frequency, setFrequency] = useState<Frequency>(props.current.frequency);
  const [vat, setVat] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pricing, setPricing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'card' | 'placing'>('idle');
  const [error, setError] = useState<string | null>(null);
  const keyRef = useRef(newKey());
  const seatCount = /^\d+$/.test(seats) ? Number(seats) : NaN;
  const changed = tierId !== props.current.tierId || seatCount !== props.current.seats || frequency !== props.current.frequency;
  const fmt = (v: bigint | string) => formatMinor(v, props.currency, locale);
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium' });
  const due = preview ? preview.quote.total > 0n : false;
  const card = useCardElement(confirming && due, props.stripe, setError);

  // The order summary follows every edit (debounced), priced by the server with the same function as the charge.
  useEffect(() => {
    setPreview(null);
    setProblem(null);
    setConfirming(false);
    if (!changed || !Number.isInteger(seatCount) || seatCount < 1) return;
    let cancelled = false;
    setPricing(true);
    const timer = setTimeout(() => {
      trpc.subscriptionChange.preview
        .query({ subscriptionId: props.subscriptionId, tierId, seats: seatCount, frequency, vatNumber: vat || null })
        .then((p) => { if (!cancelled) setPreview(p); })
        .catch((err: unknown) => { if (!cancelled) setProblem(err instanceof TRPCClientError ? err.message : l['error.generic']!); })
        .finally(() => { if (!cancelled) setPricing(false); });
    }, 250);
    return () => { cancelled = true; clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tierId, seatCount, frequency, changed, props.subscriptionId]);

  async function applyVat() {
    setError(null);
    try {
      setPreview(await trpc.subscriptionChange.preview.query({ subscriptionId: props.subscriptionId, tierId, seats: seatCount, frequency, vatNumber: vat || null }));
      return true;
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l['error.generic']!);
      return false;
    }
  }

  /** BC-5: the change joins the cart (with other changes or trial conversions) and is paid in the cart's one checkout. */
  async function addToCart() {
    if (phase !== 'idle') return;
    setError(null);
    setPhase('placing');
    try {
      await trpc.cart.addChange.mutate({ subscriptionId: props.subscriptionId, tierId, seats: seatCount, frequency });
      router.push('/billing/checkout');
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l['error.generic']!);
      setPhase('idle');
    }
  }

  async function placeOrder(e: React.FormEvent) {
    e.preventDefault();
    if (phase !== 'idle' || !preview) return;
    setError(null);
    try {
      let paymentMethodId: string | null = null;
      if (preview.quote.total > 0n) {
        if (!card.ready()) return;
        setPhase('card');
        const saved = await card.confirm(l['error.generic']!);
        if ('error' in saved) {
          setError(saved.error);
          setPhase('idle');
          return;
        }
        paymentMethodId = saved.paymentMethodId;
      }
      setPhase('placing');
      const placed = await trpc.subscriptionChange.place.mutate({
        subscriptionId: props.subscriptionId, tierId, seats: seatCount, frequency, vatNumber: vat || null,
        quoteToken: preview.quoteToken, idempotencyKey: keyRef.current, paymentMethodId,
      });
      if (placed.payment?.status === 'failed') {
        setError(placed.payment.message);
        keyRef.current = newKey();
        setPhase('idle');
        return;
      }
      router.push(`/billing/orders/${placed.orderId}`);
    } catch (err) {
      const fresh = freshPreview(err);
      if (fresh) {
        // Nothing was charged: show the new figures and let the user confirm them.
        setPreview(fresh);
        setError(l['modify.confirmAgain']!);
      } else {
        setError(err instanceof TRPCClientError ? err.message : l['error.generic']!);
      }
      // The order was kept but could not be started (Temporal unreachable): the same key, sent again, hands it over.
      if (!(err instanceof TRPCClientError && err.data?.code === 'SERVICE_UNAVAILABLE')) keyRef.current = newKey();
      setPhase('idle');
    }
  }

  if (props.changeInProgress) {
    return (
      <div role="alert" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-4">
        <p>{l['modify.inProgress']}</p>
        <p><Link className="underline" href={`/billing/orders/${props.changeInProgress}`}>{l['modify.viewOrder']}</Link></p>
      </div>
    );
  }

  const tier = props.tiers.find((x) => x.id === tierId)!;
  const currentTier = props.tiers.find((x) => x.id === props.current.tierId);
  const frequencyLabel = (f: Frequency) => (f === 'annual' ? l['subs.frequency.annual'] : l['subs.frequency.monthly']);
  const q = preview?.quote;
  return (
    <Interactive>
      <div className="space-y-6">
        {/* What the subscription is now, beside the selection being edited (seed 002 compares the two). */}
        <section aria-labelledby="current-heading" className="space-y-1 rounded-lg border border-slate-200 bg-slate-50 p-6">
          <h2 id="current-heading" className="text-lg font-semibold">{l['modify.current']}</h2>
          <p data-testid="current-plan">{currentTier?.name} · {props.current.seats} × {l['modify.seats']!.toLowerCase()} · {frequencyLabel(props.current.frequency)}</p>
          <p className="text-sm text-slate-700">{l.nextBilling}</p>
        </section>
        <section aria-labelledby="plan-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <div className="flex items-center justify-between gap-2">
            <h2 id="plan-heading" className="text-lg font-semibold">{l['modify.selection']}</h2>
            <button type="button" aria-expanded={editing} aria-controls="modify-edit" onClick={() => setEditing((v) => !v)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
              {l['order.edit']}
            </button>
          </div>
          <p data-testid="selection">{tier.name} · {seats} × {l['modify.seats']!.toLowerCase()} · {frequencyLabel(frequency)}</p>
          <div id="modify-edit" hidden={!editing} className="space-y-4">
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">{l['order.plan']}</legend>
              {props.tiers.map((x) => {
                const u = frequency === 'annual' ? x.annual : x.monthly;
                return (
                  <label key={x.id} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="tier" value={x.id} checked={tierId === x.id} onChange={() => setTierId(x.id)} disabled={!u} />
                    <span>{x.name}</span>
                    {u && <span className="text-slate-600">— {l.perSeat!.replace('{price}', fmt(u))}</span>}
                    {x.lower && <span className="text-slate-600">{l['modify.lowerTier']}</span>}
                  </label>
                );
              })}
            </fieldset>
            <div className="space-y-1">
              <label htmlFor="seats" className="block text-sm font-medium">{l['order.seats']}</label>
              <input id="seats" name="seats" type="number" min={1} max={1000} step={1} required value={seats} onChange={(e) => setSeats(e.target.value)} className="w-32 rounded-md border border-slate-300 px-3 py-2" />
            </div>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">{l['order.frequency']}</legend>
              {(['monthly', 'annual'] as const).map((f) => (
                <label key={f} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="frequency" value={f} checked={frequency === f} onChange={() => setFrequency(f)} />
                  {f === 'annual' ? l['subs.frequency.annual'] : l['subs.frequency.monthly']}
                </label>
              ))}
            </fieldset>
          </div>
        </section>

        <section aria-labelledby="summary-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="summary-heading" className="text-lg font-semibold">{l['modify.summary']}</h2>
          <div aria-live="polite">
            {pricing && <p className="text-sm text-slate-700">{l['modify.pricing']}</p>}
            {problem && <p role="alert" className="text-sm text-red-700" data-testid="change-problem">{problem}</p>}
          </div>
          {q && (
            <>
              <p data-testid="summary-period">{l['modify.period']!.replace('{start}', date.format(new Date(q.periodStart))).replace('{end}', date.format(new Date(q.periodEnd)))}</p>
              <dl className="grid max-w-md grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="change-summary">
                <dt>{l['modify.seats']}</dt>
                <dd className="text-right" data-testid="summary-seats">{q.target.seats}</dd>
                <dt>{l['modify.planCost']} ({q.target.tierName})</dt>
                <dd className="text-right" data-testid="summary-plan-cost">{fmt(q.planCost)}</dd>
                <dt>{l['modify.unusedCredit']}</dt>
                <dd className="text-right" data-testid="summary-unused-credit">−{fmt(q.unusedCredit)}</dd>
                <dt>{l['modify.creditApplied']}</dt>
                <dd className="text-right" data-testid="summary-credit-applied">−{fmt(q.creditApplied)}</dd>
                <dt>{q.reverseCharge ? l['checkout.reverseCharge'] : l.tax!.replace('{rate}', `${(q.taxRateBasisPoints / 100).toLocaleString(locale === 'it' ? 'it-IT' : 'en-US')} %`)}</dt>
                <dd className="text-right" data-testid="summary-tax">{fmt(q.tax)}</dd>
                <dt className="font-semibold">{l['modify.totalDue']}</dt>
                <dd className="text-right font-semibold" data-testid="summary-total">{fmt(q.total)}</dd>
                {q.creditAdded > 0n && (
                  <>
                    <dt>{l['modify.creditAdded']}</dt>
                    <dd className="text-right" data-testid="summary-credit-added">{fmt(q.creditAdded)}</dd>
                  </>
                )}
              </dl>
              {q.reverseCharge && <p className="text-xs text-slate-600">{l['doc.reverseChargeNote']}</p>}
              {!confirming && props.cartItems > 0 && (
                <button type="button" disabled={phase !== 'idle'} onClick={addToCart} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
                  {l['order.addToCart']}
                </button>
              )}
              {/* Seed 002: "Add to cart" appears instead of "Complete transaction" only when the cart already holds items. */}
              {!confirming && props.cartItems === 0 && (
                <button type="button" onClick={() => { setConfirming(true); setEditing(false); }} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
                  {l['order.completeTransaction']}
                </button>
              )}
            </>
          )}
        </section>

        {confirming && q && (
          <form onSubmit={placeOrder} aria-labelledby="complete-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="complete-heading" className="text-lg font-semibold">{l['modify.complete']}</h2>
            <p className="text-sm text-slate-700">{l['modify.review']}</p>
            <button type="button" onClick={() => { setConfirming(false); setEditing(true); }} className="text-sm text-brand-700 underline">{l['checkout.editOrder']}</button>
            {due ? (
              <>
                <h3 className="font-medium">{l['checkout.payment']}</h3>
                <CardField label={l['checkout.card']!} hostRef={card.hostRef} />
                <div className="space-y-1">
                  <label htmlFor="vat" className="block text-sm font-medium">{l['checkout.vat']}</label>
                  <div className="flex gap-2">
                    <input id="vat" name="vat" value={vat} onChange={(e) => setVat(e.target.value)} aria-describedby="vat-hint" autoComplete="off" className="w-64 rounded-md border border-slate-300 px-3 py-2" />
                    <button type="button" onClick={applyVat} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50">{l['checkout.vatApply']}</button>
                  </div>
                  <p id="vat-hint" className="text-xs text-slate-600">{l['checkout.vatHint']}</p>
                </div>
              </>
            ) : (
              <p data-testid="no-payment">{l['modify.noPayment']}</p>
            )}
            {error && <p role="alert" className="text-sm text-red-700" data-testid="change-error">{error}</p>}
            <div aria-live="polite" className="flex items-center gap-3">
              <button type="submit" disabled={phase !== 'idle'} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
                {l['checkout.placeOrder']}
              </button>
              {phase === 'card' && <span className="text-sm text-slate-700">{l['checkout.savingCard']}</span>}
              {phase === 'placing' && <span className="text-sm text-slate-700">{l['checkout.placing']}</span>}
            </div>
          </form>
        )}
      </div>
    </Interactive>
  );
}
