import { getDb } from '../../../../../server/deps';
import { billingDocumentPdfResponse } from '../../../../../server/invoices/pdf-route';
import { quoteDocument } from '../../../../../server/services/quotes/view';

export const dynamic = 'force-dynamic';

/** CP-4: the quote as a PDF in the viewer's language, for the account's billing contact only (the same procedure and checks as the page). */
export async function GET(_req: Request, { params }: { params: Promise<{ quoteId: string }> }) {
  const { quoteId } = await params;
  return billingDocumentPdfResponse(async (caller) => quoteDocument(getDb(), await caller.portal.quotes.get({ quoteId })));
}
