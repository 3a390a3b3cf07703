import { z } from 'zod';
import { decodeHistoryCursor, getCreditNoteDocument, getInvoiceDocument, listBillingHistory } from '../../services/invoices';
import { billingAdminProcedure, router } from '../init';

const invoiceId = z.string().regex(/^inv_[0-9A-Z]{20}$|^inv_[a-z0-9_]+$/, 'errors.input.unknownInvoice');
const cursor = z.string().max(200).transform((raw, c) => decodeHistoryCursor(raw) ?? (c.addIssue({ code: 'custom', message: 'errors.input.unknownHistoryPage' }), z.NEVER));
const creditNoteId = z.string().regex(/^cn_[0-9A-Z]{20}$|^cn_[a-z0-9_]+$/, 'errors.input.unknownCreditNote');

export const invoicesRouter = router({
  /** BC-8 billing history: invoices and credit notes, newest first, a page at a time (cursors from the previous page). */
  history: billingAdminProcedure
    .input(z.object({ before: cursor.optional(), after: cursor.optional() }).strict().refine((i) => !(i.before && i.after), 'Give one of before and after.').optional())
    .query(({ ctx, input }) => listBillingHistory(ctx.db, ctx.user.accountId, { before: input?.before, after: input?.after })),
  /** One invoice with its lines (the PDF is rendered from exactly this). */
  get: billingAdminProcedure.input(z.object({ invoiceId }).strict()).query(({ ctx, input }) => getInvoiceDocument(ctx.db, ctx.user.accountId, input.invoiceId)),
  /** One credit note with its lines and the invoice it corrects (its PDF is rendered from exactly this). */
  getCreditNote: billingAdminProcedure.input(z.object({ creditNoteId }).strict()).query(({ ctx, input }) => getCreditNoteDocument(ctx.db, ctx.user.accountId, input.creditNoteId)),
});
