'use client';

import { Link } from '../../../_components/link';
import { useEffect, useRef, useState } from 'react';
import { trpc } from '../../../_components/trpc-client';
import { formatMinor, loadStripeJs } from '../../_components/stripe-js';

type Order = Awaited<ReturnType<typeof trpc.orders.get.query>>;
type StepState = 'done' | 'waiting' | 'pending' | 'failed' | 'refunded';

/**
 * Follows the order (the database the workflow writes to) until it is completed or failed: each read
 * answers when the order changed from what the page shows (the server waits for it); runs 3-D Secure when asked.
 */
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
    let version: string | undefined;
    const abort = new AbortController();
    const tick = async () => {
      try {
        const o = await trpc.orders.get.query({ orderId: props.orderId, after: version }, { signal: abort.signal });
        version = o.version;
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
        // The next read waits on the server for a change; a short pause keeps a misbehaving proxy from making it a busy loop.
        if (!finished && o.status !== 'failed' && o.status !== 'cancelled') timer = setTimeout(tick, 50);
      } catch {
        if (!stop) timer = setTimeout(tick, 1500);
      }
    };
    void tick();
    return () => { stop = true; clearTimeout(timer); abort.abort(); };
  }, [props.orderId, props.stripe.url, props.stripe.key]);

  if (!order) return <p role="status">{l.waiting}</p>;
  const failed = order.status === 'failed' || order.status === 'cancelled';
  const change = order.kind === 'change';
  // A BC-5 cart may convert trials and change active subscriptions in one order.
  const mixed = !change && order.lines.some((x) => x.kind === 'change');
  const document = order.invoice?.number ?? (order.creditNote ? `${l.creditNote} ${order.creditNote.number}` : undefined);
  const paid = order.payment?.status === 'succeeded' || (order.total === 0n && order.status === 'completed');
  const refunded = order.payment?.status === 'refunded';
  const steps: Array<[string, StepState, string?]> = [
    [l.placed!, 'done'],
    // The card that paid this order (recorded with its payment), not the account's current default card.
    [l.payment!, refunded ? 'refunded' : paid ? 'done' : failed ? 'failed' : 'waiting', order.payment?.card?.label],
    [change ? l.activationChange! : mixed ? l.activationMixed! : l.activation!, order.status === 'completed' ? 'done' : failed ? 'failed' : paid ? 'waiting' : 'pending'],
    [l.invoice!, document || (change && order.status === 'completed') ? 'done' : failed ? 'failed' : 'pending', document],
    [l.email!, order.emailSent ? 'done' : failed ? 'failed' : order.status === 'completed' ? 'waiting' : 'pending'],
  ];
  const stateText = (s: StepState) => (s === 'done' ? l.done : s === 'waiting' ? l.waiting : s === 'failed' ? l.failed : s === 'refunded' ? l.refunded : l.pending);
  const fmt = (v: bigint) => formatMinor(v, order.currency, props.locale);
  return (
    <div className="space-y-4">
      <p role="status" aria-live="polite" data-testid="order-status">{l.statusLine!.replace('{status}', props.statuses[order.status] ?? order.status)}</p>
      <ol className="space-y-2 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="order-steps">
        {steps.map(([name, state, extra]) => (
          <li key={name} className="flex items-center justify-between gap-4" data-state={state}>
            <span>{name}{extra ? ` (${extra})` : ''}</span>
            <span className={state === 'done' ? 'text-green-800' : state === 'failed' ? 'text-red-700' : 'text-slate-700'} data-testid={state === 'refunded' ? 'payment-refunded' : undefined}>{stateText(state)}</span>
          </li>
        ))}
      </ol>
      <section aria-labelledby="order-lines-title" className="rounded-lg border border-slate-200 bg-white p-6 text-sm shadow-sm">
        <h2 id="order-lines-title" className="mb-2 font-semibold">{l.lines}</h2>
        <ul className="space-y-3" data-testid="order-lines">
          {order.lines.map((line) => (
            <li key={line.subscriptionId ?? line.productName} data-kind={line.kind} className="space-y-1">
              <p>
                <span className="font-medium">{`${line.kind === 'change' ? l.changeOf : line.kind === 'renewal' ? l.renewalOf : l.newSubscription}: `}{line.productName} {line.tierName}</span>
                {' — '}{(line.frequency === 'annual' ? l.seatsAnnual! : l.seatsMonthly!).replace('{seats}', String(line.seats))}
              </p>
              <p className="flex justify-between gap-4"><span>{l.planCost}</span><span>{fmt(line.planAmount)}</span></p>
              {line.kind === 'change' && (
                <p className="flex justify-between gap-4"><span>{l.unusedCredit}</span><span>−{fmt(line.creditAmount)}</span></p>
              )}
            </li>
          ))}
        </ul>
        <dl className="mt-3 space-y-1 border-t border-slate-200 pt-3" data-testid="order-totals">
          <div className="flex justify-between gap-4"><dt>{l.subtotal}</dt><dd>{fmt(order.subtotal)}</dd></div>
          {order.creditApplied > 0n && <div className="flex justify-between gap-4"><dt>{l.creditApplied}</dt><dd>−{fmt(order.creditApplied)}</dd></div>}
          <div className="flex justify-between gap-4"><dt>{l.tax!.replace('{rate}', `${(order.taxRateBasisPoints / 100).toLocaleString(props.locale === 'it' ? 'it-IT' : 'en-US')} %`)}</dt><dd>{fmt(order.tax)}</dd></div>
          <div className="flex justify-between gap-4 font-semibold"><dt>{l.totalCharged}</dt><dd>{fmt(order.total)}</dd></div>
          {order.creditAdded > 0n && <div className="flex justify-between gap-4"><dt>{l.creditAdded}</dt><dd>{fmt(order.creditAdded)}</dd></div>}
        </dl>
      </section>
      {order.status === 'awaiting_payment' && <p className="text-sm">{l.authenticate}</p>}
      {actionError && <p role="alert" className="text-sm text-red-700">{actionError}</p>}
      {order.status === 'completed' && (
        <div className="space-y-2 rounded-md border border-green-200 bg-green-50 p-4 text-green-900">
          <p data-testid="order-completed">{change ? l.completedChange : mixed ? l.completedMixed : l.completed}</p>
          <p>{l.assignSeats}</p>
          {order.invoice && <p><a className="underline" href={`/billing/invoices/${order.invoice.id}/pdf`}>{l.downloadInvoice!.replace('{number}', order.invoice.number)}</a></p>}
          {order.creditNote && <p><a className="underline" href={`/billing/credit-notes/${order.creditNote.id}/pdf`}>{l.downloadCreditNote!.replace('{number}', order.creditNote.number)}</a></p>}
        </div>
      )}
      {failed && (
        <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-4 text-red-900">
          <p>{change ? l.failedTitleChange : mixed ? l.failedTitleMixed : l.failedTitle}</p>
          {order.failureReason && <p data-testid="failure-reason">{order.failureReason}</p>}
          {refunded && order.payment && order.payment.refunded > 0n && (
            <p data-testid="refund-note">{l.refundedNote!.replace('{amount}', fmt(order.payment.refunded)).replace('{card}', order.payment.card?.label ?? '')}</p>
          )}
          <p><Link className="underline" href={change ? '/billing/subscriptions' : '/billing/checkout'}>{change ? l.backToSubscriptions : l.retry}</Link></p>
        </div>
      )}
    </div>
  );
}
