'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';

interface Live { status: string; timeline: Array<{ at: string; action: string; reason: string | null }> }

/** BO-1: the quote's status and history, followed as they change (sent, viewed, accepted, rejected, expired, superseded), and the rep's actions. */
export function QuoteLive(props: {
  quoteId: string;
  initial: Live;
  canAct: boolean;
  locale: 'en' | 'it';
  labels: Record<'live' | 'timeline' | 'send' | 'resend' | 'withdraw' | 'deleteDraft' | 'working' | 'done' | 'failed' | 'status' | 'reason', string>;
  statuses: Record<string, string>;
  events: Record<string, string>;
}) {
  const { labels: l } = props;
  const router = useRouter();
  const [live, setLive] = useState<Live>(props.initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const time = new Intl.DateTimeFormat(props.locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const q = await trpc.backoffice.quotes.get.query({ quoteId: props.quoteId });
        if (stop) return;
        setLive({ status: q.status, timeline: q.timeline.map((e) => ({ at: new Date(e.at).toISOString(), action: e.action, reason: (e.data as { reason?: string } | null)?.reason ?? null })) });
      } catch {
        /* a missed poll is retried */
      }
      if (!stop) timer = setTimeout(tick, 2000);
    };
    timer = setTimeout(tick, 2000);
    return () => { stop = true; clearTimeout(timer); };
  }, [props.quoteId]);

  async function act(what: 'send' | 'resend' | 'withdraw') {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await trpc.backoffice.quotes[what].mutate({ quoteId: props.quoteId });
      if ('status' in r && r.status === 'deleted') return router.push('/backoffice/quotes');
      setMessage({ ok: true, text: l.done });
      router.refresh();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof TRPCClientError ? err.message : l.failed });
    } finally {
      setBusy(false);
    }
  }

  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60';
  return (
    <div className="space-y-4">
      <p className="text-lg" role="status" aria-live="polite">
        {l.status}: <span className="font-semibold" data-testid="bo-quote-status">{props.statuses[live.status] ?? live.status}</span>
        <span className="ml-2 text-sm text-slate-600">{l.live}</span>
      </p>
      {props.canAct && (
        <Interactive>
          <div className="flex flex-wrap items-center gap-3">
            {live.status === 'draft' && <button type="button" disabled={busy} onClick={() => act('send')} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.send}</button>}
            {live.status === 'pending' && <button type="button" disabled={busy} onClick={() => act('resend')} className={button}>{l.resend}</button>}
            {(live.status === 'pending' || live.status === 'draft') && <button type="button" disabled={busy} onClick={() => act('withdraw')} className={button}>{live.status === 'draft' ? l.deleteDraft : l.withdraw}</button>}
            <span aria-live="polite" className="text-sm">
              {busy && l.working}
              {message && <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'text-green-800' : 'text-red-700'}>{message.text}</span>}
            </span>
          </div>
        </Interactive>
      )}
      <section aria-labelledby="quote-history" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="quote-history" className="mb-2 font-semibold">{l.timeline}</h2>
        <ol className="space-y-1 text-sm" data-testid="quote-timeline">
          {live.timeline.map((e, i) => (
            <li key={`${e.action}-${i}`}>
              <time dateTime={e.at} className="text-slate-600">{time.format(new Date(e.at))}</time> — {props.events[e.action] ?? e.action}
              {e.reason ? ` (${l.reason.replace('{reason}', e.reason)})` : ''}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
