'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { reason as reasonSchema } from '../../../server/requests/forms';
import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';

/** The back-office changes to an account that need a reason (audited with it). */
export type ReasonedAction =
  | { kind: 'setEligibility'; accountId: string; eligible: boolean }
  | { kind: 'recordCancellation'; subscriptionId: string; requestId?: string }
  | { kind: 'withdrawCancellation'; subscriptionId: string };

interface Labels {
  open: string;
  reason: string;
  submit: string;
  busy: string;
  done: string;
  close: string;
  reasonInvalid: string;
  failed: string;
}

function run(action: ReasonedAction, reason: string | null) {
  switch (action.kind) {
    case 'setEligibility':
      return trpc.backoffice.accounts.setEligibility.mutate({ accountId: action.accountId, eligible: action.eligible, reason: reason ?? '' });
    case 'recordCancellation':
      return trpc.backoffice.accounts.recordCancellation.mutate({ subscriptionId: action.subscriptionId, requestId: action.requestId ?? null, reason });
    case 'withdrawCancellation':
      return trpc.backoffice.accounts.withdrawCancellation.mutate({ subscriptionId: action.subscriptionId, reason: reason ?? '' });
  }
}

/**
 * A button that opens a small form asking for the reason, then makes the change and refreshes the page.
 * A cancellation from a request may leave the reason empty: the request is the reason.
 */
export function ReasonAction({ action, labels, reasonOptional = false, tone = 'primary' }: { action: ReasonedAction; labels: Labels; reasonOptional?: boolean; tone?: 'primary' | 'danger' }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; message: string; field: boolean }>({ kind: 'idle' });

  async function submit(form: FormData) {
    const raw = String(form.get('reason') ?? '');
    let reason: string | null = null;
    if (raw.trim() || !reasonOptional) {
      const parsed = reasonSchema.safeParse(raw);
      if (!parsed.success) return setState({ kind: 'error', message: labels.reasonInvalid, field: true });
      reason = parsed.data;
    }
    setState({ kind: 'busy' });
    try {
      await run(action, reason);
      setState({ kind: 'done' });
      setOpen(false);
      router.refresh();
    } catch (err) {
      setState({ kind: 'error', message: err instanceof TRPCClientError ? err.message : labels.failed, field: false });
    }
  }

  const button = tone === 'danger' ? 'bg-red-700 hover:bg-red-800' : 'bg-brand-600 hover:bg-brand-700';
  return (
    <Interactive>
      <div className="space-y-2">
        {state.kind === 'done' && <p role="status" className="text-sm text-green-800">{labels.done}</p>}
        {!open ? (
          <button type="button" aria-expanded={false} aria-controls={id} onClick={() => { setOpen(true); setState({ kind: 'idle' }); }} className={`rounded-md px-3 py-1.5 text-sm font-medium text-white ${button}`}>
            {labels.open}
          </button>
        ) : (
          <form
            id={id}
            noValidate
            className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
            onSubmit={(e) => {
              e.preventDefault();
              void submit(new FormData(e.currentTarget));
            }}
          >
            <label htmlFor={`${id}-reason`} className="block text-sm font-medium">{labels.reason}</label>
            <textarea
              id={`${id}-reason`}
              name="reason"
              rows={2}
              maxLength={500}
              required={!reasonOptional}
              aria-invalid={state.kind === 'error' && state.field ? true : undefined}
              aria-describedby={state.kind === 'error' ? `${id}-error` : undefined}
              className="w-full rounded-md border border-slate-400 px-3 py-2 text-sm"
            />
            {state.kind === 'error' && <p id={`${id}-error`} role="alert" className="text-sm text-red-700">{state.message}</p>}
            <div className="flex gap-2">
              <button type="submit" disabled={state.kind === 'busy'} className={`rounded-md px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${button}`}>
                {state.kind === 'busy' ? labels.busy : labels.submit}
              </button>
              <button type="button" onClick={() => setOpen(false)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">{labels.close}</button>
            </div>
          </form>
        )}
      </div>
    </Interactive>
  );
}
