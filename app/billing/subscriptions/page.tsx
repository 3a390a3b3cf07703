import { TRPCError } from '@trpc/server';
import { Link } from '../../_components/link';
import { redirect } from 'next/navigation';
import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { formatMoney } from '../../../server/billing/money';
import { StartTrialButton } from './start-trial-button';
import { CardActions } from './card-actions';
import { orSignIn } from '../../_components/guard';
import { formatters } from '../../_components/format';
import { NotBillingAdmin } from './not-billing-admin';
import { RenewalNotice } from './renewal-notice';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

export default async function SubscriptionsPage({ searchParams }: { searchParams: Promise<{ started?: string }> }) {
  const { locale, t } = await getT();
  const { started } = await searchParams;
  const caller = await serverCaller();
  // The page's three reads start together (the caller loads the person once for all of them); the
  // billing-admin ones are refused for anyone else, which the routing below turns into its message.
  const meCall = orSignIn(caller.account.whoami(), '/signin', '/billing/subscriptions');
  const data = Promise.all([caller.subscriptions.list(), caller.subscriptionChange.creditBalance(), caller.renewals.states()]);
  data.catch(() => undefined); // not awaited when the routing answers first
  // BC-1 (003): only the billing admin of an online account gets the Subscriptions page.
  const me = await meCall;
  if (!me.profile.isBillingContact || me.account.kind !== 'online') return <NotBillingAdmin corporate={me.account.kind === 'corporate'} t={t} />;
  let cards;
  let credit;
  let renewals;
  try {
    [cards, credit, renewals] = await data;
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') redirect('/signin?callbackUrl=/billing/subscriptions');
    if (err instanceof TRPCError && err.code === 'FORBIDDEN') return <NotBillingAdmin corporate={false} t={t} />;
    throw err;
  }
  const date = formatters(locale);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <PageTitle realm="billing">{t('subs.title')}</PageTitle>
        <h1 className="text-2xl font-semibold">{t('subs.title')}</h1>
        <nav aria-label={t('subs.title')} className="flex gap-4 text-sm">
          <Link className="text-brand-700 underline" href="/billing/payment-method">{t('subs.paymentMethodLink')}</Link>
          <Link className="text-brand-700 underline" href="/billing/invoices">{t('subs.billingHistoryLink')}</Link>
        </nav>
      </div>
      {credit.amount > 0n && (
        <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="credit-balance">
          {t('subs.creditBalance', { amount: formatMoney({ amount: credit.amount, currency: credit.currency as 'USD' | 'EUR' | 'GBP' }, locale) })}
        </p>
      )}
      <ul className="grid gap-4 sm:grid-cols-2">
        {cards.map((card) => {
          const s = card.subscription;
          return (
            <li key={card.productId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid={`card-${card.productId}`}>
              <div className="flex items-start justify-between gap-2">
                <h2 className="text-lg font-semibold">{card.productName}</h2>
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="status">
                  {s ? t(`subs.status.${s.status}`) : t('subs.notSubscribed')}
                </span>
              </div>
              {s ? (
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                  {s.trialDaysLeft !== null && (
                    <>
                      <dt className="text-slate-600">{t('subs.status.trial')}</dt>
                      <dd data-testid="days-left">{s.trialDaysLeft === 1 ? t('subs.dayLeft') : t('subs.daysLeft', { n: s.trialDaysLeft })}</dd>
                    </>
                  )}
                  <dt className="text-slate-600">{t('subs.plan')}</dt>
                  <dd>{s.tierName}</dd>
                  <dt className="text-slate-600">{t('subs.seats')}</dt>
                  <dd>{s.seats}</dd>
                  <dt className="text-slate-600">{t('subs.frequency')}</dt>
                  <dd>{t(`subs.frequency.${s.frequency}`)}</dd>
                  {s.nextBillingDate && (
                    <>
                      <dt className="text-slate-600">{t('subs.nextBilling')}</dt>
                      <dd>{date.date(s.nextBillingDate)}</dd>
                    </>
                  )}
                  {s.price && (
                    <>
                      <dt className="text-slate-600">{t('subs.price')}</dt>
                      <dd>{formatMoney({ amount: s.price.amount, currency: s.price.currency as 'USD' | 'EUR' | 'GBP' }, locale)}</dd>
                    </>
                  )}
                </dl>
              ) : (
                <div className="mt-3 space-y-2">
                  <p className="text-sm text-slate-600">{t('subs.noCard')}</p>
                  <StartTrialButton productId={card.productId} labels={{ start: t('subs.startTrial'), starting: t('subs.startingTrial'), started: t('subs.trialStarted'), failed: t('error.generic') }} />
                </div>
              )}
              {s && <RenewalNotice state={renewals[s.id]} productName={card.productName} locale={locale} t={t} />}
              {s && started === card.productId && (s.status === 'trial' || s.status === 'pending_trial') && (
                <p className="mt-2 text-sm text-green-800" role="status">{t('subs.trialStarted')}</p>
              )}
              {s && (
                <CardActions
                  subscriptionId={s.id}
                  status={s.status}
                  productName={card.productName}
                  cancelling={renewals[s.id]?.state === 'ends'}
                  labels={{
                    subscribeNow: t('subs.subscribeNow'), options: t('subs.options'), optionsFor: t('subs.optionsFor', { product: card.productName }), invoices: t('subs.optionInvoices'), seats: t('subs.optionSeats'), modify: t('subs.optionModify'),
                    paymentMethod: t('subs.optionPaymentMethod'), cancel: { cancel: t('subs.optionCancel'), undo: t('subs.optionUndoCancel'), saving: t('subs.cancelling'), failed: t('error.generic') },
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
