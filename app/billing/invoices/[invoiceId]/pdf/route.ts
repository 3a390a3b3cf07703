import { billingDocumentPdfResponse } from '../../../../../server/invoices/pdf-route';

export const dynamic = 'force-dynamic';

/** BC-8: an invoice as a PDF in the viewer's language, for the account's billing admin only (same authorization as the API). */
export async function GET(_req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return billingDocumentPdfResponse((caller) => caller.invoices.get({ invoiceId }));
}
