'use client';

import { TRPCClientError } from '@trpc/client';
import { Link } from '../_components/link';
import { useState } from 'react';
import { useHydrated } from '../_components/use-hydrated';
import { PASSWORD_MAX, resetPasswordForm } from '../../server/auth/forms';
import { trpc } from '../_components/trpc-client';
import { CardForm } from '../_components/card-form';

type Labels = { password: string; confirm: string; hint: string; submit: string; tooShort: string; tooLong: string; mismatch: string; done: string; invalid: string; signIn: string; failed: string };

export function ResetPasswordForm({ token, signInPath, labels }: { token: string; signInPath: string; labels: Labels }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; field: 'password' | 'confirm' | 'form'; message: string }>({ kind: 'idle' });

  async function submit(form: FormData) {
    const values = { token, password: String(form.get('password') ?? ''), confirm: String(form.get('confirm') ?? '') };
    const parsed = resetPasswordForm.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      if (issue.path[0] === 'confirm') setState({ kind: 'error', field: 'confirm', message: labels.mismatch });
      else if (issue.path[0] === 'password') setState({ kind: 'error', field: 'password', message: values.password.length > PASSWORD_MAX ? labels.tooLong : labels.tooShort });
      else setState({ kind: 'error', field: 'form', message: labels.invalid });
      return;
    }
    setState({ kind: 'busy' });
    try {
      await trpc.auth.resetPassword.mutate(parsed.data);
      setState({ kind: 'done' });
    } catch (err) {
      const invalid = err instanceof TRPCClientError && (err.data as { details?: { reason?: string } } | undefined)?.details?.reason === 'invalid_token';
      setState({ kind: 'error', field: 'form', message: invalid ? labels.invalid : labels.failed });
    }
  }

  if (state.kind === 'done') {
    return (
      <div role="status" className="space-y-3 rounded-lg border border-green-200 bg-green-50 p-4 text-green-900">
        <p>{labels.done}</p>
        <p><Link href={signInPath} className="font-medium underline">{labels.signIn}</Link></p>
      </div>
    );
  }
  const err = state.kind === 'error' ? state : null;
  return (
    <CardForm onSubmit={submit}>
      <div className="space-y-1">
        <label htmlFor="new-password" className="block text-sm font-medium">{labels.password}</label>
        <input id="new-password" name="password" type="password" autoComplete="new-password" required aria-invalid={err?.field === 'password' || undefined}
          aria-describedby={err?.field === 'password' ? 'new-password-hint new-password-error' : 'new-password-hint'} className="w-full rounded-md border border-slate-400 px-3 py-2" />
        <p id="new-password-hint" className="text-sm text-slate-600">{labels.hint}</p>
        {err?.field === 'password' && <p id="new-password-error" role="alert" className="text-sm text-red-700">{err.message}</p>}
      </div>
      <div className="space-y-1">
        <label htmlFor="confirm-password" className="block text-sm font-medium">{labels.confirm}</label>
        <input id="confirm-password" name="confirm" type="password" autoComplete="new-password" required aria-invalid={err?.field === 'confirm' || undefined}
          aria-describedby={err?.field === 'confirm' ? 'confirm-password-error' : undefined} className="w-full rounded-md border border-slate-400 px-3 py-2" />
        {err?.field === 'confirm' && <p id="confirm-password-error" role="alert" className="text-sm text-red-700">{err.message}</p>}
      </div>
      {err?.field === 'form' && <p role="alert" className="text-sm text-red-700">{err.message}</p>}
      <button type="submit" disabled={state.kind === 'busy' || !hydrated} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.submit}
      </button>
    </CardForm>
  );
}
