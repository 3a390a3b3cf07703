import { z } from 'zod';
import { getMailer } from '../../deps';
import { env } from '../../env';
import { payNow, payNowAction, payNowActionDone, payPage, renewalStates, scheduleCancellation, undoCancellation } from '../../services/renewals';
import { billingAdminProcedure, router, type Context } from '../init';
import { ids, serviceDeps } from './billing-deps';

const invoiceId = z.string().regex(/^inv_[0-9A-Za-z_]+$/, 'errors.input.unknownInvoice');
const requestId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'errors.input.reload');

const withMail = (ctx: Context) => ({ ...serviceDeps(ctx), mailer: ctx.mailer ?? getMailer(), appUrl: env().APP_URL });

export const renewalsRouter = router({
  /** BC-2 / BC-9: each subscription's next renewal (date, amount), or its past-due / lapsed state with what to do. */
  states: billingAdminProcedure.input(z.object({}).strict().optional()).query(({ ctx }) => renewalStates(ctx.db, { accountId: ctx.user.accountId, sellerCountry: env().SELLER_COUNTRY, locale: ctx.locale ?? 'en' })),
  /** Options menu → Cancel at period end. */
  cancelAtPeriodEnd: billingAdminProcedure.input(z.object({ subscriptionId: ids.subscription(z) }).strict()).mutation(({ ctx, input }) =>
    scheduleCancellation(withMail(ctx), { accountId: ctx.user.accountId, userId: ctx.user.id, subscriptionId: input.subscriptionId }),
  ),
  /** Options menu → Keep subscription (undo, before the period ends). */
  undoCancel: billingAdminProcedure.input(z.object({ subscriptionId: ids.subscription(z) }).strict()).mutation(({ ctx, input }) =>
    undoCancellation(withMail(ctx), { accountId: ctx.user.accountId, userId: ctx.user.id, subscriptionId: input.subscriptionId }),
  ),
  /** The dunning page: the open renewal invoice, its state and the saved card. */
  payPage: billingAdminProcedure.input(z.object({ invoiceId }).strict()).query(({ ctx, input }) => payPage(ctx.db, { accountId: ctx.user.accountId, invoiceId: input.invoiceId, locale: ctx.locale ?? 'en' })),
  /** Pay now: the renewal workflow charges the saved card once and answers with the outcome. */
  payNow: billingAdminProcedure.input(z.object({ invoiceId, requestId }).strict()).mutation(({ ctx, input }) => payNow(serviceDeps(ctx), { accountId: ctx.user.accountId, ...input, locale: ctx.locale ?? 'en' })),
  /** 3-D Secure of a pay-now payment: the intent's client secret for Stripe.js. */
  payNowAction: billingAdminProcedure.input(z.object({ invoiceId, requestId }).strict()).query(({ ctx, input }) => payNowAction(serviceDeps(ctx), { accountId: ctx.user.accountId, ...input })),
  payNowActionDone: billingAdminProcedure.input(z.object({ invoiceId }).strict()).mutation(({ ctx, input }) => payNowActionDone(serviceDeps(ctx), { accountId: ctx.user.accountId, invoiceId: input.invoiceId })),
});
