import 'server-only';
import { TRPCError } from '@trpc/server';
import { getLocale } from '../i18n/server';
import { serverCaller } from '../trpc/server-caller';
import { renderInvoicePdf, type InvoiceDocument } from './pdf';

type Caller = Awaited<ReturnType<typeof serverCaller>>;

/**
 * BC-8: a billing document as a PDF in the viewer's language (the page's locale), loaded through the
 * same tRPC procedure and authorization as the API: 401 signed out, 403 not the billing admin,
 * 404 not a document of the viewer's account.
 */
export async function billingDocumentPdfResponse(load: (caller: Caller) => Promise<InvoiceDocument>): Promise<Response> {
  try {
    const document = await load(await serverCaller());
    const pdf = await renderInvoicePdf(document, await getLocale());
    return new Response(Buffer.from(pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${document.number}.pdf"`, 'cache-control': 'private, no-store', vary: 'cookie, accept-language' },
    });
  } catch (err) {
    if (err instanceof TRPCError) {
      const status = err.code === 'UNAUTHORIZED' ? 401 : err.code === 'FORBIDDEN' ? 403 : 404;
      return new Response(err.message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    throw err;
  }
}
