import { Link } from '../../_components/link';
import { formatMoney } from '../../../server/billing';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { AddSeatsForm } from './add-seats-form';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-10 (seed 000) Sottoscrizioni → Aggiungi postazioni: the new seats per product, or why the account cannot add them. */
export default async function AddSeatsPage() {
  const { locale, t } = await getT();
  const form = await orSignIn((await serverCaller()).portal.addSeats.form(), '/portal/signin', '/portal/add-seats');
  const date = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  const supported = form.products.filter((p) => p.supported);
  return (
    <div className="space-y-6">
      <PageTitle realm="portal">{t('addSeats.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('addSeats.title')}</h1>
      {form.refusal ? (
        <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950" data-testid="add-seats-refusal">
          <h2 className="font-semibold">{t('addSeats.notEligibleTitle')}</h2>
          {form.refusal.reason === 'not_eligible' ? (
            <>
              <p>{t('errors.addSeats.notEligible')}</p>
              <p><Link href={form.refusal.requestUrl} className="underline">{t('addSeats.requestForm')}</Link></p>
            </>
          ) : (
            <>
              <p>{t('errors.addSeats.noCard')}</p>
              <p><Link href={form.refusal.paymentMethodUrl} className="underline">{t('addSeats.paymentMethodTab')}</Link></p>
            </>
          )}
        </div>
      ) : form.products.length === 0 ? (
        <p className="text-slate-700">{t('addSeats.noProducts')}</p>
      ) : (
        <>
          <p className="text-slate-700">{t('addSeats.lead')}</p>
          {supported.length > 0 && <p className="text-sm text-slate-700">{t('addSeats.supported', { products: supported.map((p) => p.productName).join(', ') })}</p>}
          <AddSeatsForm
            products={form.products.map((p) => ({
              productId: p.productId,
              supported: p.supported,
              label: t('addSeats.newQuantity', { product: p.productName }),
              hint: p.supported ? t('addSeats.current', { seats: p.seats, tier: p.tierName, date: p.termEnd ? date.format(p.termEnd) : '—' }) : t('addSeats.notSupported'),
            }))}
            openQuotes={form.openQuotes.map((q) => ({ id: q.id, label: `${q.number} — ${formatMoney({ amount: q.total, currency: q.currency }, locale)}` }))}
            labels={{
              save: t('addSeats.saveAndReview'), saving: t('addSeats.saving'), openTitle: t('addSeats.openQuotesTitle'), openBody: t('addSeats.openQuotesBody'),
              confirm: t('addSeats.openQuotesConfirm'), goToQuotes: t('addSeats.goToQuotes'), noSeats: t('errors.addSeats.noSeats'), failed: t('error.generic'),
            }}
          />
        </>
      )}
    </div>
  );
}
