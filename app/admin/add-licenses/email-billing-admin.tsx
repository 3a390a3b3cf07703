'use client';

import { TRPCClientError } from '@trpc/client';
import { useId, useState } from 'react';
import { useHydrated } from '../../_components/use-hydrated';
import { emailBillingAdminForm } from '../../../server/auth/forms';
import { trpc } from '../../_components/trpc-client';

type Labels = { button: string; message: string; send: string; sending: string; sent: string; empty: string; tooLong: string; throttled: string; failed: string };

/** AC-1 "Email billing admin": a message that the server emails to the billing admin (rate-limited). */
export function EmailBillingAdmin({ labels }: { billingAdminName: string; labels: Labels }) {
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'sent' } | { kind: 'error'; field: boolean; message: string }>({ kind: 'idle' });
  const formId = useId();

  async function submit(form: FormData) {
    const parsed = emailBillingAdminForm.safeParse({ message: String(form.get('message') ?? '') });
    if (!parsed.success) {
      setState({ kind: 'error', field: true, message: parsed.error.issues[0]?.code === 'too_big' ? labels.tooLong : labels.empty });
      return;
    }
    setState({ kind: 'busy' });
    try {
      await trpc.admin.emailBillingAdmin.mutate(parsed.data);
      setState({ kind: 'sent' });
    } catch (err) {
      const details = err instanceof TRPCClientError ? (err.data as { details?: { reason?: string; retryAfterMinutes?: number } } | undefined)?.details : undefined;
      setState({
        kind: 'error',
        field: false,
        message: details?.reason === 'throttled' ? labels.throttled.replace('{n}', String(details.retryAfterMinutes ?? 60)) : labels.failed,
      });
    }
  }

  if (state.kind === 'sent') return <p role="status" className="rounded-lg border border-green-200 bg-green-50 p-4 text-green-900">{labels.sent}</p>;
  const fieldError = state.kind === 'error' && state.field;
  return (
    <div className="space-y-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={formId}
        disabled={!hydrated}
        onClick={() => setOpen((o) => !o)}
        className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
      >
        {labels.button}
      </button>
      {open && (
        <form
          id={formId}
          method="post"
          noValidate
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(new FormData(e.currentTarget));
          }}
        >
          <label htmlFor={`${formId}-message`} className="block text-sm font-medium">{labels.message}</label>
          <textarea
            id={`${formId}-message`}
            name="message"
            rows={5}
            maxLength={2000}
            required
            aria-invalid={fieldError || undefined}
            aria-describedby={fieldError ? `${formId}-error` : undefined}
            className="w-full rounded-md border border-slate-400 px-3 py-2"
          />
          {state.kind === 'error' && <p id={`${formId}-error`} role="alert" className="text-sm text-red-700">{state.message}</p>}
          <button type="submit" disabled={state.kind === 'busy' || !hydrated} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {state.kind === 'busy' ? labels.sending : labels.send}
          </button>
        </form>
      )}
    </div>
  );
}
