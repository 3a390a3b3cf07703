import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * Every in-app link: a client-side navigation, never prefetched. Next prefetches each link that
 * scrolls into view, one request per link (13–30 on a portal page, 20 on the operations order list),
 * each costing the server about what a bare page costs. Every page here is dynamic, so a prefetch
 * bought only the route tree, not the page: the click fetches the page either way.
 */
export function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink {...props} prefetch={false} />;
}
