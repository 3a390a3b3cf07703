'use client';

import type { ReactNode } from 'react';
import { Interactive } from '../../_components/interactive';

/** A portal form: our own validation messages instead of the browser's bubbles, inert until hydrated. */
export function PortalForm({ onSubmit, children, labelledBy }: { onSubmit: (form: HTMLFormElement) => void | Promise<unknown>; children: ReactNode; labelledBy?: string }) {
  return (
    <form
      method="post"
      noValidate
      aria-labelledby={labelledBy}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(e.currentTarget);
      }}
    >
      <Interactive>{children}</Interactive>
    </form>
  );
}
