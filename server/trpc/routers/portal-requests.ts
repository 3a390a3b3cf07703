import { z } from 'zod';
import { env } from '../../env';
import { getMailer } from '../../deps';
import { newRequestForm, replyForm, requestId } from '../../requests/forms';
import { createRequest, getRequest, listRequests, replyToRequest, requestFormOptions } from '../../services/requests';
import { portalProcedure, router } from '../init';

/** CP-13…CP-15 in the Corporate Billing Portal: requests to Corporate Account Services, for the contact's own account. */
export const portalRequestsRouter = router({
  list: portalProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => listRequests(ctx.db, ctx.portalUser)),
  /** What the form offers: the account's subscriptions, and which can be reactivated or cancelled. */
  formOptions: portalProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => requestFormOptions(ctx.db, ctx.portalUser)),
  get: portalProcedure.input(z.object({ requestId }).strict()).query(({ ctx, input }) => getRequest(ctx.db, ctx.portalUser, input.requestId)),
  /** Submit → a case number and an acknowledgement email; the same submission key twice files it once. */
  create: portalProcedure
    .input(newRequestForm)
    .mutation(({ ctx, input }) => createRequest({ db: ctx.db, mailer: ctx.mailer ?? getMailer(), appUrl: env().APP_URL, now: ctx.now }, ctx.portalUser, input)),
  reply: portalProcedure
    .input(replyForm)
    .mutation(({ ctx, input }) => replyToRequest({ db: ctx.db, mailer: ctx.mailer ?? getMailer(), appUrl: env().APP_URL, now: ctx.now }, ctx.portalUser, input)),
});
