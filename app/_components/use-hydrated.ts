'use client';

import { useEffect, useState } from 'react';

/**
 * False until React has hydrated the form. Submit buttons stay disabled until then, so an early click
 * never falls through to a native form submission (which would put a password in a URL).
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
