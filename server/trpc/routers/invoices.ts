import { z } from 'zod';
import { getInvoiceDocument, listInvoices } from '../../services/invoices';
import { billingAdminProcedure, router } from '../init';

const invoiceId = z.string().regex(/^inv_[0-9A-Z]{20}$|^inv_[a-z0-9_]+$/, 'Unknown invoice.');

export const invoicesRouter = router({
  /** BC-8 billing history. */
  list: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listInvoices(ctx.db, ctx.user.accountId)),
  /** One invoice with its lines (the PDF is rendered from exactly this). */
  get: billingAdminProcedure.input(z.object({ invoiceId }).strict()).query(({ ctx, input }) => getInvoiceDocument(ctx.db, ctx.user.accountId, input.invoiceId)),
});
