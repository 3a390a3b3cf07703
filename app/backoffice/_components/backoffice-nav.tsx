import type { MessageKey } from '../../../server/i18n/messages';
import { NavLink } from '../../_components/nav-link';

type Can = { accounts: boolean; manageAccounts: boolean; requests: boolean; orders: boolean };

/**
 * The back office's navigation: ONE list, each tab shown to the roles that may open it. Other helpers
 * add their tab as one line here (the quote editor lives at /backoffice/quotes).
 */
const TABS: ReadonlyArray<{ href: string; label: MessageKey; show: (can: Can) => boolean; exact?: boolean; except?: string }> = [
  { href: '/backoffice', label: 'bo.nav.home', show: () => true, exact: true },
  { href: '/backoffice/accounts', label: 'bo.nav.accounts', show: (c) => c.accounts },
  { href: '/backoffice/requests', label: 'bo.nav.requests', show: (c) => c.requests },
  { href: '/backoffice/quotes', label: 'bo.nav.quotes', show: (c) => c.manageAccounts },
  { href: '/backoffice/orders', label: 'bo.nav.orders', show: (c) => c.orders, except: '/backoffice/orders/failed' },
  { href: '/backoffice/orders/failed', label: 'bo.nav.failures', show: (c) => c.orders },
];

export function BackofficeNav({ can, t }: { can: Can; t: (key: MessageKey) => string }) {
  return (
    <nav aria-label={t('bo.nav.label')} className="-mt-2 flex flex-wrap gap-1 border-b border-slate-200 pb-3">
      {TABS.filter((tab) => tab.show(can)).map((tab) => (
        <NavLink key={tab.href} href={tab.href} label={t(tab.label)} exact={tab.exact} except={tab.except} />
      ))}
    </nav>
  );
}
