'use client';

import { useEffect, useRef, useState } from 'react';
import type { Currency } from '../../../../../db/schema';
import { parseAmount } from '../../../../../server/billing/invoice-payment';
import { formatMoney } from '../../../../../server/billing/money';
import { trpc } from '../../../../_components/trpc-client';
import { CardField, useCardElement } from '../../../../billing/_components/card-element';
import { loadStripeJs } from '../../../../billing/_components/stripe-js';
import { FieldError, fill, serverErrors, type FieldErrors } from '../../../_components/form-errors';
import { buttonClass, linkClass } from '../../../_components/format';
import { PortalForm } from '../../../_components/portal-form';

type Progress = Awaited<ReturnType<typeof trpc.portal.invoices.payment.progress.query>>;
type Labels = Record<
  'full' | 'partial' | 'amount' | 'amountHint' | 'amountInvalid' | 'card' | 'savedCard' | 'newCard' | 'newCardDetails' | 'submit' | 'processing' | 'authenticate' |
  'succeeded' | 'balanceLeft' | 'paidInFull' | 'failed' | 'payRest' | 'stripeFailed' | 'generic',
  string
>;

const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * CP-6: the whole balance or a part of it, the saved card or a new one (Stripe Elements), Pay. Then the
 * payment's progress, read from the server until WF-5 has recorded it, with 3-D Secure run in the page.
 */
export function PayInvoiceForm(props: {
  invoiceId: string; currency: Currency; locale: 'en' | 'it'; payable: string; defaultPartial: string; savedCard: string | null;
  stripe: { url: string; key: string }; labels: Labels;
}) {
  const { labels: l } = props;
  const [part, setPart] = useState(false);
  const [useNewCard, setUseNewCard] = useState(!props.savedCard);
  const [orderId, setOrderId] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // One key per attempt: a double click or a retried request is the same payment.
  const attempt = useRef(newKey());
  const authenticating = useRef(false);
  // Not usePortalAction: its refresh of the page would re-read the invoice, whose balance this very
  // payment now claims, and replace this form (and the payment's progress) with "being processed".
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const card = useCardElement(true, props.stripe, () => setErrors({ card: l.stripeFailed }), () => trpc.portal.paymentMethod.setupCard.mutate());
  const money = (v: bigint) => formatMoney({ amount: v, currency: props.currency }, props.locale);

  useEffect(() => {
    if (!orderId) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    let version: string | undefined;
    const abort = new AbortController();
    const tick = async () => {
      try {
        // Answers when the payment's progress changed from what the page shows (the server waits for it).
        const p = await trpc.portal.invoices.payment.progress.query({ orderId, after: version }, { signal: abort.signal });
        version = p.version;
        if (stop) return;
        setProgress(p);
        if (p.status === 'awaiting_payment' && p.clientSecret && !authenticating.current) {
          authenticating.current = true;
          const stripe = await loadStripeJs(props.stripe.url, props.stripe.key);
          const res = await stripe.confirmCardPayment(p.clientSecret);
          if (res.error) setActionError(res.error.message ?? null);
          await trpc.portal.invoices.payment.actionDone.mutate({ orderId });
        }
        if (!(p.status === 'completed' && p.emailSent) && p.status !== 'failed' && p.status !== 'cancelled') timer = setTimeout(tick, 50);
      } catch {
        if (!stop) timer = setTimeout(tick, 1500);
      }
    };
    void tick();
    return () => { stop = true; clearTimeout(timer); abort.abort(); };
  }, [orderId, props.stripe.url, props.stripe.key]);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const amount = part ? parseAmount(String(data.get('amount') ?? ''), props.locale) : BigInt(props.payable);
    if (amount === null || amount <= 0n) return setErrors({ amount: l.amountInvalid });
    setErrors({});
    setBusy(true);
    try {
      let paymentMethodId: string | null = null;
      if (useNewCard) {
        const confirmed = await card.confirm(l.generic);
        if ('error' in confirmed) throw new FieldError('card', confirmed.error);
        paymentMethodId = confirmed.paymentMethodId;
      }
      const paid = await trpc.portal.invoices.payment.pay.mutate({ invoiceId: props.invoiceId, amount: amount.toString(), paymentMethodId, idempotencyKey: attempt.current });
      setOrderId(paid.orderId);
    } catch (err) {
      setErrors(serverErrors(err, l.generic));
    } finally {
      setBusy(false);
    }
  }

  if (orderId) {
    const done = progress?.status === 'completed';
    const failed = progress?.status === 'failed' || progress?.status === 'cancelled';
    return (
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {!done && !failed && <p role="status" aria-live="polite" data-testid="pay-status">{progress?.status === 'awaiting_payment' ? l.authenticate : l.processing}</p>}
        {actionError && <p role="alert" className="text-sm text-red-700">{actionError}</p>}
        {done && progress && (
          <div role="status" className="space-y-2 rounded-md border border-green-200 bg-green-50 p-4 text-green-900" data-testid="pay-succeeded">
            <p>{fill(l.succeeded, { amount: money(progress.amount) })}</p>
            <p data-testid="pay-balance-left">{progress.receipt && progress.receipt.balance > 0n ? fill(l.balanceLeft, { balance: money(progress.receipt.balance) }) : l.paidInFull}</p>
          </div>
        )}
        {failed && progress && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-red-900" data-testid="pay-failed">{fill(l.failed, { reason: progress.failureReason ?? '' })}</p>
        )}
        {/* The way back to Cronologia fatture is at the top of the page. */}
        {(failed || (done && (progress?.receipt?.balance ?? 0n) > 0n)) && (
          <p><a className={linkClass} href={`/portal/invoices/${props.invoiceId}/pay`}>{l.payRest}</a></p>
        )}
      </div>
    );
  }

  const amountError = errors.amount;
  return (
    <PortalForm onSubmit={submit}>
      <fieldset className="space-y-2">
        <legend className="sr-only">{l.amount}</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="how" value="full" checked={!part} onChange={() => setPart(false)} />
          <span>{l.full}</span>
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="how" value="partial" checked={part} onChange={() => setPart(true)} />
          <span>{l.partial}</span>
        </label>
      </fieldset>
      {part && (
        <div className="space-y-1">
          <label htmlFor="pay-amount" className="block text-sm font-medium">{l.amount}</label>
          <input id="pay-amount" name="amount" inputMode="decimal" autoComplete="off" defaultValue={props.defaultPartial} aria-invalid={amountError ? true : undefined} aria-describedby={`pay-amount-hint${amountError ? ' pay-amount-error' : ''}`} className="w-48 rounded-md border border-slate-400 px-3 py-2" />
          <p id="pay-amount-hint" className="text-sm text-slate-600">{l.amountHint}</p>
          {amountError && <p id="pay-amount-error" role="alert" className="text-sm text-red-700">{amountError}</p>}
        </div>
      )}
      <fieldset className="space-y-2">
        <legend className="font-medium">{l.card}</legend>
        {props.savedCard && (
          <>
            <label className="flex items-center gap-2"><input type="radio" name="card" value="saved" checked={!useNewCard} onChange={() => setUseNewCard(false)} /><span>{l.savedCard}</span></label>
            <label className="flex items-center gap-2"><input type="radio" name="card" value="new" checked={useNewCard} onChange={() => setUseNewCard(true)} /><span>{l.newCard}</span></label>
          </>
        )}
        <div hidden={!useNewCard}><CardField label={l.newCardDetails} hostRef={card.hostRef} /></div>
        {errors.card && <p role="alert" className="text-sm text-red-700">{errors.card}</p>}
      </fieldset>
      {!part && amountError && <p role="alert" className="text-sm text-red-700">{amountError}</p>}
      {errors.form && <p role="alert" className="text-sm text-red-700">{errors.form}</p>}
      <button type="submit" className={buttonClass} disabled={busy}>{busy ? l.processing : fill(l.submit, { amount: part ? '' : money(BigInt(props.payable)) }).trim()}</button>
    </PortalForm>
  );
}
