'use client';

import { TRPCClientError } from '@trpc/client';
import { Link } from '../../_components/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { trpc } from '../../_components/trpc-client';
import { Interactive } from '../../_components/interactive';
import { CardField, useCardElement } from '../_components/card-element';
import { formatMinor } from '../_components/stripe-js';
import type { SerializedQuote } from './page';

type Labels = Record<
  | 'review' | 'editOrder' | 'remove' | 'period' | 'subtotal' | 'credit' | 'tax' | 'reverseCharge' | 'reverseChargeNote' | 'total' | 'complete' | 'payment' | 'card' | 'vat' | 'vatHint' | 'vatApply'
  | 'placeOrder' | 'placing' | 'savingCard' | 'problem' | 'failed' | 'unusedCredit' | 'seats' | 'monthly' | 'annual' | 'creditAdded',
  string
>;

function newKey() {
  return crypto.randomUUID().replace(/-/g, '');
}

export function CheckoutForm(props: {
  locale: 'en' | 'it';
  cartId: string;
  problem: { message: string; subscriptionId?: string } | null;
  items: Array<{ kind: 'conversion' | 'change'; subscriptionId: string }>;
  initialQuote: SerializedQuote | null;
  stripe: { url: string; key: string };
  labels: Labels;
}) {
  const { labels: l, locale } = props;
  const router = useRouter();
  const [quote, setQuote] = useState(props.initialQuote);
  const [paying, setPaying] = useState(false);
  const [vat, setVat] = useState('');
  const [vatError, setVatError] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'card' | 'placing'>('idle');
  const [error, setError] = useState<string | null>(null);
  // One key per checkout attempt: a double click or a resent request is the same order.
  const keyRef = useRef(newKey());
  const card = useCardElement(paying, props.stripe, setError);
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  const fmt = (v: string) => formatMinor(v, quote?.currency ?? 'EUR', locale);

  /** Re-prices the cart from the server (after a VAT number or a removed item); false when the VAT number is refused. */
  async function reprice() {
    setVatError(null);
    try {
      const c = await trpc.cart.get.query({ vatNumber: vat || null });
      setQuote(
        c.quote && {
          currency: c.quote.currency,
          lines: c.quote.lines.map((x) => ({ ...x, planAmount: x.planAmount.toString(), creditAmount: x.creditAmount.toString(), periodStart: new Date(x.periodStart).toISOString(), periodEnd: new Date(x.periodEnd).toISOString() })),
          subtotal: c.quote.subtotal.toString(), creditApplied: c.quote.creditApplied.toString(), tax: c.quote.tax.toString(), total: c.quote.total.toString(), creditAdded: c.quote.creditAdded.toString(),
          taxRateBasisPoints: c.quote.taxRateBasisPoints, reverseCharge: c.quote.reverseCharge, taxNote: c.quote.taxNote,
        },
      );
      return true;
    } catch (err) {
      setVatError(err instanceof TRPCClientError ? err.message : l.failed);
      return false;
    }
  }

  async function placeOrder(e: React.FormEvent) {
    e.preventDefault();
    if (phase !== 'idle' || !quote) return;
    setError(null);
    if (vat && !(await reprice())) return;
    let paymentMethodId: string | null = null;
    try {
      if (BigInt(quote.total) > 0n) {
        if (!card.ready()) return;
        setPhase('card');
        const saved = await card.confirm(l.failed);
        if ('error' in saved) {
          setError(saved.error);
          setPhase('idle');
          return;
        }
        paymentMethodId = saved.paymentMethodId;
      }
      setPhase('placing');
      const { orderId } = await trpc.checkout.placeOrder.mutate({ cartId: props.cartId, idempotencyKey: keyRef.current, paymentMethodId, vatNumber: vat || null, expectedTotal: BigInt(quote.total) });
      router.push(`/billing/orders/${orderId}`);
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed);
      setPhase('idle');
      // The order was kept but could not be started (Temporal unreachable): pressing Place order again
      // sends the same key, which hands that one order over — the cart stays on the page to do so.
      if (err instanceof TRPCClientError && err.data?.code === 'SERVICE_UNAVAILABLE') return;
      keyRef.current = newKey();
      router.refresh();
    }
  }

  async function remove(subscriptionId: string) {
    await trpc.cart.remove.mutate({ subscriptionId });
    // A different cart is a different order; the page re-renders its items, and the figures are re-priced.
    keyRef.current = newKey();
    router.refresh();
    await reprice();
  }

  return (
    <Interactive>
      <div className="space-y-6">
        <section aria-labelledby="review-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="review-heading" className="text-lg font-semibold">{l.review}</h2>
          {props.problem && (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
              <p className="font-medium">{l.problem}</p>
              <p>{props.problem.message}</p>
            </div>
          )}
          <ul className="divide-y divide-slate-200">
            {(quote?.lines ?? props.items.map((i) => ({ kind: i.kind, subscriptionId: i.subscriptionId, productName: i.subscriptionId, tierName: '', seats: 0, frequency: 'monthly' as const, planAmount: '0', creditAmount: '0', periodStart: '', periodEnd: '' }))).map((line) => (
              <li key={line.subscriptionId} className="flex flex-wrap items-start justify-between gap-2 py-3" data-testid={`line-${line.subscriptionId}`}>
                <div>
                  <p className="font-medium">{line.productName} {line.tierName}</p>
                  {quote && (
                    <p className="text-sm text-slate-700">
                      {line.seats} × {l.seats.toLowerCase()} · {line.frequency === 'annual' ? l.annual : l.monthly}
                      <br />
                      {l.period.replace('{start}', date.format(new Date(line.periodStart))).replace('{end}', date.format(new Date(line.periodEnd)))}
                      {BigInt(line.creditAmount) > 0n && (
                        <>
                          <br />
                          <span data-testid={`line-credit-${line.subscriptionId}`}>{l.unusedCredit} −{fmt(line.creditAmount)}</span>
                        </>
                      )}
                    </p>
                  )}
                </div>
                <div className="flex items-center gap-3 text-sm">
                  {quote && <span className="font-medium">{fmt(line.planAmount)}</span>}
                  <Link className="text-brand-700 underline" href={line.kind === 'change' ? `/billing/modify/${line.subscriptionId}` : `/billing/subscribe/${line.subscriptionId}`}>{l.editOrder}</Link>
                  <button type="button" className="text-slate-700 underline" onClick={() => remove(line.subscriptionId)}>{l.remove}</button>
                </div>
              </li>
            ))}
          </ul>
          {quote && (
            <dl className="ml-auto grid max-w-sm grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="totals">
              <dt>{l.subtotal}</dt>
              <dd className="text-right">{fmt(quote.subtotal)}</dd>
              {BigInt(quote.creditApplied) > 0n && (
                <>
                  <dt>{l.credit}</dt>
                  <dd className="text-right">−{fmt(quote.creditApplied)}</dd>
                </>
              )}
              <dt>{quote.reverseCharge ? l.reverseCharge : l.tax.replace('{rate}', `${(quote.taxRateBasisPoints / 100).toLocaleString(locale === 'it' ? 'it-IT' : 'en-US')} %`)}</dt>
              <dd className="text-right" data-testid="tax">{fmt(quote.tax)}</dd>
              <dt className="font-semibold">{l.total}</dt>
              <dd className="text-right font-semibold" data-testid="total">{fmt(quote.total)}</dd>
              {BigInt(quote.creditAdded) > 0n && (
                <>
                  <dt>{l.creditAdded}</dt>
                  <dd className="text-right" data-testid="credit-added">{fmt(quote.creditAdded)}</dd>
                </>
              )}
            </dl>
          )}
          {quote?.reverseCharge && <p className="text-xs text-slate-600">{l.reverseChargeNote}</p>}
          {!paying && quote && !props.problem && (
            <button type="button" onClick={() => setPaying(true)} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              {l.complete}
            </button>
          )}
        </section>

        {paying && quote && (
          <form onSubmit={placeOrder} aria-labelledby="payment-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="payment-heading" className="text-lg font-semibold">{l.payment}</h2>
            {BigInt(quote.total) > 0n && (
              <CardField label={l.card} hostRef={card.hostRef} />
            )}
            <div className="space-y-1">
              <label htmlFor="vat" className="block text-sm font-medium">{l.vat}</label>
              <div className="flex gap-2">
                <input
                  id="vat"
                  name="vat"
                  value={vat}
                  onChange={(e) => setVat(e.target.value)}
                  aria-invalid={vatError ? true : undefined}
                  aria-describedby={vatError ? 'vat-error vat-hint' : 'vat-hint'}
                  autoComplete="off"
                  className="w-64 rounded-md border border-slate-300 px-3 py-2"
                />
                <button type="button" onClick={reprice} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50">{l.vatApply}</button>
              </div>
              <p id="vat-hint" className="text-xs text-slate-600">{l.vatHint}</p>
              {vatError && <p id="vat-error" role="alert" className="text-sm text-red-700">{vatError}</p>}
            </div>
            {error && <p role="alert" className="text-sm text-red-700" data-testid="checkout-error">{error}</p>}
            <div aria-live="polite" className="flex items-center gap-3">
              <button type="submit" disabled={phase !== 'idle'} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
                {l.placeOrder}
              </button>
              {phase === 'card' && <span className="text-sm text-slate-700">{l.savingCard}</span>}
              {phase === 'placing' && <span className="text-sm text-slate-700">{l.placing}</span>}
            </div>
          </form>
        )}
      </div>
    </Interactive>
  );
}
