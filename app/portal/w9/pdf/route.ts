import { TRPCError } from '@trpc/server';
import { env } from '../../../../server/env';
import { translate } from '../../../../server/i18n/messages';
import { getLocale } from '../../../../server/i18n/server';
import { w9Pdf } from '../../../../server/portal/w9';
import { serverCaller } from '../../../../server/trpc/server-caller';

export const dynamic = 'force-dynamic';

/** CP-12: the W-9 of the vendor's US entity, for the billing contact of a US corporate account only (same authorization as the API). */
export async function GET() {
  try {
    const w9 = await (await serverCaller()).portal.w9();
    if (!w9.available) return new Response(translate(await getLocale(), 'portal.err.w9NotUs'), { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const { pdf } = await w9Pdf(env());
    return new Response(Buffer.from(pdf), { headers: { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="W-9.pdf"', 'cache-control': 'private, no-store' } });
  } catch (err) {
    if (err instanceof TRPCError) return new Response(err.message, { status: err.code === 'UNAUTHORIZED' ? 401 : 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw err;
  }
}
