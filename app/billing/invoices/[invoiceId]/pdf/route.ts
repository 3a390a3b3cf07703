import { TRPCError } from '@trpc/server';
import { renderInvoicePdf } from '../../../../../server/invoices/pdf';
import { serverCaller } from '../../../../../server/trpc/server-caller';

export const dynamic = 'force-dynamic';

/** BC-8: an invoice as a PDF, for the account's billing admin only (same authorization as the API). */
export async function GET(_req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  try {
    const caller = await serverCaller();
    const invoice = await caller.invoices.get({ invoiceId });
    const pdf = await renderInvoicePdf(invoice);
    return new Response(Buffer.from(pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${invoice.number}.pdf"`, 'cache-control': 'private, no-store' },
    });
  } catch (err) {
    if (err instanceof TRPCError) {
      const status = err.code === 'UNAUTHORIZED' ? 401 : err.code === 'FORBIDDEN' ? 403 : 404;
      return new Response(err.message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    throw err;
  }
}
