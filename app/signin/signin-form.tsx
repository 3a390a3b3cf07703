'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function SignInForm({ next, labels }: { next: string; labels: { email: string; password: string; submit: string; failed: string } }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const form = new FormData(e.currentTarget);
        const res = await signIn('product', { email: form.get('email'), password: form.get('password'), redirect: false });
        setBusy(false);
        if (res?.ok && !res.error) router.push(next);
        else setError(labels.failed);
      }}
    >
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium">{labels.email}</label>
        <input id="email" name="email" type="email" autoComplete="username" required className="w-full rounded-md border border-slate-300 px-3 py-2" />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">{labels.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="w-full rounded-md border border-slate-300 px-3 py-2" />
      </div>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <button type="submit" disabled={busy} className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.submit}
      </button>
    </form>
  );
}
