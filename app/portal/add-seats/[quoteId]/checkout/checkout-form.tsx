'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Interactive } from '../../../../_components/interactive';
import { trpc } from '../../../../_components/trpc-client';

type Labels = Record<'admin' | 'adminLead' | 'adminWho' | 'adminNew' | 'adminName' | 'adminEmail' | 'billingAddress' | 'street' | 'city' | 'postcode' | 'region' | 'country' | 'save' | 'saving' | 'failed', string>;
const NEW = 'new';

/** Contatto per amministratori and Indirizzo di fatturazione → Salva e procedi all'ordine del servizio. */
export function ServiceOrderCheckoutForm(props: {
  quoteId: string;
  admins: Array<{ id: string; label: string; name: string; email: string }>;
  initial: { adminUserId: string | null; adminName: string; adminEmail: string; street: string; city: string; postcode: string; region: string };
  country: string;
  labels: Labels;
}) {
  const { labels: l, initial } = props;
  const router = useRouter();
  const [who, setWho] = useState(initial.adminUserId ?? (initial.adminEmail ? NEW : props.admins[0]?.id ?? NEW));
  const picked = props.admins.find((a) => a.id === who);
  const [name, setName] = useState(initial.adminName || picked?.name || '');
  const [email, setEmail] = useState(initial.adminEmail || picked?.email || '');
  const [address, setAddress] = useState({ street: initial.street, city: initial.city, postcode: initial.postcode, region: initial.region });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function choose(id: string) {
    setWho(id);
    const a = props.admins.find((x) => x.id === id);
    setName(a?.name ?? '');
    setEmail(a?.email ?? '');
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { serviceOrderId } = await trpc.portal.addSeats.saveServiceOrder.mutate({
        quoteId: props.quoteId,
        admin: { userId: who === NEW ? null : who, name, email },
        billingAddress: { street: address.street, city: address.city, postcode: address.postcode, region: address.region || null },
      });
      router.push(`/portal/service-orders/${serviceOrderId}`);
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : l.failed);
      setBusy(false);
    }
  }

  const field = (id: keyof typeof address, label: string, autoComplete: string) => (
    <div className="space-y-1">
      <label htmlFor={`addr-${id}`} className="block text-sm font-medium">{label}</label>
      <input id={`addr-${id}`} value={address[id]} onChange={(e) => setAddress((a) => ({ ...a, [id]: e.target.value }))} required={id !== 'region'} autoComplete={autoComplete} className="w-full max-w-md rounded-md border border-slate-300 px-3 py-2" />
    </div>
  );

  return (
    <Interactive>
      <form onSubmit={submit} noValidate className="space-y-6">
        <section aria-labelledby="admin-contact" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="admin-contact" className="text-lg font-semibold">{l.admin}</h2>
          <p className="text-sm text-slate-700">{l.adminLead}</p>
          <div className="space-y-1">
            <label htmlFor="admin-who" className="block text-sm font-medium">{l.adminWho}</label>
            <select id="admin-who" value={who} onChange={(e) => choose(e.target.value)} className="w-full max-w-md rounded-md border border-slate-300 px-3 py-2">
              {props.admins.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
              <option value={NEW}>{l.adminNew}</option>
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="admin-name" className="block text-sm font-medium">{l.adminName}</label>
            <input id="admin-name" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" className="w-full max-w-md rounded-md border border-slate-300 px-3 py-2" />
          </div>
          <div className="space-y-1">
            <label htmlFor="admin-email" className="block text-sm font-medium">{l.adminEmail}</label>
            <input id="admin-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required readOnly={who !== NEW} autoComplete="email" className="w-full max-w-md rounded-md border border-slate-300 px-3 py-2 read-only:bg-slate-100" />
          </div>
        </section>
        <section aria-labelledby="billing-address" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="billing-address" className="text-lg font-semibold">{l.billingAddress}</h2>
          {field('street', l.street, 'street-address')}
          {field('city', l.city, 'address-level2')}
          {field('postcode', l.postcode, 'postal-code')}
          {field('region', l.region, 'address-level1')}
          <p className="text-sm text-slate-700">{l.country}</p>
        </section>
        {error && <p role="alert" className="text-sm text-red-700" data-testid="checkout-error">{error}</p>}
        <div aria-live="polite" className="flex items-center gap-3">
          <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.save}</button>
          {busy && <span className="text-sm text-slate-700">{l.saving}</span>}
        </div>
      </form>
    </Interactive>
  );
}
