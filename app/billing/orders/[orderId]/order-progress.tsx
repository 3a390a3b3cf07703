'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { trpc } from '../../../_components/trpc-client';
import { formatMinor, loadStripeJs } from '../../_components/stripe-js';

type Order = Awaited<ReturnType<typeof trpc.orders.get.query>>;
type StepState = 'done' | 'waiting' | 'pending' | 'failed';

/** Polls the order (the database the workflow writes to) until it is completed or failed; runs 3-D Secure when asked. */
export function OrderProgress(props: {
  orderId: string;
  locale: 'en' | 'it';
  stripe: { url: string; key: string };
  labels: Record<string, string>;
  statuses: Record<string, string>;
}) {
  const { labels: l } = props;
  const [order, setOrder] = useState<Order | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const authenticating = useRef(false);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const o = await trpc.orders.get.query({ orderId: props.orderId });
        if (stop) return;
        setOrder(o);
        if (o.status === 'awaiting_payment' && o.payment?.clientSecret && !authenticating.current) {
          authenticating.current = true;
          const stripe = await loadStripeJs(props.stripe.url, props.stripe.key);
          const res = await stripe.confirmCardPayment(o.payment.clientSecret);
          if (res.error) setActionError(res.error.message ?? null);
          await trpc.orders.paymentActionDone.mutate({ orderId: props.orderId });
        }
        const finished = o.status === 'completed' && o.emailSent;
        if (!finished && o.status !== 'failed' && o.status !== 'cancelled') timer = setTimeout(tick, 600);
      } catch {
        if (!stop) timer = setTimeout(tick, 1500);
      }
    };
    void tick();
    return () => { stop = true; clearTimeout(timer); };
  }, [props.orderId, props.stripe.url, props.stripe.key]);

  if (!order) return <p role="status">{l.waiting}</p>;
  const failed = order.status === 'failed' || order.status === 'cancelled';
  const change = order.kind === 'change';
  const document = order.invoice?.number ?? (order.creditNote ? `${l.creditNote} ${order.creditNote.number}` : undefined);
  const paid = order.payment?.status === 'succeeded' || (order.total === 0n && order.status === 'completed');
  const steps: Array<[string, StepState, string?]> = [
    [l.placed!, 'done'],
    [l.payment!, paid ? 'done' : failed ? 'failed' : 'waiting', order.payment?.cardLast4 ? `•••• ${order.payment.cardLast4}` : undefined],
    [change ? l.activationChange! : l.activation!, order.status === 'completed' ? 'done' : failed ? 'failed' : paid ? 'waiting' : 'pending'],
    [l.invoice!, document || (change && order.status === 'completed') ? 'done' : failed ? 'failed' : 'pending', document],
    [l.email!, order.emailSent ? 'done' : failed ? 'failed' : order.status === 'completed' ? 'waiting' : 'pending'],
  ];
  const stateText = (s: StepState) => (s === 'done' ? l.done : s === 'waiting' ? l.waiting : s === 'failed' ? l.failed : l.pending);
  const fmt = (v: bigint) => formatMinor(v, order.currency, props.locale);
  return (
    <div className="space-y-4">
      <p role="status" aria-live="polite" data-testid="order-status">{l.statusLine!.replace('{status}', props.statuses[order.status] ?? order.status)}</p>
      <ol className="space-y-2 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="order-steps">
        {steps.map(([name, state, extra]) => (
          <li key={name} className="flex items-center justify-between gap-4" data-state={state}>
            <span>{name}{extra ? ` (${extra})` : ''}</span>
            <span className={state === 'done' ? 'text-green-800' : state === 'failed' ? 'text-red-700' : 'text-slate-700'}>{stateText(state)}</span>
          </li>
        ))}
      </ol>
      <ul className="text-sm">
        {order.lines.map((line) => (
          <li key={line.subscriptionId ?? line.productName}>{line.productName} {line.tierName} — {line.seats} × · {fmt(line.planAmount)}</li>
        ))}
        <li className="font-semibold">{fmt(order.total)}</li>
      </ul>
      {order.status === 'awaiting_payment' && <p className="text-sm">{l.authenticate}</p>}
      {actionError && <p role="alert" className="text-sm text-red-700">{actionError}</p>}
      {order.status === 'completed' && (
        <div className="space-y-2 rounded-md border border-green-200 bg-green-50 p-4 text-green-900">
          <p data-testid="order-completed">{change ? l.completedChange : l.completed}</p>
          <p>{l.assignSeats}</p>
          {order.invoice && <p><a className="underline" href={`/billing/invoices/${order.invoice.id}/pdf`}>{l.downloadInvoice!.replace('{number}', order.invoice.number)}</a></p>}
          {order.creditNote && <p><a className="underline" href={`/billing/credit-notes/${order.creditNote.id}/pdf`}>{l.downloadCreditNote!.replace('{number}', order.creditNote.number)}</a></p>}
        </div>
      )}
      {failed && (
        <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-4 text-red-900">
          <p>{change ? l.failedTitleChange : l.failedTitle}</p>
          {order.failureReason && <p data-testid="failure-reason">{order.failureReason}</p>}
          <p><Link className="underline" href={change ? '/billing/subscriptions' : '/billing/checkout'}>{change ? l.backToSubscriptions : l.retry}</Link></p>
        </div>
      )}
    </div>
  );
}
