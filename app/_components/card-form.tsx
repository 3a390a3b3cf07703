'use client';

import type { ReactNode } from 'react';

/**
 * The white card form the sign-in, forgot-password and reset pages share: no native validation
 * bubbles (our messages are translated and announced), and submission handed to `onSubmit` with the
 * form's data.
 */
export function CardForm({ onSubmit, children }: { onSubmit: (form: FormData) => Promise<void>; children: ReactNode }) {
  return (
    <form
      method="post"
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(new FormData(e.currentTarget));
      }}
    >
      {children}
    </form>
  );
}
