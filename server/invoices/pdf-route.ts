import 'server-only';
import { TRPCError } from '@trpc/server';
import { translate } from '../i18n/messages';
import { getLocale } from '../i18n/server';
import { serverCaller } from '../trpc/server-caller';
import { renderInvoicePdf, type InvoiceDocument } from './pdf';

type Caller = Awaited<ReturnType<typeof serverCaller>>;

/**
 * BC-8: a billing document as a PDF in the viewer's language (the page's locale), loaded through the
 * same tRPC procedure and authorization as the API: 401 signed out, 403 not the billing admin,
 * 404 not a document of the viewer's account (or a malformed ID); 500 with the calm sentence when
 * something failed on our side — no error text of ours reaches the response.
 */
export async function billingDocumentPdfResponse(load: (caller: Caller) => Promise<InvoiceDocument>): Promise<Response> {
  try {
    const document = await load(await serverCaller());
    const pdf = await renderInvoicePdf(document, await getLocale());
    return new Response(Buffer.from(pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${document.number}.pdf"`, 'cache-control': 'private, no-store', vary: 'cookie, accept-language' },
    });
  } catch (err) {
    const locale = await getLocale().catch(() => 'en' as const);
    const code = err instanceof TRPCError ? err.code : 'INTERNAL_SERVER_ERROR';
    if (code === 'INTERNAL_SERVER_ERROR') console.error('[pdf]', err);
    const [status, message] =
      code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? [code === 'UNAUTHORIZED' ? 401 : 403, (err as TRPCError).message]
      : code === 'INTERNAL_SERVER_ERROR' ? [500, translate(locale, 'error.internal')]
      : [404, translate(locale, 'errors.request.notFound')];
    return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
}
