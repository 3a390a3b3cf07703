'use client';

import { trpc } from '../../_components/trpc-client';
import { billToForm } from '../../../server/portal/forms';
import { issuesToErrors } from '../_components/form-errors';
import { PortalForm } from '../_components/portal-form';
import { TextField } from '../_components/text-field';
import { usePortalAction } from '../_components/use-action';

type Values = { contactName: string; contactEmail: string; street: string; city: string; postcode: string; region: string; phone: string };
type Labels = Record<
  'contactSection' | 'addressSection' | 'contactName' | 'contactEmail' | 'street' | 'city' | 'postcode' | 'postcodeHint' | 'region' | 'country' | 'countryHint' |
  'phone' | 'phoneHint' | 'userIdHint' | 'save' | 'saving' | 'saved' | 'emailNotice' | 'unchanged' | 'failed',
  string
>;

/** CP-3: the Bill To form, checked with the same schema as the server (the account's country decides the postcode shape). */
export function BillToForm({ initial, country, countryName, labels, messages }: { initial: Values; country: string; countryName: string; labels: Labels; messages: Record<string, string> }) {
  const { errors, setErrors, busy, status, run } = usePortalAction(labels.failed);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const values = Object.fromEntries((Object.keys(initial) as (keyof Values)[]).map((k) => [k, String(data.get(k) ?? '')])) as Values;
    const parsed = billToForm(country).safeParse(values);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues, messages));
      // The first field in error takes the focus once React has marked it.
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    await run(async () => {
      const res = await trpc.portal.billTo.update.mutate(values);
      return res.changed.length === 0 ? labels.unchanged : res.emailChanged ? `${labels.saved} ${labels.emailNotice}` : labels.saved;
    });
  }

  const field = (name: keyof Values, type: 'text' | 'email' | 'tel', autoComplete: string, hint?: string, required = true) => (
    <TextField name={name} label={labels[name]} type={type} autoComplete={autoComplete} defaultValue={initial[name]} hint={hint} error={errors[name]} required={required} />
  );
  return (
    <PortalForm onSubmit={submit}>
        <fieldset className="space-y-4">
          <legend className="text-lg font-semibold">{labels.contactSection}</legend>
          {field('contactName', 'text', 'name')}
          {field('contactEmail', 'email', 'email')}
          <p className="text-sm text-slate-600">{labels.userIdHint}</p>
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="text-lg font-semibold">{labels.addressSection}</legend>
          {field('street', 'text', 'street-address')}
          <div className="grid gap-4 sm:grid-cols-2">
            {field('city', 'text', 'address-level2')}
            {field('postcode', 'text', 'postal-code', labels.postcodeHint || undefined)}
          </div>
          {field('region', 'text', 'address-level1', undefined, false)}
          <div className="space-y-1">
            <p className="text-sm font-medium" id="bt-country-label">{labels.country}</p>
            <p aria-labelledby="bt-country-label" aria-describedby="bt-country-hint" data-testid="bill-to-country" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">{countryName}</p>
            <p id="bt-country-hint" className="text-sm text-slate-600">{labels.countryHint}</p>
          </div>
        </fieldset>
        {field('phone', 'tel', 'tel', labels.phoneHint, false)}
        {errors.form && <p role="alert" className="text-sm text-red-700">{errors.form}</p>}
        {errors.country && <p role="alert" className="text-sm text-red-700">{errors.country}</p>}
        {status && <p role="status" className="text-sm text-green-800">{status}</p>}
        <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {busy ? labels.saving : labels.save}
        </button>
    </PortalForm>
  );
}
