import { z } from 'zod';
import { env } from '../../env';
import { getMailer } from '../../deps';
import { answerWithQuoteForm, reason, REQUEST_CATEGORIES, requestId, resolveForm, staffReplyForm, subscriptionId } from '../../requests/forms';
import { getAccountPage, listAccounts, recordCancellation, setSelfServiceEligibility, withdrawCancellation } from '../../services/backoffice-accounts';
import { cursorSchema } from '../../services/lists';
import { answerWithQuote, assignToSelf, getQueuedRequest, listQueue, replyAsStaff, resolveRequest, setRequestStatus } from '../../services/request-queue';
import { router, staffWith, type Context } from '../init';
import { backofficeQuotesRouter } from './backoffice-quotes';

/** BO-1 back office for sales reps and Corporate Account Services: accounts and the request queue. */
/** Rows per page of a list (default 50). */
const limit = z.number().int().min(1).max(200).optional();
const accountId = z.string().regex(/^acct_[0-9A-Za-z_]{1,40}$/, 'errors.staff.accountNotFound');

const mail = (ctx: Context) => ({ db: ctx.db, mailer: ctx.mailer ?? getMailer(), appUrl: env().APP_URL, now: ctx.now });

const accountsRouter = router({
  /** Corporate accounts the staff member sees, by name; `q` searches name, portal user ID and contact email. */
  list: staffWith('accounts.read')
    .input(z.object({ q: z.string().trim().max(200).optional(), cursor: cursorSchema.nullish(), limit }).strict().optional())
    .query(({ ctx, input }) => listAccounts(ctx.db, ctx.staff, ctx.now(), input ?? {})),
  /** The account page: contact and recipients, subscriptions, invoices (overdue first), quotes, service orders, requests, audit log. */
  get: staffWith('accounts.read')
    .input(z.object({ accountId }).strict())
    .query(({ ctx, input }) => getAccountPage(ctx.db, ctx.staff, ctx.now(), input.accountId)),
  /** CP-10: the self-service eligibility flag, with a reason (audited). */
  setEligibility: staffWith('accounts.manage')
    .input(z.object({ accountId, eligible: z.boolean(), reason }).strict())
    .mutation(({ ctx, input }) => setSelfServiceEligibility(ctx.db, ctx.staff, input)),
  /** CP-15: end a subscription at the end of its term, from a cancellation request or with a reason. */
  recordCancellation: staffWith('accounts.manage')
    .input(
      z
        .object({ subscriptionId, requestId: requestId.nullish(), reason: reason.nullish() })
        .strict()
        .refine((v) => Boolean(v.requestId || v.reason), { path: ['reason'], message: 'bo.reasonInvalid' }),
    )
    .mutation(({ ctx, input }) => recordCancellation(mail(ctx), ctx.staff, input)),
  withdrawCancellation: staffWith('accounts.manage')
    .input(z.object({ subscriptionId, reason }).strict())
    .mutation(({ ctx, input }) => withdrawCancellation(mail(ctx), ctx.staff, input)),
});

const requestsRouter = router({
  /** The queue, oldest first, with age; unresolved by default. */
  list: staffWith('requests.work')
    .input(
      z
        .object({
          status: z.enum(['unresolved', 'open', 'waiting_for_customer', 'resolved']).optional(),
          assignee: z.enum(['any', 'me', 'unassigned']).optional(),
          category: z.enum(REQUEST_CATEGORIES).optional(),
          accountId: accountId.optional(),
          cursor: cursorSchema.nullish(),
          limit,
        })
        .strict()
        .optional(),
    )
    .query(({ ctx, input }) => listQueue(ctx.db, ctx.staff, ctx.now(), input ?? {})),
  get: staffWith('requests.work')
    .input(z.object({ requestId }).strict())
    .query(({ ctx, input }) => getQueuedRequest(ctx.db, ctx.staff, ctx.now(), input.requestId)),
  assignToSelf: staffWith('requests.work')
    .input(z.object({ requestId }).strict())
    .mutation(({ ctx, input }) => assignToSelf(ctx.db, ctx.staff, input.requestId)),
  /** A reply the contact gets by email and in the portal; the request goes to `status`. */
  reply: staffWith('requests.work').input(staffReplyForm).mutation(({ ctx, input }) => replyAsStaff(mail(ctx), ctx.staff, input)),
  setStatus: staffWith('requests.work')
    .input(z.object({ requestId, status: z.enum(['open', 'waiting_for_customer']) }).strict())
    .mutation(({ ctx, input }) => setRequestStatus(ctx.db, ctx.staff, input)),
  /** Resolved with a note, which the contact reads (email and portal). */
  resolve: staffWith('requests.work').input(resolveForm).mutation(({ ctx, input }) => resolveRequest(mail(ctx), ctx.staff, input)),
  /** CP-14: a reactivation (or any request) answered with a pending quote of the account. */
  answerWithQuote: staffWith('requests.work').input(answerWithQuoteForm).mutation(({ ctx, input }) => answerWithQuote(mail(ctx), ctx.staff, input)),
});

export const backofficeRouter = router({ accounts: accountsRouter, requests: requestsRouter, quotes: backofficeQuotesRouter });
