import { getT } from '../../server/i18n/server';

const realmNames = { billing: 'nav.billingCenter', admin: 'nav.adminCenter', portal: 'nav.portal', backoffice: 'nav.backOffice' } as const;

/**
 * The document's title (WCAG 2.4.2): the page's own name (its heading), its realm's, then the app's,
 * in the viewer's language — "Subscriptions · Billing Center · Seatplan" is not the portal's
 * "Subscriptions". Rendered by each page: React hoists a <title> into <head> from anywhere in the tree,
 * and it stays mounted through router.refresh(). Not Next's metadata title: that one is keyed per
 * request, so each refresh unmounts it and the document is briefly untitled (see app/layout.tsx).
 */
export async function PageTitle({ children, realm }: { children: string; realm?: keyof typeof realmNames }) {
  const { t } = await getT();
  // A name that already says its realm or the app ("Sign in to the Billing Center") is not told twice.
  const suffix = [realm && t(realmNames[realm]), t('app.name')].filter((s): s is string => !!s && !children.toLowerCase().includes(s.toLowerCase()));
  // One string child: React refuses a <title> of several text nodes.
  return <title>{[children, ...suffix].join(' · ')}</title>;
}
