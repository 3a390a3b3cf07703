'use client';

import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';
import { recipientForm } from '../../../server/portal/forms';
import { fill, issuesToErrors } from '../_components/form-errors';
import { PortalForm } from '../_components/portal-form';
import { TextField } from '../_components/text-field';
import { usePortalAction } from '../_components/use-action';

type Recipient = { id: string; email: string; name: string | null; addedOn: string };
type Labels = Record<'none' | 'name' | 'nameOptional' | 'email' | 'added' | 'add' | 'adding' | 'addTitle' | 'remove' | 'removeOne' | 'removed' | 'addedOk' | 'count' | 'failed', string>;

/** CP-8: the recipients table with Remove per row, and the Add form (same schema as the server). */
export function RecipientsEditor({ recipients, max, labels, messages }: { recipients: Recipient[]; max: number; labels: Labels; messages: Record<string, string> }) {
  const { errors, setErrors, busy, status, run } = usePortalAction(labels.failed);

  async function add(form: HTMLFormElement) {
    const data = new FormData(form);
    const values = { email: String(data.get('email') ?? ''), name: String(data.get('name') ?? '') };
    const parsed = recipientForm.safeParse(values);
    if (!parsed.success) return setErrors(issuesToErrors(parsed.error.issues, messages));
    await run(async () => {
      const r = await trpc.portal.recipients.add.mutate(values);
      form.reset();
      return fill(labels.addedOk, { email: r.email });
    });
  }

  const remove = (r: Recipient) => run(async () => fill(labels.removed, { email: (await trpc.portal.recipients.remove.mutate({ id: r.id })).email }));

  return (
    <Interactive>
      <div className="space-y-6">
        {recipients.length === 0 ? (
          <p>{labels.none}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">{labels.email}</th>
                  <th scope="col" className="px-3 py-2">{labels.name}</th>
                  <th scope="col" className="px-3 py-2">{labels.added}</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">{labels.remove}</span></th>
                </tr>
              </thead>
              <tbody>
                {recipients.map((r) => (
                  <tr key={r.id} className="border-t border-slate-200" data-testid={`recipient-${r.email}`}>
                    <th scope="row" className="px-3 py-2 text-left font-medium break-all">{r.email}</th>
                    <td className="px-3 py-2">{r.name ?? '—'}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{r.addedOn}</td>
                    <td className="px-3 py-2 text-right">
                      <button type="button" disabled={busy} onClick={() => void remove(r)} aria-label={fill(labels.removeOne, { email: r.email })} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60">
                        {labels.remove}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="text-sm text-slate-600">{fill(labels.count, { n: recipients.length, max })}</p>
        {status && <p role="status" className="text-sm text-green-800">{status}</p>}
        <PortalForm labelledBy="add-recipient" onSubmit={add}>
          <h2 id="add-recipient" className="text-lg font-semibold">{labels.addTitle}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField idPrefix="rcp" name="email" type="email" autoComplete="off" label={labels.email} error={errors.email} required />
            <TextField idPrefix="rcp" name="name" autoComplete="off" label={labels.nameOptional} error={errors.name} />
          </div>
          {errors.form && <p role="alert" className="text-sm text-red-700">{errors.form}</p>}
          <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{busy ? labels.adding : labels.add}</button>
        </PortalForm>
      </div>
    </Interactive>
  );
}
