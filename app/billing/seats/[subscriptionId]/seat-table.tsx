'use client';

import { TRPCClientError } from '@trpc/client';
import { useEffect, useState } from 'react';
import { trpc } from '../../../_components/trpc-client';

type View = Awaited<ReturnType<typeof trpc.seats.list.query>>;

export function SeatTable({ initial, labels: l }: { initial: View; labels: Record<string, string> }) {
  const [view, setView] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Server-rendered buttons do nothing until React has attached its handlers: keep them disabled till then,
  // so an early click is not silently lost (it is what happened under load in the BC-6 browser test).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  async function toggle(userId: string, assigned: boolean) {
    setBusy(userId);
    setError(null);
    try {
      const input = { subscriptionId: view.subscriptionId, userId };
      setView(assigned ? await trpc.seats.unassign.mutate(input) : await trpc.seats.assign.mutate(input));
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed!);
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" data-testid="seat-summary">{l.summary!.replace('{assigned}', String(view.assigned)).replace('{seats}', String(view.seats))}</p>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        <thead className="bg-slate-50 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">{l.user}</th>
            <th scope="col" className="px-3 py-2">{l.seat}</th>
            <th scope="col" className="px-3 py-2"><span className="sr-only">{l.assignShort}</span></th>
          </tr>
        </thead>
        <tbody>
          {view.users.map((u) => (
            <tr key={u.id} className="border-t border-slate-200">
              <td className="px-3 py-2">{u.name} <span className="text-slate-600">({u.email})</span></td>
              <td className="px-3 py-2">{u.assigned ? l.has : l.none}</td>
              <td className="px-3 py-2 text-right">
                <button
                  type="button"
                  disabled={!hydrated || busy !== null}
                  onClick={() => toggle(u.id, u.assigned)}
                  aria-label={(u.assigned ? l.unassign! : l.assign!).replace('{name}', u.name)}
                  className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-50 disabled:opacity-60"
                >
                  {u.assigned ? l.unassignShort : l.assignShort}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
