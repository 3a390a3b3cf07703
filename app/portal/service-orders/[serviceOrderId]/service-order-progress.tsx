'use client';

import { TRPCClientError } from '@trpc/client';
import { Link } from '../../../_components/link';
import { useEffect, useRef, useState } from 'react';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';
import { loadStripeJs } from '../../../billing/_components/stripe-js';

type ServiceOrder = Awaited<ReturnType<typeof trpc.portal.addSeats.serviceOrder.query>>;
type StepState = 'done' | 'waiting' | 'pending' | 'failed' | 'rolledBack';
const FINAL = ['completed', 'failed', 'compensated'];

/** Effettua ordine di servizio, then WF-3's steps as the database shows them (each read answers a change): payment, each product, the admin, invoice, receipt. */
export function ServiceOrderProgress(props: { serviceOrderId: string; quoteId: string; locale: 'en' | 'it'; stripe: { url: string; key: string }; labels: Record<string, string>; statuses: Record<string, string> }) {
  const { labels: l } = props;
  const [so, setSo] = useState<ServiceOrder | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const authenticating = useRef<string | null>(null);
  const dateTime = new Intl.DateTimeFormat(props.locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    let version: string | undefined;
    const abort = new AbortController();
    const poll = async () => {
      try {
        // Answers when the service order changed from what the page shows (the server waits for it).
        const o = await trpc.portal.addSeats.serviceOrder.query({ serviceOrderId: props.serviceOrderId, after: version }, { signal: abort.signal });
        version = o.version;
        if (stop) return;
        setSo(o);
        const secret = o.payment?.clientSecret;
        if (o.status === 'awaiting_payment' && secret && authenticating.current !== secret) {
          authenticating.current = secret;
          const stripe = await loadStripeJs(props.stripe.url, props.stripe.key);
          const res = await stripe.confirmCardPayment(secret);
          if (res.error) setError(res.error.message ?? null);
          await trpc.portal.addSeats.paymentActionDone.mutate({ serviceOrderId: props.serviceOrderId });
        }
        if (o.status !== 'draft' && !(FINAL.includes(o.status) && (o.status !== 'completed' || o.receiptSent))) timer = setTimeout(poll, 50);
      } catch {
        if (!stop) timer = setTimeout(poll, 2000);
      }
    };
    void poll();
    return () => { stop = true; clearTimeout(timer); abort.abort(); };
  }, [props.serviceOrderId, props.stripe.url, props.stripe.key, tick]);

  async function run(what: 'placeServiceOrder' | 'retryPayment') {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await trpc.portal.addSeats[what].mutate({ serviceOrderId: props.serviceOrderId });
      setTick((n) => n + 1);
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failedGeneric!);
    } finally {
      setBusy(false);
    }
  }

  if (!so) return <p role="status">{l.waiting}</p>;
  if (so.status === 'draft') {
    return (
      <Interactive>
        <div className="space-y-3">
          <p className="font-medium">{l.note24h}</p>
          <div aria-live="polite" className="flex flex-wrap items-center gap-4">
            <button type="button" disabled={busy} onClick={() => run('placeServiceOrder')} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.place}</button>
            <Link href={`/portal/add-seats/${props.quoteId}/checkout`} className="text-sm text-brand-700 underline">{l.editReview}</Link>
            {busy && <span className="text-sm text-slate-700">{l.placing}</span>}
          </div>
          {error && <p role="alert" className="text-sm text-red-700" data-testid="so-error">{error}</p>}
        </div>
      </Interactive>
    );
  }

  const paid = Boolean(so.paidAt);
  const ended = so.status === 'failed' || so.status === 'compensated';
  const steps: Array<[string, StepState, string?]> = [
    [l.stepPlaced!, 'done', so.placedAt ? dateTime.format(new Date(so.placedAt)) : undefined],
    [l.stepPayment!, so.status === 'compensated' ? 'rolledBack' : paid ? 'done' : ended ? 'failed' : 'waiting', so.payment?.card ?? undefined],
    ...so.quote.lines.map((line): [string, StepState] => {
      const p = so.provisions.find((x) => x.productId === line.productId);
      const state: StepState = p?.status === 'applied' ? 'done' : p?.status === 'rolled_back' ? 'rolledBack' : ended ? 'failed' : paid ? 'waiting' : 'pending';
      return [l.stepProvision!.replace('{product}', `${line.productName} ${line.tierName}`).replace('{seats}', String(line.seats)), state];
    }),
    ...(so.admin ? [[l.stepAdmin!.replace('{name}', so.admin.name), so.provisionedAt && !ended ? 'done' : ended ? (so.status === 'compensated' ? 'rolledBack' : 'failed') : paid ? 'waiting' : 'pending'] as [string, StepState]] : []),
    [l.stepInvoice!, so.invoice ? 'done' : ended ? 'failed' : 'pending', so.invoice ? l.invoice!.replace('{number}', so.invoice.number) : undefined],
    [l.stepReceipt!, so.receiptSent ? 'done' : ended ? 'failed' : so.invoice ? 'waiting' : 'pending'],
  ];
  const text = (s: StepState) => (s === 'done' ? l.done : s === 'waiting' ? l.waiting : s === 'failed' ? l.stepFailed : s === 'rolledBack' ? l.rolledBack : l.pending);
  return (
    <section aria-labelledby="so-progress" className="space-y-4">
      <h2 id="so-progress" className="text-lg font-semibold">{l.progressTitle}</h2>
      <p className="font-medium">{l.note24h}</p>
      <p role="status" aria-live="polite" data-testid="so-status">{l.statusLine!.replace('{status}', props.statuses[so.status] ?? so.status)}</p>
      <ol className="space-y-2 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="so-steps">
        {steps.map(([name, state, extra]) => (
          <li key={name} className="flex items-center justify-between gap-4" data-state={state}>
            <span>{name}{extra ? ` (${extra})` : ''}</span>
            <span className={state === 'done' ? 'text-green-800' : state === 'failed' ? 'text-red-700' : 'text-slate-700'}>{text(state)}</span>
          </li>
        ))}
      </ol>
      {so.slaBreachedAt && !FINAL.includes(so.status) && <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">{l.slaBreached}</p>}
      {so.status === 'awaiting_payment' && (
        <Interactive>
          <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
            {so.payment?.clientSecret ? <p>{l.authenticate}</p> : <p>{l.payBy!.replace('{date}', so.paymentDueAt ? dateTime.format(new Date(so.paymentDueAt)) : '')}</p>}
            {so.payment?.failureMessage && <p className="text-sm">{so.payment.failureMessage}</p>}
            {!so.payment?.clientSecret && (
              <p className="flex flex-wrap items-center gap-4">
                <Link href="/portal/payment-method" className="underline">{l.paymentMethodTab}</Link>
                <button type="button" disabled={busy} onClick={() => run('retryPayment')} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.retry}</button>
              </p>
            )}
          </div>
        </Interactive>
      )}
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {so.status === 'completed' && (
        <div className="space-y-1 rounded-md border border-green-200 bg-green-50 p-4 text-green-900">
          <p data-testid="so-completed">{l.completed}</p>
          <p>{l.result}</p>
        </div>
      )}
      {ended && (
        <div role="alert" className="space-y-1 rounded-md border border-red-200 bg-red-50 p-4 text-red-900">
          <p>{l.failed}</p>
          {so.failureReason && <p data-testid="so-failure">{so.failureReason}</p>}
        </div>
      )}
    </section>
  );
}
