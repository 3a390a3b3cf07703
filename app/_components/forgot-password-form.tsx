'use client';

import { useState } from 'react';
import { useHydrated } from './use-hydrated';
import { forgotPasswordForm, type RealmName } from '../../server/auth/forms';
import { trpc } from './trpc-client';
import { CardForm } from './card-form';

/**
 * CP-2 "Forgot password?": the user ID (or email) → Submit. The answer is the same whether or not the
 * ID exists; only a malformed ID is told so (the same schema as the server's).
 */
export function ForgotPasswordForm({
  realm,
  labels,
}: {
  realm: RealmName;
  labels: { login: string; submit: string; invalidLogin: string; sent: string; failed: string };
}) {
  const hydrated = useHydrated();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'sent' } | { kind: 'error'; field: boolean; message: string }>({ kind: 'idle' });
  async function submit(form: FormData) {
    const parsed = forgotPasswordForm.safeParse({ realm, login: String(form.get('login') ?? '') });
    if (!parsed.success) {
      setState({ kind: 'error', field: true, message: labels.invalidLogin });
      return;
    }
    setState({ kind: 'busy' });
    try {
      await trpc.auth.requestPasswordReset.mutate(parsed.data);
      setState({ kind: 'sent' });
    } catch {
      setState({ kind: 'error', field: false, message: labels.failed });
    }
  }
  if (state.kind === 'sent') {
    return <p role="status" className="rounded-lg border border-green-200 bg-green-50 p-4 text-green-900">{labels.sent}</p>;
  }
  const fieldError = state.kind === 'error' && state.field;
  return (
    <CardForm onSubmit={submit}>
      <div className="space-y-1">
        <label htmlFor="forgot-login" className="block text-sm font-medium">{labels.login}</label>
        <input
          id="forgot-login"
          name="login"
          type={realm === 'portal' ? 'text' : 'email'}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          aria-invalid={fieldError || undefined}
          aria-describedby={fieldError ? 'forgot-login-error' : undefined}
          className="w-full rounded-md border border-slate-400 px-3 py-2"
        />
        {fieldError && <p id="forgot-login-error" role="alert" className="text-sm text-red-700">{state.message}</p>}
      </div>
      {state.kind === 'error' && !state.field && <p role="alert" className="text-sm text-red-700">{state.message}</p>}
      <button type="submit" disabled={state.kind === 'busy' || !hydrated} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.submit}
      </button>
    </CardForm>
  );
}
