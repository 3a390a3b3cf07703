'use client';

import { useRouter } from 'next/navigation';
import { startTransition } from 'react';
import { useErrorText } from './_components/error-text';

/** A page that failed: said in the viewer's language, with a title of its own (the page's never rendered). */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const text = useErrorText();
  const router = useRouter();
  // A server component's error comes back unless the page is fetched again: refresh, then re-render.
  const retry = () => startTransition(() => { router.refresh(); reset(); });
  return (
    <div className="space-y-4">
      <title>{text.documentTitle}</title>
      <h1 className="text-2xl font-semibold">{text.title}</h1>
      <p role="alert" className="text-slate-700">{text.body}</p>
      <button type="button" onClick={retry} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{text.retry}</button>
    </div>
  );
}
