'use client';

import type { ReactNode } from 'react';
import { useHydrated } from './use-hydrated';

/**
 * Wraps a client-side form or control group: every control inside stays disabled until React has
 * hydrated it. A server-rendered page is visible before its handlers are attached, and a click in that
 * window would otherwise be lost without a word (or fall through to a native form submission).
 */
export function Interactive({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} className="contents">
      {children}
    </fieldset>
  );
}
