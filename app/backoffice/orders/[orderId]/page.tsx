import { Link } from '../../../_components/link';
import type { Currency } from '../../../../db/schema';
import { formatMoney } from '../../../../server/billing/money';
import type { MessageKey } from '../../../../server/i18n/messages';
import { getT } from '../../../../server/i18n/server';
import { serverCaller } from '../../../../server/trpc/server-caller';
import { DataTable } from '../../../_components/data-table';
import { formatAge, formatters } from '../../../_components/format';
import { orSignIn } from '../../../_components/guard';
import { NotAllowed } from '../../_components/not-allowed';
import { staffCall } from '../../_components/staff-call';
import { OrderStatusBadge } from '../order-labels';
import { PageTitle } from '../../../_components/page-title';

export const dynamic = 'force-dynamic';

const section = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';

/** BO-2: one order as the database knows it, and its workflow in the Temporal UI. Read-only. */
export default async function OpsOrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const back = `/backoffice/orders/${encodeURIComponent(orderId)}`;
  const { locale, t } = await getT();
  const caller = await serverCaller();
  const me = await orSignIn(caller.staff.me(), '/backoffice/signin', back);
  if (!me.can.orders) return <NotAllowed t={t} />;
  const o = await staffCall(caller.ops.orders.get({ orderId }), back);
  const f = formatters(locale);
  const money = (amount: bigint, currency: string = o.currency) => formatMoney({ amount, currency: currency as Currency }, locale);
  const empty = <p className="text-sm text-slate-700">{t('bo.none')}</p>;
  return (
    <div className="space-y-6">
      <p><Link className="text-brand-700 underline" href="/backoffice/orders">{t('ops.orders.back')}</Link></p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <PageTitle realm="backoffice">{t('ops.order.title', { id: o.id })}</PageTitle>
          <h1 className="text-2xl font-semibold">{t('ops.order.title', { id: o.id })}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span>{t(`ops.kind.${o.kind}` as MessageKey)}</span>
            <OrderStatusBadge status={o.status} stuck={o.stuck} t={t} />
            <span>{t('ops.order.placedAgo', { date: f.dateTime(o.createdAt), age: formatAge(o.ageSeconds, locale) })}</span>
          </p>
          <p className="text-sm text-slate-700">
            {t('bo.account')}: <Link className="text-brand-700 underline" href={`/backoffice/accounts/${o.account.id}`}>{o.account.name}</Link> ({o.account.id})
          </p>
        </div>
      </div>

      <section aria-labelledby="workflow" className={section}>
        <h2 id="workflow" className="text-lg font-semibold">{t('ops.workflow')}</h2>
        {o.workflow ? (
          <div className="mt-2 space-y-2 text-sm">
            <p>{t('ops.workflowId')}: <code className="font-mono" data-testid="workflow-id">{o.workflow.id}</code> · {t('ops.namespace')}: <code className="font-mono">{o.workflow.namespace}</code></p>
            <p className="flex flex-wrap gap-4">
              <a className="font-medium text-brand-700 underline" href={o.workflow.url} target="_blank" rel="noopener noreferrer" data-testid="temporal-link">{t('ops.openInTemporal')}</a>
              <a className="text-brand-700 underline" href={o.workflow.accountWorkflowsUrl} target="_blank" rel="noopener noreferrer">{t('ops.accountWorkflows')}</a>
            </p>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-700">{t('ops.noWorkflow')}</p>
        )}
        {o.failureReason && <p className="mt-2 rounded bg-red-50 px-2 py-1 text-sm text-red-900">{t('ops.failureReason', { reason: o.failureReason })}</p>}
      </section>

      <section aria-labelledby="amounts" className={section}>
        <h2 id="amounts" className="text-lg font-semibold">{t('ops.order.lines')}</h2>
        {o.lines.length === 0 ? empty : (
          <DataTable
            framed={false}
            caption={t('ops.order.lines')}
            rows={o.lines}
            rowKey={(l) => l.id}
            columns={[
              { header: t('ops.lineKind'), cell: (l) => t(`ops.lineKind.${l.kind}` as MessageKey) },
              { header: t('bo.product'), cell: (l) => <>{l.product ?? (l.invoiceNumber ? t('ops.line.invoice', { number: l.invoiceNumber }) : '—')}{l.description && <div className="text-xs text-slate-600">{l.description}</div>}</> },
              { header: t('subs.plan'), cell: (l) => (l.tier ? `${l.tier}${l.frequency ? ` · ${t(`subs.frequency.${l.frequency}`)}` : ''}` : '—') },
              { header: t('subs.seats'), numeric: true, cell: (l) => l.seats },
              { header: t('ops.period'), cell: (l) => (l.periodStart ? `${f.date(l.periodStart)} – ${f.date(l.periodEnd)}` : '—') },
              { header: t('ops.planAmount'), numeric: true, cell: (l) => money(l.planAmount) },
              { header: t('ops.credit'), numeric: true, cell: (l) => (l.creditAmount > 0n ? `−${money(l.creditAmount)}` : '—') },
            ]}
          />
        )}
        <dl className="mt-3 grid max-w-sm grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
          <dt>{t('checkout.subtotal')}</dt><dd className="text-right">{money(o.subtotal)}</dd>
          <dt>{t('checkout.credit')}</dt><dd className="text-right">{o.creditApplied > 0n ? `−${money(o.creditApplied)}` : money(0n)}</dd>
          <dt>{t('ops.tax', { rate: (o.taxRateBasisPoints / 100).toFixed(2) })}{o.reverseCharge && ` · ${t('checkout.reverseCharge')}`}</dt><dd className="text-right">{money(o.tax)}</dd>
          <dt className="font-semibold">{t('invoices.total')}</dt><dd className="text-right font-semibold">{money(o.total)}</dd>
        </dl>
        <p className="mt-2 text-xs text-slate-600">{t('ops.idempotencyKey')}: <code>{o.idempotencyKey}</code></p>
      </section>

      <section aria-labelledby="payments" className={section}>
        <h2 id="payments" className="text-lg font-semibold">{t('ops.payments')}</h2>
        {o.payments.length === 0 ? empty : (
          <DataTable
            framed={false}
            caption={t('ops.payments')}
            rows={o.payments}
            rowKey={(p) => p.id}
            rowTestId={(p) => `payment-${p.step}`}
            columns={[
              { header: t('ops.step'), cell: (p) => p.step },
              { header: t('ops.amount'), numeric: true, cell: (p) => money(p.amount, p.currency) },
              { header: t('bo.status'), cell: (p) => <>{p.status}{p.failureMessage && <div className="text-xs text-red-800">{p.failureCode ? `${p.failureCode}: ` : ''}{p.failureMessage}</div>}</> },
              { header: t('ops.card'), cell: (p) => p.card ?? '—' },
              { header: t('ops.paymentIntent'), className: 'font-mono text-xs break-all', cell: (p) => p.stripePaymentIntentId ?? '—' },
              { header: t('ops.updated'), className: 'whitespace-nowrap', cell: (p) => f.dateTime(p.updatedAt) },
            ]}
          />
        )}
        <h3 className="mt-4 font-medium">{t('ops.refunds')}</h3>
        {o.refunds.length === 0 ? empty : (
          <ul className="mt-1 list-disc pl-5 text-sm">
            {o.refunds.map((r) => <li key={r.id}>{money(r.amount)} · {r.stripeRefundId ?? t('ops.refundClaimed')} · {f.dateTime(r.createdAt)}{r.reason && ` · ${r.reason}`}</li>)}
          </ul>
        )}
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="documents" className={section}>
          <h2 id="documents" className="text-lg font-semibold">{t('ops.documents')}</h2>
          {o.invoices.length === 0 && o.creditNotes.length === 0 ? empty : (
            <ul className="mt-2 space-y-1 text-sm">
              {o.invoices.map((i) => <li key={i.id}>{t('invoices.kind.invoice')} {i.number} · {money(i.total, i.currency)} · {t('bo.account.paid')} {money(i.paid, i.currency)} · {t(`invoices.status.${i.status}` as MessageKey)} · {f.date(i.issuedAt)}</li>)}
              {o.creditNotes.map((c) => <li key={c.id}>{t('invoices.kind.creditNote')} {c.number} · {money(c.amount, c.currency)} · {f.date(c.issuedAt)}</li>)}
            </ul>
          )}
          {o.serviceOrder && <p className="mt-3 text-sm">{t('ops.serviceOrder', { id: o.serviceOrder.id, status: t(`bo.serviceOrderStatus.${o.serviceOrder.status}` as MessageKey) })}</p>}
        </section>
        <section aria-labelledby="emails" className={section}>
          <h2 id="emails" className="text-lg font-semibold">{t('ops.emails')}</h2>
          {o.emails.length === 0 ? empty : (
            <ul className="mt-2 space-y-2 text-sm">
              {o.emails.map((m) => (
                <li key={m.id}>
                  <strong>{m.subject}</strong> → {m.to}
                  <div className="text-xs text-slate-600">{m.template} · {m.sentAt ? t('ops.emailSent', { date: f.dateTime(m.sentAt) }) : t('ops.emailNotSent', { attempts: m.attempts })}{m.lastError && ` · ${m.lastError}`}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="timeline" className={section}>
        <h2 id="timeline" className="text-lg font-semibold">{t('ops.timeline')}</h2>
        <ol className="mt-2 space-y-1 border-l-2 border-slate-200 pl-4 text-sm" data-testid="timeline">
          {o.timeline.map((e, i) => (
            <li key={`${e.event}-${i}`}>
              <time dateTime={e.at.toISOString()} className="text-slate-600">{f.dateTime(e.at)}</time> · <code className="text-xs">{e.event}</code>{e.detail && <span className="text-slate-700"> — {e.detail}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
