import { getDb } from '../../../../../server/deps';
import { billingDocumentPdfResponse } from '../../../../../server/invoices/pdf-route';
import { quoteDocument } from '../../../../../server/services/quotes/view';

export const dynamic = 'force-dynamic';

/** BO-1: the quote PDF as the billing contact receives it, for staff who see the account (same procedure and checks as the page). */
export async function GET(_req: Request, { params }: { params: Promise<{ quoteId: string }> }) {
  const { quoteId } = await params;
  return billingDocumentPdfResponse(async (caller) => quoteDocument(getDb(), await caller.backoffice.quotes.get({ quoteId })));
}
