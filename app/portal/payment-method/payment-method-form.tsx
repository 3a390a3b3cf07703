'use client';

import { useState } from 'react';
import { trpc } from '../../_components/trpc-client';
import { CardField, useCardElement } from '../../billing/_components/card-element';
import { paymentMethodForm, type PaymentMethodForm as FormInput } from '../../../server/portal/forms';
import type { PaymentMethodView } from '../../../server/services/portal/payment-method';
import { FieldError, fill, issuesToErrors } from '../_components/form-errors';
import { PortalForm } from '../_components/portal-form';
import { TextField } from '../_components/text-field';
import { usePortalAction } from '../_components/use-action';

type Kind = 'card' | 'wire' | 'check' | 'direct_debit';
type Labels = Record<
  'choose' | 'cardSaved' | 'cardKeep' | 'cardReplace' | 'cardNew' | 'wireBody' | 'wireBank' | 'wireAccount' | 'wireSwift' | 'wireBeneficiary' | 'wireReference' | 'checkBody' | 'checkMemo' |
  'debitTitle' | 'iban' | 'routing' | 'account' | 'holder' | 'mandate' | 'debitSaved' | 'debitLocalstripe' | 'debitUnsupported' | 'save' | 'saving' | 'saved' | 'loading' | 'stripeFailed' | 'failed',
  string
>;

/**
 * CP-7: one radio group of the four methods, each with what it needs. A new card goes from Stripe
 * Elements to Stripe (SetupIntent) and only its payment method ID reaches us; bank details are checked
 * with the server's schema (IBAN, ABA routing number) before they are sent.
 */
export function PaymentMethodForm(props: { view: PaymentMethodView; stripe: { url: string; key: string }; achNeedsRealStripe: boolean; labels: Labels; kindLabels: Record<Kind, string>; messages: Record<string, string> }) {
  const { view, labels } = props;
  const [kind, setKind] = useState<Kind>(view.selected ?? 'card');
  // A new card is typed when none is saved, or when the person chose to replace the saved one.
  const [replaceChosen, setReplaceCard] = useState(false);
  const replaceCard = !view.card || replaceChosen;
  const { errors, setErrors, busy, status, run } = usePortalAction(labels.failed);
  const cardActive = kind === 'card' && replaceCard;
  // Mounted once and kept on the page (hidden when not needed): Stripe's element cannot move to a new host.
  const card = useCardElement(true, props.stripe, () => setErrors({ card: labels.stripeFailed }), () => trpc.portal.paymentMethod.setupCard.mutate());

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const str = (k: string) => String(data.get(k) ?? '');
    let input: FormInput;
    if (kind === 'direct_debit') {
      input = view.debitScheme === 'sepa_debit'
        ? { kind, scheme: 'sepa_debit', iban: str('iban'), holder: str('holder'), mandate: data.get('mandate') === 'on' }
        : { kind, scheme: 'ach', routingNumber: str('routingNumber'), accountNumber: str('accountNumber'), holder: str('holder'), mandate: data.get('mandate') === 'on' };
    } else if (kind === 'card') input = { kind, paymentMethodId: null };
    else input = { kind };
    const parsed = paymentMethodForm.safeParse(input);
    if (!parsed.success) return setErrors(issuesToErrors(parsed.error.issues, props.messages));
    const saved = await run(async () => {
      if (kind === 'card' && replaceCard) {
        const confirmed = await card.confirm(labels.failed);
        // Stripe's own sentence (declined, incomplete number…), shown at the card field.
        if ('error' in confirmed) throw new FieldError('card', confirmed.error);
        input = { kind: 'card', paymentMethodId: confirmed.paymentMethodId };
      }
      const view = await trpc.portal.paymentMethod.save.mutate(input);
      return fill(labels.saved, { method: props.kindLabels[view.selected ?? kind] });
    });
    if (saved && kind === 'card') setReplaceCard(false);
  }

  const radio = (k: Kind) => (
    <label key={k} className="flex items-center gap-2">
      <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => { setKind(k); setErrors({}); }} />
      <span>{props.kindLabels[k]}</span>
    </label>
  );
  return (
    <PortalForm onSubmit={submit}>
        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold">{labels.choose}</legend>
          {(['card', 'wire', 'check', 'direct_debit'] as const).map(radio)}
        </fieldset>

        {kind === 'card' && (
          <section className="space-y-3" aria-label={props.kindLabels.card}>
            <p className="text-sm" data-testid="saved-card">{labels.cardSaved}</p>
            {view.card && (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={replaceCard} onChange={(e) => setReplaceCard(e.target.checked)} />
                <span>{labels.cardReplace}</span>
              </label>
            )}
            {errors.card && <p role="alert" className="text-sm text-red-700">{errors.card}</p>}
          </section>
        )}
        <div hidden={!cardActive}>
          <CardField label={labels.cardNew} hostRef={card.hostRef} />
        </div>

        {kind === 'wire' && (
          <section className="space-y-2 text-sm" aria-label={props.kindLabels.wire}>
            <p>{labels.wireBody}</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3">
              <dt className="text-slate-600">{labels.wireBeneficiary}</dt><dd>{view.wire.beneficiary}</dd>
              <dt className="text-slate-600">{labels.wireBank}</dt><dd>{view.wire.bank}</dd>
              <dt className="text-slate-600">{labels.wireAccount}</dt><dd className="break-all">{view.wire.account}</dd>
              <dt className="text-slate-600">{labels.wireSwift}</dt><dd>{view.wire.swift}</dd>
            </dl>
            <p className="font-medium">{labels.wireReference}</p>
          </section>
        )}

        {kind === 'check' && (
          <section className="space-y-2 text-sm" aria-label={props.kindLabels.check}>
            <p>{labels.checkBody}</p>
            <address className="rounded-md bg-slate-50 p-3 not-italic">{view.check.address}</address>
            <p className="font-medium">{labels.checkMemo}</p>
          </section>
        )}

        {kind === 'direct_debit' && (
          <section className="space-y-4" aria-label={props.kindLabels.direct_debit}>
            {!view.debitScheme ? (
              <p className="text-sm">{labels.debitUnsupported}</p>
            ) : (
              <>
                <h2 className="font-semibold">{labels.debitTitle}</h2>
                {view.debit && <p className="text-sm">{labels.debitSaved}</p>}
                {view.debitScheme === 'ach' && props.achNeedsRealStripe && <p className="text-sm text-slate-600">{labels.debitLocalstripe}</p>}
                <TextField idPrefix="dd" name="holder" autoComplete="organization" label={labels.holder} error={errors.holder} required />
                {view.debitScheme === 'sepa_debit' ? (
                  <TextField idPrefix="dd" name="iban" autoComplete="off" label={labels.iban} error={errors.iban} required />
                ) : (
                  <div className="grid gap-4 sm:grid-cols-2">
                    <TextField idPrefix="dd" name="routingNumber" autoComplete="off" label={labels.routing} error={errors.routingNumber} required />
                    <TextField idPrefix="dd" name="accountNumber" autoComplete="off" label={labels.account} error={errors.accountNumber} required />
                  </div>
                )}
                <div className="space-y-1">
                  <label className="flex items-start gap-2 text-sm">
                    <input type="checkbox" name="mandate" aria-invalid={errors.mandate ? true : undefined} aria-describedby={errors.mandate ? 'dd-mandate-error' : undefined} />
                    <span>{labels.mandate}</span>
                  </label>
                  {errors.mandate && <p id="dd-mandate-error" role="alert" className="text-sm text-red-700">{errors.mandate}</p>}
                </div>
                {errors.scheme && <p role="alert" className="text-sm text-red-700">{errors.scheme}</p>}
              </>
            )}
          </section>
        )}

        {errors.form && <p role="alert" className="text-sm text-red-700">{errors.form}</p>}
        {errors.kind && <p role="alert" className="text-sm text-red-700">{errors.kind}</p>}
        {status && <p role="status" className="text-sm text-green-800">{status}</p>}
        <button type="submit" disabled={busy || (kind === 'direct_debit' && !view.debitScheme)} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {busy ? labels.saving : labels.save}
        </button>
    </PortalForm>
  );
}
