'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { replyForm } from '../../../../server/requests/forms';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';

/** CP-13: the contact answers Corporate Account Services on their request. */
export function PortalReplyForm({ requestId, labels }: { requestId: string; labels: { body: string; send: string; sending: string; sent: string; empty: string; failed: string } }) {
  const router = useRouter();
  const id = useId();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'sent' } | { kind: 'error'; message: string; field: boolean }>({ kind: 'idle' });
  const [formKey, setFormKey] = useState(0);

  async function submit(form: FormData) {
    const parsed = replyForm.safeParse({ requestId, body: String(form.get('body') ?? '') });
    if (!parsed.success) return setState({ kind: 'error', message: labels.empty, field: true });
    setState({ kind: 'busy' });
    try {
      await trpc.portal.requests.reply.mutate(parsed.data);
      setState({ kind: 'sent' });
      setFormKey((k) => k + 1);
      router.refresh();
    } catch (err) {
      setState({ kind: 'error', message: err instanceof TRPCClientError ? err.message : labels.failed, field: false });
    }
  }

  return (
    <Interactive>
      <form key={formKey} noValidate className="space-y-2" onSubmit={(e) => { e.preventDefault(); void submit(new FormData(e.currentTarget)); }}>
        <label htmlFor={`${id}-body`} className="block font-medium">{labels.body}</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={4}
          maxLength={5000}
          required
          aria-invalid={state.kind === 'error' && state.field ? true : undefined}
          aria-describedby={state.kind === 'error' ? `${id}-error` : undefined}
          className="w-full rounded-md border border-slate-400 px-3 py-2"
        />
        {state.kind === 'error' && <p id={`${id}-error`} role="alert" className="text-sm text-red-700">{state.message}</p>}
        <button type="submit" disabled={state.kind === 'busy'} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {state.kind === 'busy' ? labels.sending : labels.send}
        </button>
      </form>
      {state.kind === 'sent' && <p role="status" className="mt-2 text-sm text-green-800">{labels.sent}</p>}
    </Interactive>
  );
}
