import { z } from 'zod';
import { getPortalQuote, listPortalQuotes, rejectPortalQuote } from '../../services/quotes/portal';
import { portalProcedure, router } from '../init';
import { quoteId } from './quote-inputs';

/** CP-4 Preventivi: the billing contact's quotes; Accetta continues to the service order (addSeats router). */
export const portalQuotesRouter = router({
  list: portalProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listPortalQuotes(ctx.db, ctx.portalUser)),
  get: portalProcedure.input(z.object({ quoteId }).strict()).query(({ ctx, input }) => getPortalQuote(ctx, ctx.portalUser, input.quoteId)),
  reject: portalProcedure
    .input(z.object({ quoteId, reason: z.string().trim().max(2000).transform((s) => s || null).nullable().default(null) }).strict())
    .mutation(({ ctx, input }) => rejectPortalQuote(ctx, ctx.portalUser, input)),
});
