'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { serverErrors, type FieldErrors } from './form-errors';

/**
 * What every portal form does around its mutation: busy while it runs, the server's errors by field
 * (already in the viewer's language), a status sentence on success, and the server components re-read.
 */
export function usePortalAction(failed: string) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  async function run(mutation: () => Promise<string | null>): Promise<boolean> {
    setErrors({});
    setStatus(null);
    setBusy(true);
    try {
      setStatus(await mutation());
      router.refresh();
      return true;
    } catch (err) {
      setErrors(serverErrors(err, failed));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { errors, setErrors, busy, status, run };
}
