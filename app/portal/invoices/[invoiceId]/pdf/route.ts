import { billingDocumentPdfResponse } from '../../../../../server/invoices/pdf-route';

export const dynamic = 'force-dynamic';

/** CP-5: the invoice as a PDF in the viewer's language, through the portal's own procedure (another account's invoice is a 404). */
export async function GET(_req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return billingDocumentPdfResponse((caller) => caller.portal.invoices.get({ invoiceId }));
}
