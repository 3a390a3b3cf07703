import { Link } from '../../../_components/link';
import type { Currency } from '../../../../db/schema';
import { formatMoney } from '../../../../server/billing/money';
import type { MessageKey } from '../../../../server/i18n/messages';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { DataTable } from '../../../_components/data-table';
import { formatters } from '../../../_components/format';
import { orSignIn } from '../../../_components/guard';
import { NotAllowed } from '../../_components/not-allowed';
import { reasonLabels } from '../../_components/labels';
import { ReasonAction } from '../../_components/reason-action';
import { staffCall } from '../../_components/staff-call';
import { RequestStatusBadge, requestCategoryText } from '../../../_components/request-labels';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const section = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';

/** BO-1: one corporate account on one page — everything a rep or Corporate Account Services needs to answer the customer. */
export default async function AccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const back = `/backoffice/accounts/${encodeURIComponent(accountId)}`;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', back);
  if (!me.can.accounts) return <NotAllowed t={t} />;
  const a = await staffCall(caller.backoffice.accounts.get({ accountId }), back);
  const f = formatters(locale);
  const money = (amount: bigint, currency: string) => formatMoney({ amount, currency: currency as Currency }, locale);
  const address = [a.billTo.street, [a.billTo.postcode, a.billTo.city].filter(Boolean).join(' '), a.billTo.region, a.billTo.country].filter(Boolean).join(', ');
  const labels = reasonLabels(t);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <PageTitle realm="backoffice">{a.name}</PageTitle>
          <h1 className="text-2xl font-semibold">{a.name}</h1>
          <p className="text-sm text-slate-700">
            {a.id} · {a.country} · {a.currency}
            {a.salesRep && <> · {t('bo.accounts.rep')}: {a.salesRep.name}</>}
            {a.contract && <> · {t('bo.account.term', { start: f.date(a.contract.start), end: f.date(a.contract.end) })}</>}
          </p>
        </div>
        {me.can.manageAccounts && (
          <Link href={`/backoffice/accounts/${a.id}/quotes/new`} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">{t('bo.account.newQuote')}</Link>
        )}
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="bill-to" className={section}>
          <h2 id="bill-to" className="text-lg font-semibold">{t('portal.billTo')}</h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">{t('portal.contact')}</dt>
            <dd data-testid="billing-contact">{a.billTo.contact ? `${a.billTo.contact.name} (${a.billTo.contact.email})` : '—'}</dd>
            <dt className="text-slate-600">{t('portal.userId')}</dt>
            <dd>{a.billTo.portalUserId ?? '—'}{a.billTo.portalDisabled && ` (${t('bo.account.portalDisabled')})`}</dd>
            <dt className="text-slate-600">{t('portal.address')}</dt>
            <dd>{address || '—'}</dd>
            <dt className="text-slate-600">{t('portal.phone')}</dt>
            <dd>{a.billTo.phone ?? '—'}</dd>
            {a.vatNumber && (
              <>
                <dt className="text-slate-600">{t('bo.account.vat')}</dt>
                <dd>{a.vatNumber}</dd>
              </>
            )}
          </dl>
          <h3 className="mt-4 font-medium">{t('bo.account.recipients')}</h3>
          {a.recipients.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
            <ul className="mt-1 list-disc pl-5 text-sm">{a.recipients.map((r) => <li key={r.id}>{r.name ? `${r.name} — ` : ''}{r.email}</li>)}</ul>
          )}
          <h3 className="mt-4 font-medium">{t('bo.account.purchaseOrders')}</h3>
          {a.purchaseOrders.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
            <ul className="mt-1 list-disc pl-5 text-sm">{a.purchaseOrders.map((p) => <li key={p.id}>{p.number}{p.expiresOn && ` — ${t('bo.account.poExpires', { date: f.date(new Date(`${p.expiresOn}T00:00:00Z`)) })}`}</li>)}</ul>
          )}
        </section>

        <section aria-labelledby="eligibility" className={section}>
          <h2 id="eligibility" className="text-lg font-semibold">{t('bo.account.eligibility')}</h2>
          <p className="mt-2 text-sm" data-testid="eligibility">{a.selfServiceEligible ? t('bo.account.eligible') : t('bo.account.notEligible')}</p>
          {a.eligibilityReason && <p className="text-sm text-slate-700">{t('bo.account.lastReason', { reason: a.eligibilityReason })}</p>}
          {me.can.manageAccounts && (
            <div className="mt-3">
              <ReasonAction
                action={{ kind: 'setEligibility', accountId: a.id, eligible: !a.selfServiceEligible }}
                labels={{ ...labels, open: a.selfServiceEligible ? t('bo.account.makeNotEligible') : t('bo.account.makeEligible'), done: t('bo.account.eligibilitySaved') }}
              />
            </div>
          )}
        </section>
      </div>

      <section aria-labelledby="subscriptions" className={section}>
        <h2 id="subscriptions" className="text-lg font-semibold">{t('subs.title')}</h2>
        {a.subscriptions.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
          <DataTable
            framed={false}
            caption={t('subs.title')}
            rows={a.subscriptions}
            rowKey={(s) => s.id}
            rowTestId={(s) => `subscription-${s.id}`}
            columns={[
              { header: t('bo.product'), cell: (s) => s.product },
              { header: t('subs.plan'), cell: (s) => `${s.tier} · ${t(`subs.frequency.${s.frequency}`)}` },
              { header: t('subs.seats'), numeric: true, cell: (s) => s.seats },
              {
                header: t('bo.status'),
                cell: (s) => (
                  <>
                    {t(`subs.status.${s.status}` as MessageKey)}
                    {s.cancelAtPeriodEnd && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900" data-testid="cancels">{t('bo.account.cancelsOn', { date: f.date(s.termEnd) })}</span>}
                  </>
                ),
              },
              { header: t('bo.account.currentTerm'), cell: (s) => (s.termStart ? `${f.date(s.termStart)} – ${f.date(s.termEnd)}` : '—') },
              me.can.manageAccounts && {
                header: t('bo.actions'),
                cell: (s) => (
                  <>
                    {s.canCancel && <ReasonAction tone="danger" action={{ kind: 'recordCancellation', subscriptionId: s.id }} labels={{ ...labels, open: t('bo.account.recordCancellation'), done: t('bo.account.cancellationSaved') }} />}
                    {s.cancelAtPeriodEnd && <ReasonAction action={{ kind: 'withdrawCancellation', subscriptionId: s.id }} labels={{ ...labels, open: t('bo.account.withdrawCancellation'), done: t('bo.account.cancellationWithdrawn') }} />}
                  </>
                ),
              },
            ]}
          />
        )}
      </section>

      <section aria-labelledby="invoices" className={section}>
        <h2 id="invoices" className="text-lg font-semibold">{t('bo.account.invoices')}</h2>
        {a.invoices.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
          <DataTable
            framed={false}
            caption={t('bo.account.invoices')}
            rows={a.invoices}
            rowKey={(i) => i.id}
            rowTestId={(i) => `invoice-${i.number}`}
            columns={[
              { header: t('invoices.number'), cell: (i) => i.number },
              { header: t('bo.account.issued'), cell: (i) => f.date(i.issuedAt) },
              { header: t('bo.account.due'), cell: (i) => f.date(i.dueAt) },
              { header: t('bo.account.po'), cell: (i) => i.purchaseOrderNumber ?? '—' },
              { header: t('invoices.total'), numeric: true, cell: (i) => money(i.total, i.currency) },
              { header: t('bo.account.paid'), numeric: true, cell: (i) => money(i.paid, i.currency) },
              { header: t('bo.account.balance'), numeric: true, cell: (i) => money(i.balance, i.currency) },
              {
                header: t('bo.status'),
                cell: (i) => (i.overdue ? <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">{t('bo.account.overdue')}</span> : t(`invoices.status.${i.status}` as MessageKey)),
              },
            ]}
          />
        )}
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="quotes" className={section}>
          <h2 id="quotes" className="text-lg font-semibold">{t('bo.account.quotes')}</h2>
          {a.quotes.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
            <ul className="mt-2 space-y-1 text-sm">
              {a.quotes.map((q) => (
                <li key={q.id}>
                  <Link className="text-brand-700 underline" href={`/backoffice/quotes/${q.id}`}>{q.number}</Link> — {t(`quotes.status.${q.status}` as MessageKey)} · {money(q.total, q.currency)} · {t('bo.account.quoteExpires', { date: f.date(q.expiresAt) })}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="service-orders" className={section}>
          <h2 id="service-orders" className="text-lg font-semibold">{t('bo.account.serviceOrders')}</h2>
          {a.serviceOrders.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
            <ul className="mt-2 space-y-1 text-sm">
              {a.serviceOrders.map((o) => (
                <li key={o.id}>
                  {o.id} — {t(`bo.serviceOrderStatus.${o.status}` as MessageKey)} · {t('bo.account.fromQuote', { number: o.quoteNumber })} · {f.date(o.placedAt ?? o.createdAt)}
                  {o.failureReason && <span className="text-red-800"> · {o.failureReason}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="requests" className={section}>
        <h2 id="requests" className="text-lg font-semibold">{t('bo.account.requests')}</h2>
        {a.requests.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
          <ul className="mt-2 space-y-1 text-sm">
            {a.requests.map((r) => (
              <li key={r.id}>
                {me.can.requests ? <Link className="text-brand-700 underline" href={`/backoffice/requests/${r.id}`}>{r.caseNumber}</Link> : r.caseNumber} — {requestCategoryText(t, r.category, r.subcategory)} · <RequestStatusBadge staff status={r.status} t={t} /> · {f.date(r.createdAt)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="audit" className={section}>
        <h2 id="audit" className="text-lg font-semibold">{t('bo.account.audit')}</h2>
        {a.auditLog.length === 0 ? <p className="text-sm text-slate-700">{t('bo.none')}</p> : (
          <DataTable
            framed={false}
            caption={t('bo.account.audit')}
            rows={a.auditLog}
            rowKey={(l) => l.id}
            columns={[
              { header: t('bo.when'), className: 'whitespace-nowrap', cell: (l) => f.dateTime(l.at) },
              { header: t('bo.who'), cell: (l) => l.actor ?? t(`bo.realm.${l.actorRealm}` as MessageKey) },
              { header: t('bo.what'), cell: (l) => <code className="text-xs">{l.action}</code> },
              { header: t('bo.details'), className: 'break-all font-mono text-xs text-slate-700', cell: (l) => JSON.stringify(l.data) },
            ]}
          />
        )}
      </section>
    </div>
  );
}
