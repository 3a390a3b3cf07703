'use client';

import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Interactive } from '../../_components/interactive';
import { trpc } from '../../_components/trpc-client';
import { formatMinor } from '../../billing/_components/stripe-js';

type Form = Awaited<ReturnType<typeof trpc.backoffice.quotes.form.query>>;
type Preview = Awaited<ReturnType<typeof trpc.backoffice.quotes.preview.query>>;
type Term = 'co_term' | 'new_term';
interface Line { key: number; productId: string; tierId: string; seats: string; discount: string; term: Term }
export interface EditorLabels {
  lines: string; product: string; tier: string; seats: string; discount: string; term: string; coTerm: string; newTerm: string; listPrice: string; current: string;
  addLine: string; removeLine: string; expires: string; notes: string; preview: string; pricing: string; po: string; noPo: string; save: string; saving: string;
  subtotal: string; tax: string; reverseCharge: string; total: string; amount: string; failed: string;
}

/** Percent text ("12.5") → basis points (1250); NaN when it is not a number with at most two decimals. */
const basisPoints = (pct: string) => (/^\d{1,3}([.,]\d{1,2})?$/.test(pct.trim()) ? Math.round(Number(pct.trim().replace(',', '.')) * 100) : pct.trim() === '' ? 0 : NaN);

/** BO-1: the rep's quote editor — lines of product, plan, seats, discount and term; expiry; notes; the figures live from the server's one pricing. */
export function QuoteEditor(props: {
  form: Form;
  locale: 'en' | 'it';
  quoteId?: string;
  initial?: { expiresOn: string; notes: string; lines: Array<{ productId: string; tierId: string; seats: number; discountBasisPoints: number; term: Term }> };
  labels: EditorLabels;
}) {
  const { form, labels: l, locale } = props;
  const router = useRouter();
  const keyRef = useRef(0);
  const firstProduct = form.products[0]!;
  const newLine = (productId = firstProduct.id): Line => {
    const p = form.products.find((x) => x.id === productId)!;
    return { key: keyRef.current++, productId, tierId: p.subscription?.tierId ?? p.tiers[0]!.id, seats: '1', discount: '0', term: form.contract ? 'co_term' : 'new_term' };
  };
  const [lines, setLines] = useState<Line[]>(() =>
    props.initial ? props.initial.lines.map((x) => ({ key: keyRef.current++, productId: x.productId, tierId: x.tierId, seats: String(x.seats), discount: String(x.discountBasisPoints / 100), term: x.term })) : [newLine()],
  );
  const inMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const [expiresOn, setExpiresOn] = useState(props.initial?.expiresOn ?? inMonth);
  const [notes, setNotes] = useState(props.initial?.notes ?? '');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pricing, setPricing] = useState(false);
  const [saving, setSaving] = useState(false);
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  const fmt = (v: bigint | string) => formatMinor(v, form.account.currency, locale);

  const request = () => lines.map((x) => ({ productId: x.productId, tierId: x.tierId, seats: Number(x.seats), discountBasisPoints: basisPoints(x.discount), term: x.term }));
  const signature = JSON.stringify(request());
  useEffect(() => {
    let stale = false;
    const lines = JSON.parse(signature) as ReturnType<typeof request>;
    if (lines.some((x) => !Number.isInteger(x.seats) || x.seats < 1 || !Number.isInteger(x.discountBasisPoints))) {
      setPreview(null);
      return;
    }
    setPricing(true);
    const timer = setTimeout(() => {
      trpc.backoffice.quotes.preview
        .query({ accountId: form.account.id, lines })
        .then((p) => { if (!stale) { setPreview(p); setProblem(null); } })
        .catch((err) => { if (!stale) { setPreview(null); setProblem(err instanceof TRPCClientError ? err.message : l.failed); } })
        .finally(() => { if (!stale) setPricing(false); });
    }, 300);
    return () => { stale = true; clearTimeout(timer); };
  }, [signature, form.account.id, l.failed]);

  const update = (key: number, patch: Partial<Line>) => setLines((ls) => ls.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  const unused = form.products.filter((p) => !lines.some((x) => x.productId === p.id));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    setProblem(null);
    const body = { expiresAt: new Date(`${expiresOn}T23:59:59.000Z`), notes, lines: request() };
    try {
      const { quoteId } = props.quoteId ? await trpc.backoffice.quotes.update.mutate({ quoteId: props.quoteId, ...body }) : await trpc.backoffice.quotes.create.mutate({ accountId: form.account.id, ...body });
      router.push(`/backoffice/quotes/${quoteId}`);
      router.refresh();
    } catch (err) {
      setProblem(err instanceof TRPCClientError ? err.message : l.failed);
      setSaving(false);
    }
  }

  return (
    <Interactive>
      <form onSubmit={save} noValidate className="space-y-6">
        <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <legend className="px-1 text-lg font-semibold">{l.lines}</legend>
          {lines.map((x, i) => {
            const product = form.products.find((p) => p.id === x.productId)!;
            const tier = product.tiers.find((t) => t.id === x.tierId);
            const figure = preview?.lines.find((p) => p.productId === x.productId);
            return (
              <div key={x.key} className="grid gap-3 border-b border-slate-100 pb-4 sm:grid-cols-6" data-testid={`quote-line-${i}`}>
                <div className="space-y-1 sm:col-span-2">
                  <label htmlFor={`product-${x.key}`} className="block text-sm font-medium">{l.product}</label>
                  <select id={`product-${x.key}`} value={x.productId} onChange={(e) => { const n = newLine(e.target.value); update(x.key, { productId: n.productId, tierId: n.tierId }); }} className="w-full rounded-md border border-slate-300 px-2 py-2">
                    {form.products.filter((p) => p.id === x.productId || unused.includes(p)).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                  </select>
                  {product.subscription && <p className="text-xs text-slate-600">{l.current.replace('{seats}', String(product.subscription.seats)).replace('{tier}', product.tiers.find((t) => t.id === product.subscription!.tierId)?.name ?? '')}</p>}
                </div>
                <div className="space-y-1">
                  <label htmlFor={`tier-${x.key}`} className="block text-sm font-medium">{l.tier}</label>
                  <select id={`tier-${x.key}`} value={x.tierId} onChange={(e) => update(x.key, { tierId: e.target.value })} className="w-full rounded-md border border-slate-300 px-2 py-2">
                    {product.tiers.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                  </select>
                  {tier?.annualUnitAmount != null && <p className="text-xs text-slate-600">{l.listPrice.replace('{price}', fmt(tier.annualUnitAmount))}</p>}
                </div>
                <div className="space-y-1">
                  <label htmlFor={`seats-${x.key}`} className="block text-sm font-medium">{l.seats}</label>
                  <input id={`seats-${x.key}`} type="number" min={1} max={100000} step={1} value={x.seats} onChange={(e) => update(x.key, { seats: e.target.value })} className="w-full rounded-md border border-slate-300 px-2 py-2" />
                </div>
                <div className="space-y-1">
                  <label htmlFor={`discount-${x.key}`} className="block text-sm font-medium">{l.discount.replace('{max}', String(form.maxDiscountBasisPoints / 100))}</label>
                  <input id={`discount-${x.key}`} inputMode="decimal" value={x.discount} onChange={(e) => update(x.key, { discount: e.target.value })} className="w-full rounded-md border border-slate-300 px-2 py-2" />
                </div>
                <fieldset className="space-y-1">
                  <legend className="text-sm font-medium">{l.term}</legend>
                  {form.contract && (
                    <label className="flex items-center gap-2 text-sm"><input type="radio" name={`term-${x.key}`} checked={x.term === 'co_term'} onChange={() => update(x.key, { term: 'co_term' })} />{l.coTerm.replace('{date}', date.format(new Date(form.contract.end)))}</label>
                  )}
                  <label className="flex items-center gap-2 text-sm"><input type="radio" name={`term-${x.key}`} checked={x.term === 'new_term'} onChange={() => update(x.key, { term: 'new_term' })} />{l.newTerm}</label>
                </fieldset>
                <div className="flex items-end justify-between gap-2 sm:col-span-6">
                  <span className="text-sm">{l.amount}: <span data-testid={`line-amount-${i}`}>{figure ? fmt(figure.amount) : '—'}</span></span>
                  {lines.length > 1 && <button type="button" onClick={() => setLines((ls) => ls.filter((y) => y.key !== x.key))} className="text-sm text-red-800 underline">{l.removeLine.replace('{product}', product.name)}</button>}
                </div>
              </div>
            );
          })}
          {unused.length > 0 && <button type="button" onClick={() => setLines((ls) => [...ls, newLine(unused[0]!.id)])} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">{l.addLine}</button>}
        </fieldset>
        <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="expires" className="block text-sm font-medium">{l.expires}</label>
            <input id="expires" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} required className="rounded-md border border-slate-300 px-3 py-2" />
          </div>
          <div className="space-y-1">
            <label htmlFor="notes" className="block text-sm font-medium">{l.notes}</label>
            <textarea id="notes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} rows={3} className="w-full rounded-md border border-slate-300 px-3 py-2" />
          </div>
        </div>
        <section aria-labelledby="figures" className="space-y-2 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="figures" className="text-lg font-semibold">{l.preview}</h2>
          <div aria-live="polite">
            {pricing && <p className="text-sm text-slate-700">{l.pricing}</p>}
            {problem && <p role="alert" className="text-sm text-red-700" data-testid="editor-problem">{problem}</p>}
          </div>
          {preview && (
            <dl className="grid max-w-sm grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="editor-figures">
              <dt>{l.subtotal}</dt><dd className="text-right">{fmt(preview.subtotal)}</dd>
              <dt>{preview.reverseCharge ? l.reverseCharge : l.tax.replace('{rate}', `${(preview.taxRateBasisPoints / 100).toLocaleString(locale === 'it' ? 'it-IT' : 'en-US')} %`)}</dt><dd className="text-right">{fmt(preview.tax)}</dd>
              <dt className="font-semibold">{l.total}</dt><dd className="text-right font-semibold" data-testid="editor-total">{fmt(preview.total)}</dd>
            </dl>
          )}
          <p className="text-sm text-slate-700">{form.purchaseOrderNumber ? l.po.replace('{number}', form.purchaseOrderNumber) : l.noPo}</p>
        </section>
        <div aria-live="polite" className="flex items-center gap-3">
          <button type="submit" disabled={saving} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">{l.save}</button>
          {saving && <span className="text-sm text-slate-700">{l.saving}</span>}
        </div>
      </form>
    </Interactive>
  );
}
