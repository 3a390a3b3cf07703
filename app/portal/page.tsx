import { Link } from '../_components/link';
import { getT } from '../../server/i18n/server';
import type { MessageKey } from '../../server/i18n/messages';
import { serverCaller } from '../../server/trpc/server-caller';
import { orSignIn } from '../_components/guard';
import { card, linkClass, portalFormat } from './_components/format';
import { RenewalNote } from './_components/renewal-note';
import { portalMe } from './_components/portal-me';
import { PageTitle } from '../_components/page-title';

export const dynamic = 'force-dynamic';

/**
 * Sottoscrizioni, the portal home (004): the account's corporate subscriptions — product, plan, seats,
 * annual term, price, status (expired too) — with "Fatturare a" (Bill To) and Modifica on the right,
 * the billing frequency (annual; changes go through Corporate Account Services) and the W-9.
 */
export default async function PortalHome() {
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const [subs, billTo, me] = await orSignIn(Promise.all([caller.portal.subscriptions(), caller.portal.billTo.get(), portalMe()]), '/portal/signin', '/portal');
  const f = portalFormat(locale);
  const address = [billTo.street, [billTo.postcode, billTo.city].filter(Boolean).join(' '), billTo.region, billTo.country].filter(Boolean);
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="subs-title" className="min-w-0 space-y-4">
        <PageTitle realm="portal">{t('portal.subs.title')}</PageTitle>
        <h1 id="subs-title" className="text-2xl font-semibold">{t('portal.subs.title')}</h1>
        <p className="text-slate-700">{t('portal.subs.lead', { account: me.accountName })}</p>
        {/* CP-10 (seed 000): Sottoscrizioni → Aggiungi postazioni. */}
        <p>
          <Link href="/portal/add-seats" className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('addSeats.action')}</Link>
        </p>
        {subs.length === 0 ? (
          <p>{t('portal.subs.none')}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">{t('portal.subs.product')}</th>
                  <th scope="col" className="px-3 py-2">{t('portal.subs.tier')}</th>
                  <th scope="col" className="px-3 py-2 text-right">{t('portal.subs.seats')}</th>
                  <th scope="col" className="px-3 py-2">{t('portal.subs.term')}</th>
                  <th scope="col" className="px-3 py-2 text-right">{t('portal.subs.price')}</th>
                  <th scope="col" className="px-3 py-2">{t('portal.subs.status')}</th>
                </tr>
              </thead>
              <tbody>
                {subs.map((s) => (
                  <tr key={s.id} className="border-t border-slate-200 align-top" data-testid={`subscription-${s.productId}`}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{s.productName}</th>
                    <td className="px-3 py-2">{s.tierName}</td>
                    <td className="px-3 py-2 text-right">{s.seats}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{s.termStart && s.termEnd ? t('portal.subs.termRange', { start: f.date(s.termStart), end: f.date(s.termEnd) }) : '—'}</td>
                    <td className="px-3 py-2 text-right">
                      {s.annualAmount !== null && s.unitAmount !== null ? (
                        <>
                          <span className="block whitespace-nowrap">{t('portal.subs.pricePerYear', { amount: f.money(s.annualAmount, s.currency) })}</span>
                          <span className="block whitespace-nowrap text-slate-600">{t('portal.subs.perSeat', { amount: f.money(s.unitAmount, s.currency) })}</span>
                        </>
                      ) : '—'}
                    </td>
                    <td className="px-3 py-2">
                      <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${s.status === 'active' ? 'bg-green-100 text-green-900' : s.status === 'expired' ? 'bg-amber-100 text-amber-900' : 'bg-slate-100 text-slate-800'}`}>
                        {t(`subs.status.${s.status}` as MessageKey)}
                      </span>
                      {s.renewal ? (
                        <RenewalNote renewal={s.renewal} t={t} f={f} />
                      ) : s.termEnd && (
                        <span className="mt-1 block text-xs text-slate-600">{t(s.status === 'expired' ? 'portal.subs.expiredOn' : 'portal.subs.renewsOn', { date: f.date(s.termEnd) })}</span>
                      )}
                      {s.status === 'expired' && (
                        <Link className={`mt-1 block text-xs ${linkClass}`} href={`/portal/requests/new?category=reactivation&subscriptionId=${s.id}`}>{t('portal.subs.requestReactivation')}</Link>
                      )}
                      {s.status === 'active' && s.renewal?.state !== 'ends' && (
                        <Link className={`mt-1 block text-xs ${linkClass}`} href={`/portal/requests/new?category=cancellation&subscriptionId=${s.id}`}>{t('portal.subs.requestCancellation')}</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <aside className="space-y-4">
        <section aria-labelledby="bill-to" className={card}>
          <div className="flex items-baseline justify-between gap-2">
            <h2 id="bill-to" className="text-lg font-semibold">{t('portal.billTo')}</h2>
            <Link href="/portal/bill-to" className={linkClass} aria-label={`${t('portal.edit')} — ${t('portal.billTo')}`}>{t('portal.edit')}</Link>
          </div>
          <dl className="mt-3 space-y-2 text-sm">
            <div><dt className="text-slate-600">{t('portal.contact')}</dt><dd>{billTo.contactName}<br />{billTo.contactEmail}</dd></div>
            <div><dt className="text-slate-600">{t('portal.address')}</dt><dd>{address.join(', ')}</dd></div>
            {billTo.phone && <div><dt className="text-slate-600">{t('portal.phone')}</dt><dd>{billTo.phone}</dd></div>}
            <div><dt className="text-slate-600">{t('portal.billTo.userId')}</dt><dd>{billTo.userId}</dd></div>
          </dl>
        </section>
        <section aria-labelledby="frequency" className={card}>
          <h2 id="frequency" className="text-lg font-semibold">{t('portal.frequency.title')}</h2>
          <p className="mt-2 text-sm"><strong>{t('portal.frequency.annual')}</strong></p>
          <p className="mt-1 text-sm text-slate-700">{t('portal.frequency.body')}</p>
          <p className="mt-2 text-sm"><Link className={linkClass} href="/portal/requests/new?category=billing_frequency">{t('portal.frequency.request')}</Link></p>
        </section>
        <section aria-labelledby="account-links" className={card}>
          <h2 id="account-links" className="text-lg font-semibold">{t('portal.account.title')}</h2>
          <ul className="mt-2 space-y-1 text-sm">
            <li><Link className={linkClass} href="/portal/w9">{t('portal.w9.link')}</Link></li>
            <li><Link className={linkClass} href="/portal/password">{t('portal.password.link')}</Link></li>
          </ul>
        </section>
      </aside>
    </div>
  );
}
