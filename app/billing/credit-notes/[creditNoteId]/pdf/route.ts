import { billingDocumentPdfResponse } from '../../../../../server/invoices/pdf-route';

export const dynamic = 'force-dynamic';

/** BC-8 / BC-4: a credit note as a PDF in the viewer's language, for the account's billing admin only (same authorization as invoices). */
export async function GET(_req: Request, { params }: { params: Promise<{ creditNoteId: string }> }) {
  const { creditNoteId } = await params;
  return billingDocumentPdfResponse((caller) => caller.invoices.getCreditNote({ creditNoteId }));
}
