'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';
import { billToForm } from '../../../server/portal/forms';
import { issuesToErrors, serverErrors, type FieldErrors } from '../_components/form-errors';
import { TextField } from '../_components/text-field';

type Values = { contactName: string; contactEmail: string; street: string; city: string; postcode: string; region: string; phone: string };
type Labels = Record<
  'contactSection' | 'addressSection' | 'contactName' | 'contactEmail' | 'street' | 'city' | 'postcode' | 'postcodeHint' | 'region' | 'country' | 'countryHint' |
  'phone' | 'phoneHint' | 'userIdHint' | 'save' | 'saving' | 'saved' | 'emailNotice' | 'unchanged' | 'failed',
  string
>;

/** CP-3: the Bill To form, checked with the same schema as the server (the account's country decides the postcode shape). */
export function BillToForm({ initial, country, countryName, labels, messages }: { initial: Values; country: string; countryName: string; labels: Labels; messages: Record<string, string> }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, setState] = useState<'idle' | 'busy' | { done: string }>('idle');

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const values = Object.fromEntries((Object.keys(initial) as (keyof Values)[]).map((k) => [k, String(data.get(k) ?? '')])) as Values;
    const parsed = billToForm(country).safeParse(values);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues, messages));
      setState('idle');
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setErrors({});
    setState('busy');
    try {
      const res = await trpc.portal.billTo.update.mutate(values);
      setState({ done: res.changed.length === 0 ? labels.unchanged : res.emailChanged ? `${labels.saved} ${labels.emailNotice}` : labels.saved });
      router.refresh();
    } catch (err) {
      setErrors(serverErrors(err, labels.failed));
      setState('idle');
    }
  }

  const field = (name: keyof Values, type: 'text' | 'email' | 'tel', autoComplete: string, hint?: string, required = true) => (
    <TextField name={name} label={labels[name]} type={type} autoComplete={autoComplete} defaultValue={initial[name]} hint={hint} error={errors[name]} required={required} />
  );
  return (
    <form
      method="post"
      noValidate
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <Interactive>
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
        {typeof state === 'object' && <p role="status" className="text-sm text-green-800">{state.done}</p>}
        <button type="submit" disabled={state === 'busy'} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {state === 'busy' ? labels.saving : labels.save}
        </button>
      </Interactive>
    </form>
  );
}
