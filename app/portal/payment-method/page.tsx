import { getT } from '../../../server/i18n/server';
import { env } from '../../../server/env';
import type { MessageKey } from '../../../server/i18n/messages';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { portalMessages } from '../_components/portal-messages';
import { PaymentMethodForm } from './payment-method-form';
import { portalMe } from '../_components/portal-me';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/**
 * CP-7 Metodo di pagamento (004 "Fai clic sulla scheda Metodo di pagamento … Apporta le modifiche
 * desiderate … fai clic su Salva"): card (the only automatic method), electronic payment / wire
 * transfer, check, or direct debit / ACH.
 */
export default async function PaymentMethodPage() {
  const { t } = await getT();
  const caller = await serverCaller();
  const [pm, me] = await orSignIn(Promise.all([caller.portal.paymentMethod.get(), portalMe()]), '/portal/signin', '/portal/payment-method');
  const e = env();
  const kinds = ['card', 'wire', 'check', 'direct_debit'] as const;
  const kindLabels = Object.fromEntries(kinds.map((k) => [k, t(`portal.pm.kind.${k}` as MessageKey)])) as Record<(typeof kinds)[number], string>;
  return (
    <div className="max-w-3xl space-y-4">
      <PageTitle realm="portal">{t('portal.pm.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.pm.title')}</h1>
      <p className="text-slate-700">{t('portal.pm.lead')}</p>
      {pm.selected && (
        <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="current-method">
          {t('portal.pm.current', { method: kindLabels[pm.selected] })} — {pm.automatic ? t('portal.pm.automatic') : t('portal.pm.manual')}
        </p>
      )}
      <PaymentMethodForm
        view={pm}
        stripe={{ url: e.STRIPE_API_BASE ? `${e.STRIPE_API_BASE}/js.stripe.com/v3/` : 'https://js.stripe.com/v3/', key: e.STRIPE_PUBLISHABLE_KEY }}
        achNeedsRealStripe={Boolean(e.STRIPE_API_BASE)}
        messages={portalMessages(t)}
        kindLabels={kindLabels}
        labels={{
          choose: t('portal.pm.choose'), cardSaved: pm.card ? t('portal.pm.card.saved', { card: pm.card.label, month: String(pm.card.expMonth ?? ''), year: String(pm.card.expYear ?? '') }) : t('portal.pm.card.none'),
          cardKeep: t('portal.pm.card.keep'), cardReplace: t('portal.pm.card.replace'), cardNew: t('portal.pm.card.new'),
          wireBody: t('portal.pm.wire.body'), wireBank: t('portal.pm.wire.bank'), wireAccount: t('portal.pm.wire.account'), wireSwift: t('portal.pm.wire.swift'), wireBeneficiary: t('portal.pm.wire.beneficiary'),
          wireReference: t('portal.pm.wire.reference', { reference: pm.reference }), checkBody: t('portal.pm.check.body', { payee: pm.check.payee }), checkMemo: t('portal.pm.check.memo', { reference: pm.reference }),
          debitTitle: pm.debitScheme === 'sepa_debit' ? t('portal.pm.debit.sepa') : t('portal.pm.debit.ach'), iban: t('portal.pm.debit.iban'), routing: t('portal.pm.debit.routing'),
          account: t('portal.pm.debit.account'), holder: t('portal.pm.debit.holder'), mandate: t('portal.pm.debit.mandate', { seller: pm.wire.beneficiary, account: me.accountName }),
          debitSaved: pm.debit ? t('portal.pm.debit.saved', { scheme: pm.debit.scheme === 'ach' ? 'ACH' : 'SEPA', last4: pm.debit.last4, holder: pm.debit.holder }) : '',
          debitLocalstripe: t('portal.pm.debit.localstripe'), debitUnsupported: t('portal.err.debitCurrency'),
          save: t('portal.pm.save'), saving: t('portal.pm.saving'), saved: t('portal.pm.saved'), loading: t('portal.pm.loading'), stripeFailed: t('portal.pm.stripeFailed'), failed: t('error.generic'),
        }}
      />
    </div>
  );
}
