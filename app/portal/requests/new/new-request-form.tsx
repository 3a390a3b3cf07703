'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { newRequestForm, REQUEST_CATEGORIES, REQUEST_SUBCATEGORIES, SUBSCRIPTION_CATEGORIES, type RequestCategoryName } from '../../../../server/requests/forms';
import { Interactive } from '../../../_components/interactive';
import { trpc } from '../../../_components/trpc-client';

interface SubscriptionOption {
  id: string;
  label: string;
  reactivation: boolean;
  cancellation: boolean;
}

interface Labels {
  category: string;
  subcategory: string;
  subscription: string;
  details: string;
  detailsHint: string;
  submit: string;
  sending: string;
  categories: Record<RequestCategoryName, string>;
  subcategories: Record<string, string>;
  noExpired: string;
  noActive: string;
  errors: { details: string; subscription: string; subcategory: string; failed: string };
}

type Field = 'details' | 'subscriptionId' | 'subcategory';

/** A fresh one-time key per form: a double click or a retry after a lost answer files one request. */
function newSubmissionKey(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * CP-13: seed 004's form — "use the drop-downs to select Form Requests > W-9/Vendor Form/Regional Forms,
 * enter the details, then click Submit". Reactivation (CP-14) and cancellation (CP-15) name the subscription.
 */
export function NewRequestForm({ initialCategory, initialSubscriptionId, subscriptions, labels }: { initialCategory: RequestCategoryName; initialSubscriptionId: string | null; subscriptions: SubscriptionOption[]; labels: Labels }) {
  const router = useRouter();
  const id = useId();
  const [category, setCategory] = useState<RequestCategoryName>(initialCategory);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submissionKey = useMemo(newSubmissionKey, []);
  const subs = REQUEST_SUBCATEGORIES[category];
  const wants = SUBSCRIPTION_CATEGORIES[category];
  const eligible = subscriptions.filter((s) => (wants === 'expired' ? s.reactivation : wants === 'active' ? s.cancellation : false));

  async function submit(form: FormData) {
    setFailure(null);
    const parsed = newRequestForm.safeParse({
      category,
      subcategory: subs.length ? String(form.get('subcategory') ?? '') : null,
      subscriptionId: wants ? String(form.get('subscriptionId') ?? '') || null : null,
      details: String(form.get('details') ?? ''),
      submissionKey,
    });
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'details') next.details = labels.errors.details;
        if (field === 'subscriptionId') next.subscriptionId = labels.errors.subscription;
        if (field === 'subcategory') next.subcategory = labels.errors.subcategory;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await trpc.portal.requests.create.mutate(parsed.data);
      router.push(`/portal/requests/${created.requestId}?created=1`);
    } catch (err) {
      setBusy(false);
      setFailure(err instanceof TRPCClientError ? err.message : labels.errors.failed);
    }
  }

  const input = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2';
  const error = (field: Field) => errors[field] && <p id={`${id}-${field}-error`} role="alert" className="mt-1 text-sm text-red-700">{errors[field]}</p>;
  const described = (field: Field, hint?: string) => [errors[field] ? `${id}-${field}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;
  return (
    <Interactive>
      <form
        noValidate
        className="max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(new FormData(e.currentTarget));
        }}
      >
        <div>
          <label htmlFor={`${id}-category`} className="font-medium">{labels.category}</label>
          <select id={`${id}-category`} name="category" value={category} onChange={(e) => { setCategory(e.target.value as RequestCategoryName); setErrors({}); }} className={input}>
            {REQUEST_CATEGORIES.map((c) => <option key={c} value={c}>{labels.categories[c]}</option>)}
          </select>
        </div>
        {subs.length > 0 && (
          <div>
            <label htmlFor={`${id}-subcategory`} className="font-medium">{labels.subcategory}</label>
            <select id={`${id}-subcategory`} name="subcategory" defaultValue={subs[0]} aria-invalid={errors.subcategory ? true : undefined} aria-describedby={described('subcategory')} className={input}>
              {subs.map((s) => <option key={s} value={s}>{labels.subcategories[s] ?? s}</option>)}
            </select>
            {error('subcategory')}
          </div>
        )}
        {wants && (
          <div>
            <label htmlFor={`${id}-subscription`} className="font-medium">{labels.subscription}</label>
            {eligible.length === 0 ? (
              <p className="mt-1 text-sm text-slate-700">{wants === 'expired' ? labels.noExpired : labels.noActive}</p>
            ) : (
              <select id={`${id}-subscription`} name="subscriptionId" defaultValue={eligible.some((s) => s.id === initialSubscriptionId) ? initialSubscriptionId! : eligible[0]!.id} aria-invalid={errors.subscriptionId ? true : undefined} aria-describedby={described('subscriptionId')} className={input}>
                {eligible.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
              </select>
            )}
            {error('subscriptionId')}
          </div>
        )}
        <div>
          <label htmlFor={`${id}-details`} className="font-medium">{labels.details}</label>
          <p id={`${id}-details-hint`} className="text-sm text-slate-600">{labels.detailsHint}</p>
          <textarea id={`${id}-details`} name="details" rows={6} maxLength={5000} required aria-invalid={errors.details ? true : undefined} aria-describedby={described('details', `${id}-details-hint`)} className={input} />
          {error('details')}
        </div>
        {failure && <p role="alert" className="text-sm text-red-700">{failure}</p>}
        <button type="submit" disabled={busy || (Boolean(wants) && eligible.length === 0)} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {busy ? labels.sending : labels.submit}
        </button>
      </form>
    </Interactive>
  );
}
