import 'server-only';
import { cache } from 'react';
import { serverCaller } from '../../../server/trpc/server-caller';

/** Who is signed in to the portal and for which account, read once per request: the layout's header and the page both show it. */
export const portalMe = cache(async () => (await serverCaller()).portal.me());
