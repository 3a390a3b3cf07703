import type { MessageKey } from '../../../server/i18n/messages';
import { PortalNavMenu } from './portal-nav-menu';

/**
 * The Corporate Billing Portal's top navigation (004: "la scheda … nella barra di navigazione
 * superiore"): ONE list of tabs. Each feature adds its tab here as one line, with its label's message key.
 */
export const PORTAL_TABS: readonly { href: string; label: MessageKey }[] = [
  { href: '/portal', label: 'portal.nav.subscriptions' },
  { href: '/portal/quotes', label: 'portal.nav.quotes' },
  { href: '/portal/invoices', label: 'portal.nav.invoices' },
  { href: '/portal/payment-method', label: 'portal.nav.paymentMethod' },
  { href: '/portal/recipients', label: 'portal.nav.recipients' },
  { href: '/portal/purchase-orders', label: 'portal.nav.purchaseOrders' },
  { href: '/portal/requests', label: 'portal.nav.requests' },
];

export function PortalNav({ t }: { t: (key: MessageKey) => string }) {
  return <PortalNavMenu label={t('portal.nav.label')} menu={t('portal.nav.menu')} tabs={PORTAL_TABS.map((tab) => ({ href: tab.href, label: t(tab.label) }))} />;
}
