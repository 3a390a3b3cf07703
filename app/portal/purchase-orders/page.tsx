import { getT } from '../../../server/i18n/server';
import { serverCaller } from '../../../server/trpc/server-caller';
import { orSignIn } from '../../_components/guard';
import { portalFormat } from '../_components/format';
import { portalMessages } from '../_components/portal-messages';
import { PurchaseOrdersEditor } from './purchase-orders-editor';
import { PageTitle } from '../../_components/page-title';

export const dynamic = 'force-dynamic';

/** CP-9 (004): "Modificare ordini d'acquisto e date di scadenza". */
export default async function PurchaseOrdersPage() {
  const { locale, t } = await getT();
  const { warningDays, purchaseOrders } = await orSignIn((await serverCaller()).portal.purchaseOrders.list(), '/portal/signin', '/portal/purchase-orders');
  const f = portalFormat(locale);
  const status = (p: (typeof purchaseOrders)[number]) =>
    p.state === 'expired' ? t('portal.po.status.expired')
    : p.state === 'expiring' ? (p.daysLeft === 0 ? t('portal.po.status.expiringToday') : p.daysLeft === 1 ? t('portal.po.status.expiringOne') : t('portal.po.status.expiring', { n: p.daysLeft ?? 0 }))
    : p.current ? t('portal.po.status.valid') : t('portal.po.status.validOther');
  const expiring = purchaseOrders.filter((p) => p.state === 'expiring');
  return (
    <div className="max-w-3xl space-y-4">
      <PageTitle realm="portal">{t('portal.po.title')}</PageTitle>
      <h1 className="text-2xl font-semibold">{t('portal.po.title')}</h1>
      <p className="text-slate-700">{t('portal.po.lead', { days: warningDays })}</p>
      {expiring.map((p) => (
        <p key={p.id} role="note" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid={`po-flag-${p.number}`}>
          {t('portal.po.flag', { number: p.number, date: p.expiresOn ? f.date(p.expiresOn) : '' })}
        </p>
      ))}
      <PurchaseOrdersEditor
        purchaseOrders={purchaseOrders.map((p) => ({ id: p.id, number: p.number, expiresOn: p.expiresOn, expiresLabel: p.expiresOn ? f.date(p.expiresOn) : t('portal.po.noExpiry'), status: status(p), current: p.current, warn: p.state === 'expiring' || p.state === 'expired' }))}
        messages={portalMessages(t)}
        labels={{
          none: t('portal.po.none'), number: t('portal.po.number'), expires: t('portal.po.expires'), status: t('portal.po.status'), edit: t('portal.po.edit'), editOne: t('portal.po.editOne'),
          remove: t('portal.po.remove'), removeOne: t('portal.po.removeOne'), add: t('portal.po.add'), addTitle: t('portal.po.addTitle'), editTitle: t('portal.po.editTitle'),
          save: t('portal.po.save'), cancel: t('portal.po.cancel'), saved: t('portal.po.saved'), removed: t('portal.po.removed'), dateHint: t('portal.po.dateHint'), failed: t('error.generic'),
        }}
      />
    </div>
  );
}
