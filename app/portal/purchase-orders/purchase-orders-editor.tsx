'use client';

import { useState } from 'react';
import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';
import { purchaseOrderForm } from '../../../server/portal/forms';
import { fill, issuesToErrors } from '../_components/form-errors';
import { PortalForm } from '../_components/portal-form';
import { TextField } from '../_components/text-field';
import { usePortalAction } from '../_components/use-action';

type Po = { id: string; number: string; expiresOn: string | null; expiresLabel: string; status: string; current: boolean; warn: boolean };
type Labels = Record<'none' | 'number' | 'expires' | 'status' | 'edit' | 'editOne' | 'remove' | 'removeOne' | 'add' | 'addTitle' | 'editTitle' | 'save' | 'cancel' | 'saved' | 'removed' | 'dateHint' | 'failed', string>;

/** CP-9: purchase orders with Edit and Remove per row; one form adds a new one or edits the chosen one (same schema as the server). */
export function PurchaseOrdersEditor({ purchaseOrders, labels, messages }: { purchaseOrders: Po[]; labels: Labels; messages: Record<string, string> }) {
  const [editing, setEditing] = useState<Po | null>(null);
  const { errors, setErrors, busy, status, run } = usePortalAction(labels.failed);

  async function save(form: HTMLFormElement) {
    const data = new FormData(form);
    const values = { number: String(data.get('number') ?? ''), expiresOn: String(data.get('expiresOn') ?? '') };
    const parsed = purchaseOrderForm.safeParse(values);
    if (!parsed.success) return setErrors(issuesToErrors(parsed.error.issues, messages));
    await run(async () => {
      const saved = await trpc.portal.purchaseOrders.save.mutate({ ...values, ...(editing ? { id: editing.id } : {}) });
      form.reset();
      setEditing(null);
      return fill(labels.saved, { number: saved.number });
    });
  }

  const remove = (p: Po) =>
    run(async () => {
      const removed = await trpc.portal.purchaseOrders.remove.mutate({ id: p.id });
      if (editing?.id === p.id) setEditing(null);
      return fill(labels.removed, { number: removed.number });
    });

  return (
    <Interactive>
      <div className="space-y-6">
        {purchaseOrders.length === 0 ? (
          <p>{labels.none}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">{labels.number}</th>
                  <th scope="col" className="px-3 py-2">{labels.expires}</th>
                  <th scope="col" className="px-3 py-2">{labels.status}</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">{labels.edit}</span></th>
                </tr>
              </thead>
              <tbody>
                {purchaseOrders.map((p) => (
                  <tr key={p.id} className="border-t border-slate-200" data-testid={`po-${p.number}`}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{p.number}</th>
                    <td className="px-3 py-2 whitespace-nowrap">{p.expiresLabel}</td>
                    <td className={`px-3 py-2 ${p.warn ? 'font-medium text-amber-900' : p.current ? 'text-green-900' : ''}`}>{p.status}</td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      <button type="button" disabled={busy} onClick={() => { setEditing(p); setErrors({}); }} aria-label={fill(labels.editOne, { number: p.number })} className="mr-2 rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60">{labels.edit}</button>
                      <button type="button" disabled={busy} onClick={() => void remove(p)} aria-label={fill(labels.removeOne, { number: p.number })} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60">{labels.remove}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {status && <p role="status" className="text-sm text-green-800">{status}</p>}
        <PortalForm key={editing?.id ?? 'new'} labelledBy="po-form-title" onSubmit={save}>
          <h2 id="po-form-title" className="text-lg font-semibold">{editing ? fill(labels.editTitle, { number: editing.number }) : labels.addTitle}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField idPrefix="po" name="number" label={labels.number} defaultValue={editing?.number ?? ''} error={errors.number} required />
            <TextField idPrefix="po" name="expiresOn" type="date" label={labels.expires} defaultValue={editing?.expiresOn ?? ''} hint={labels.dateHint} error={errors.expiresOn} />
          </div>
          {(errors.form || errors.id) && <p role="alert" className="text-sm text-red-700">{errors.form ?? errors.id}</p>}
          <div className="flex gap-2">
            <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{editing ? labels.save : labels.add}</button>
            {editing && <button type="button" onClick={() => { setEditing(null); setErrors({}); }} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-50">{labels.cancel}</button>}
          </div>
        </PortalForm>
      </div>
    </Interactive>
  );
}
