import type { MessageKey } from '../../server/i18n/messages';
import { getT } from '../../server/i18n/server';

const realmNames = { billing: 'nav.billingCenter', admin: 'nav.adminCenter', portal: 'nav.portal', backoffice: 'nav.backOffice' } as const;
type Realm = keyof typeof realmNames;

/** "Subscriptions · Billing Center · Seatplan": the page's name, its realm's, the app's. */
export function documentTitle(t: (key: MessageKey) => string, name: string, realm?: Realm): string {
  // A name that already says its realm or the app ("Sign in to the Billing Center") is not told twice.
  const suffix = [realm && t(realmNames[realm]), t('app.name')].filter((s): s is string => !!s && !name.toLowerCase().includes(s.toLowerCase()));
  return [name, ...suffix].join(' · ');
}

/**
 * The document's title (WCAG 2.4.2): the page's own name (its heading), in the viewer's language; the
 * realm tells the Billing Center's "Subscriptions" from the portal's. Rendered by each page: React
 * hoists a <title> into <head> from anywhere in the tree, and it stays mounted through
 * router.refresh(). Not Next's metadata title: that one is keyed per request, so each refresh unmounts
 * it and the document is briefly untitled (see app/layout.tsx).
 */
export async function PageTitle({ children, realm }: { children: string; realm?: Realm }) {
  const { t } = await getT();
  // One string child: React refuses a <title> of several text nodes.
  return <title>{documentTitle(t, children, realm)}</title>;
}
