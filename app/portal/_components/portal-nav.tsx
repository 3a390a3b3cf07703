import type { MessageKey } from '../../../server/i18n/messages';
import { NavLink } from '../../_components/nav-link';

/**
 * The Corporate Billing Portal's top navigation (seed 004's tabs): ONE list; each helper adds its tab
 * as one line (Sottoscrizioni, Preventivi, Cronologia fatture, Metodo di pagamento, … Richieste).
 */
const TABS: ReadonlyArray<{ href: string; label: MessageKey; exact?: boolean }> = [
  { href: '/portal', label: 'portal.nav.subscriptions', exact: true },
  { href: '/portal/requests', label: 'portal.nav.requests' },
];

export function PortalNav({ t }: { t: (key: MessageKey) => string }) {
  return (
    <nav aria-label={t('portal.nav.label')} className="-mt-2 flex flex-wrap gap-1 border-b border-slate-200 pb-3">
      {TABS.map((tab) => <NavLink key={tab.href} href={tab.href} label={t(tab.label)} exact={tab.exact} />)}
    </nav>
  );
}
