'use client';

import { TRPCClientError } from '@trpc/client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from '../_components/use-hydrated';
import { changePasswordForm, PASSWORD_MAX } from '../../server/auth/forms';
import { trpc } from '../_components/trpc-client';

type Labels = {
  current: string; next: string; confirm: string; hint: string; submit: string; done: string; wrongCurrent: string; required: string;
  tooShort: string; tooLong: string; mismatch: string; same: string; throttled: string; failed: string;
};
type Field = 'currentPassword' | 'newPassword' | 'confirm' | 'form';

/**
 * BC-7 (and the portal's own password, issue 11): asks the current password. The server ends every session of the user, this one included;
 * the form then signs straight back in with the new password so the person stays signed in here.
 */
export function ChangePasswordForm({ email, labels, realm = 'product' }: { email: string; labels: Labels; realm?: 'product' | 'portal' }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; field: Field; message: string }>({ kind: 'idle' });

  async function submit(formEl: HTMLFormElement) {
    const form = new FormData(formEl);
    const values = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? ''), confirm: String(form.get('confirm') ?? '') };
    const parsed = changePasswordForm.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path[0] as Field;
      const message =
        field === 'currentPassword' ? labels.required
        : field === 'confirm' ? labels.mismatch
        : values.newPassword === values.currentPassword && values.newPassword.length > 0 && issue.code === 'custom' ? labels.same
        : values.newPassword.length > PASSWORD_MAX ? labels.tooLong : labels.tooShort;
      setState({ kind: 'error', field, message });
      return;
    }
    setState({ kind: 'busy' });
    try {
      await (realm === 'portal' ? trpc.portal.changePassword : trpc.account.changePassword).mutate(parsed.data);
    } catch (err) {
      const details = err instanceof TRPCClientError ? (err.data as { details?: { reason?: string; retryAfterMinutes?: number } } | undefined)?.details : undefined;
      if (details?.reason === 'wrong_current_password') setState({ kind: 'error', field: 'currentPassword', message: labels.wrongCurrent });
      else if (details?.reason === 'throttled') setState({ kind: 'error', field: 'form', message: labels.throttled.replace('{n}', String(details.retryAfterMinutes ?? 15)) });
      else setState({ kind: 'error', field: 'form', message: labels.failed });
      return;
    }
    // `email` is the login of the realm: the portal's is the portal user ID.
    await signIn(realm, { ...(realm === 'portal' ? { userId: email } : { email }), password: parsed.data.newPassword, redirect: false });
    formEl.reset();
    setState({ kind: 'done' });
  }

  const err = state.kind === 'error' ? state : null;
  const input = (name: Exclude<Field, 'form'>, label: string, autoComplete: string, hint?: string) => (
    <div className="space-y-1">
      <label htmlFor={`cp-${name}`} className="block text-sm font-medium">{label}</label>
      <input
        id={`cp-${name}`}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        aria-invalid={err?.field === name || undefined}
        aria-describedby={[hint ? `cp-${name}-hint` : '', err?.field === name ? `cp-${name}-error` : ''].filter(Boolean).join(' ') || undefined}
        className="w-full rounded-md border border-slate-400 px-3 py-2"
      />
      {hint && <p id={`cp-${name}-hint`} className="text-sm text-slate-600">{hint}</p>}
      {err?.field === name && <p id={`cp-${name}-error`} role="alert" className="text-sm text-red-700">{err.message}</p>}
    </div>
  );
  return (
    <form
      method="post"
      noValidate
      className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      {input('currentPassword', labels.current, 'current-password')}
      {input('newPassword', labels.next, 'new-password', labels.hint)}
      {input('confirm', labels.confirm, 'new-password')}
      {err?.field === 'form' && <p role="alert" className="text-sm text-red-700">{err.message}</p>}
      {state.kind === 'done' && <p role="status" className="text-sm text-green-800">{labels.done}</p>}
      <button type="submit" disabled={state.kind === 'busy' || !hydrated} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.submit}
      </button>
    </form>
  );
}
