'use client';

import { useHydrated } from '../../../_components/use-hydrated';

export function PrintButton({ label }: { label: string }) {
  const hydrated = useHydrated();
  return (
    <button type="button" disabled={!hydrated} onClick={() => window.print()} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
      {label}
    </button>
  );
}
