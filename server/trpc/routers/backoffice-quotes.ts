import { z } from 'zod';
import {
  createDraftQuote,
  getQuoteForStaff,
  listQuotesForStaff,
  previewQuote,
  quoteEditorForm,
  resendQuote,
  sendQuote,
  updateDraftQuote,
  withdrawQuote,
} from '../../services/quotes/editor';
import { router, salesRepProcedure, staffProcedure } from '../init';
import { accountId, quoteDraft, quoteId, quoteLine } from './quote-inputs';

/** BO-1 quoting: the sales rep's editor (create, send, resend, withdraw); staff read quotes of the accounts they see. */
export const backofficeQuotesRouter = router({
  list: staffProcedure
    .input(z.object({ accountId: accountId.optional(), status: z.enum(['draft', 'pending', 'accepted', 'rejected', 'expired', 'superseded', 'withdrawn']).optional() }).strict().optional())
    .query(({ ctx, input }) => listQuotesForStaff(ctx, ctx.staff, input ?? {})),
  get: staffProcedure.input(z.object({ quoteId }).strict()).query(({ ctx, input }) => getQuoteForStaff(ctx, ctx.staff, input.quoteId)),
  form: salesRepProcedure.input(z.object({ accountId }).strict()).query(({ ctx, input }) => quoteEditorForm(ctx, ctx.staff, input.accountId)),
  preview: salesRepProcedure
    .input(z.object({ accountId, lines: z.array(quoteLine).min(1).max(20) }).strict())
    .query(({ ctx, input }) => previewQuote(ctx, ctx.staff, input)),
  create: salesRepProcedure.input(quoteDraft.extend({ accountId })).mutation(({ ctx, input }) => createDraftQuote(ctx, ctx.staff, input)),
  update: salesRepProcedure.input(quoteDraft.extend({ quoteId })).mutation(({ ctx, input }) => updateDraftQuote(ctx, ctx.staff, input)),
  send: salesRepProcedure.input(z.object({ quoteId }).strict()).mutation(({ ctx, input }) => sendQuote(ctx, ctx.staff, input)),
  resend: salesRepProcedure.input(z.object({ quoteId }).strict()).mutation(({ ctx, input }) => resendQuote(ctx, ctx.staff, input)),
  withdraw: salesRepProcedure.input(z.object({ quoteId }).strict()).mutation(({ ctx, input }) => withdrawQuote(ctx, ctx.staff, input)),
});
