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
import { router, staffProcedure, staffWith } from '../init';
import { accountId, quoteDraft, quoteId, quoteLine } from './quote-inputs';

/** Quoting is working an account: sales reps (their accounts) and Corporate Account Services (every account, e.g. answering a reactivation). */
const quotingProcedure = staffWith('accounts.manage');

/** BO-1 quoting: the quote editor (create, send, resend, withdraw); staff read quotes of the accounts they see. */
export const backofficeQuotesRouter = router({
  list: staffProcedure
    .input(z.object({ accountId: accountId.optional(), status: z.enum(['draft', 'pending', 'accepted', 'rejected', 'expired', 'superseded', 'withdrawn']).optional() }).strict().optional())
    .query(({ ctx, input }) => listQuotesForStaff(ctx, ctx.staff, input ?? {})),
  get: staffProcedure.input(z.object({ quoteId }).strict()).query(({ ctx, input }) => getQuoteForStaff(ctx, ctx.staff, input.quoteId)),
  form: quotingProcedure.input(z.object({ accountId }).strict()).query(({ ctx, input }) => quoteEditorForm(ctx, ctx.staff, input.accountId)),
  preview: quotingProcedure
    .input(z.object({ accountId, lines: z.array(quoteLine).min(1).max(20) }).strict())
    .query(({ ctx, input }) => previewQuote(ctx, ctx.staff, input)),
  create: quotingProcedure.input(quoteDraft.extend({ accountId })).mutation(({ ctx, input }) => createDraftQuote(ctx, ctx.staff, input)),
  update: quotingProcedure.input(quoteDraft.extend({ quoteId })).mutation(({ ctx, input }) => updateDraftQuote(ctx, ctx.staff, input)),
  send: quotingProcedure.input(z.object({ quoteId }).strict()).mutation(({ ctx, input }) => sendQuote(ctx, ctx.staff, input)),
  resend: quotingProcedure.input(z.object({ quoteId }).strict()).mutation(({ ctx, input }) => resendQuote(ctx, ctx.staff, input)),
  withdraw: quotingProcedure.input(z.object({ quoteId }).strict()).mutation(({ ctx, input }) => withdrawQuote(ctx, ctx.staff, input)),
});
