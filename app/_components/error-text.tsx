'use client';

import { createContext, useContext, type ReactNode } from 'react';

/** What app/error.tsx says, translated by the root layout: an error boundary is a client component and cannot call getT(). */
export interface ErrorText {
  documentTitle: string;
  title: string;
  body: string;
  retry: string;
}

const Context = createContext<ErrorText | null>(null);

export function ErrorTextProvider({ value, children }: { value: ErrorText; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useErrorText(): ErrorText {
  const text = useContext(Context);
  if (!text) throw new Error('useErrorText outside the root layout');
  return text;
}
