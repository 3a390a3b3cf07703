import { z } from 'zod';
import { getCreditNoteDocument, getInvoiceDocument, listCreditNotes, listInvoices } from '../../services/invoices';
import { billingAdminProcedure, router } from '../init';

const invoiceId = z.string().regex(/^inv_[0-9A-Z]{20}$|^inv_[a-z0-9_]+$/, 'errors.input.unknownInvoice');
const creditNoteId = z.string().regex(/^cn_[0-9A-Z]{20}$|^cn_[a-z0-9_]+$/, 'errors.input.unknownCreditNote');

export const invoicesRouter = router({
  /** BC-8 billing history. */
  list: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listInvoices(ctx.db, ctx.user.accountId)),
  /** One invoice with its lines (the PDF is rendered from exactly this). */
  get: billingAdminProcedure.input(z.object({ invoiceId }).strict()).query(({ ctx, input }) => getInvoiceDocument(ctx.db, ctx.user.accountId, input.invoiceId)),
  /** BC-8 / BC-4: the credit notes of net-negative changes, next to the invoices. */
  creditNotes: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listCreditNotes(ctx.db, ctx.user.accountId)),
  /** One credit note with its lines and the invoice it corrects (its PDF is rendered from exactly this). */
  getCreditNote: billingAdminProcedure.input(z.object({ creditNoteId }).strict()).query(({ ctx, input }) => getCreditNoteDocument(ctx.db, ctx.user.accountId, input.creditNoteId)),
});
