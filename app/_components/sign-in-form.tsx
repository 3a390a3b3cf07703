'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from './use-hydrated';
import { decodeSignInFailure, portalSignInForm, productSignInForm, staffSignInForm, type RealmName } from '../../server/auth/forms';
import { CardForm } from './card-form';

export interface SignInLabels {
  login: string;
  password: string;
  submit: string;
  /** Shown for a malformed login (CP-1: "The user ID is not valid"). */
  invalidLogin: string;
  /** Shown for every other failure (CP-1: "The user ID or password is not valid"). */
  invalidCredentials: string;
  passwordRequired: string;
  /** With {n}: minutes to wait. */
  throttled: string;
  /** The check itself failed on our side (database away…): no detail reaches the page. */
  unavailable?: string;
}

const schemas = { product: productSignInForm, portal: portalSignInForm, staff: staffSignInForm } as const;
const loginField = { product: 'email', portal: 'userId', staff: 'email' } as const;

/**
 * One sign-in form for the three realms. The same zod schema as the server checks the input first;
 * the server's answer comes back from next-auth as a failure code that is shown in the page's language.
 */
export function SignInForm({ realm, next, labels }: { realm: RealmName; next: string; labels: SignInLabels }) {
  const [error, setError] = useState<{ field: 'login' | 'password' | 'form'; message: string } | null>(null);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const field = loginField[realm];

  async function submit(form: FormData) {
    const values = { [field]: String(form.get('login') ?? ''), password: String(form.get('password') ?? '') };
    const parsed = schemas[realm].safeParse(values);
    if (!parsed.success) {
      const loginBad = parsed.error.issues.some((i) => i.path[0] === field);
      setError(loginBad ? { field: 'login', message: labels.invalidLogin } : { field: 'password', message: labels.passwordRequired });
      return;
    }
    setBusy(true);
    setError(null);
    const res = await signIn(realm, { ...values, redirect: false });
    if (res?.ok && !res.error) {
      // A full navigation, so the header and every server component see the new session.
      window.location.assign(next);
      return;
    }
    setBusy(false);
    const failure = decodeSignInFailure(res?.error);
    if (failure === 'invalid_login_id') setError({ field: 'login', message: labels.invalidLogin });
    else if (failure === 'invalid_credentials') setError({ field: 'form', message: labels.invalidCredentials });
    else if (failure === 'unavailable') setError({ field: 'form', message: labels.unavailable ?? labels.invalidCredentials });
    else setError({ field: 'form', message: labels.throttled.replace('{n}', String(failure.throttledMinutes)) });
  }

  return (
    <CardForm onSubmit={submit}>
      <div className="space-y-1">
        <label htmlFor={`${realm}-login`} className="block text-sm font-medium">{labels.login}</label>
        <input
          id={`${realm}-login`}
          name="login"
          type={field === 'email' ? 'email' : 'text'}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          aria-invalid={error?.field === 'login' || undefined}
          aria-describedby={error?.field === 'login' ? `${realm}-login-error` : undefined}
          className="w-full rounded-md border border-slate-400 px-3 py-2"
        />
        {error?.field === 'login' && <p id={`${realm}-login-error`} role="alert" className="text-sm text-red-700">{error.message}</p>}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${realm}-password`} className="block text-sm font-medium">{labels.password}</label>
        <input
          id={`${realm}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error?.field === 'password' || undefined}
          aria-describedby={error?.field === 'password' ? `${realm}-password-error` : undefined}
          className="w-full rounded-md border border-slate-400 px-3 py-2"
        />
        {error?.field === 'password' && <p id={`${realm}-password-error`} role="alert" className="text-sm text-red-700">{error.message}</p>}
      </div>
      {error?.field === 'form' && <p role="alert" className="text-sm text-red-700">{error.message}</p>}
      <button type="submit" disabled={busy || !hydrated} className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.submit}
      </button>
    </CardForm>
  );
}
