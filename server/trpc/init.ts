import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import { translate, type Locale } from '../i18n/messages';
import type { SessionClaims } from '../auth/options';
import { loadPortalUser, loadProductUser, loadStaff } from '../auth/principals';
import type { Mailer } from '../email/transport';

export interface Deps {
  db: Db;
  temporal: () => Promise<Client>;
  now: () => Date;
  /** Task queue new workflows go to (tests use their own). */
  taskQueue: string;
}

export interface Context extends Deps {
  session: SessionClaims | null;
  /** The client's address (per-address throttling); null when unknown. */
  clientIp?: string | null;
  /** SMTP for procedures that email (falls back to the process-wide mailer). */
  mailer?: Mailer;
  /** The caller's language (cookie, else Accept-Language): errors are told in it. English when absent. */
  locale?: Locale;
  /**
   * The signed-in person as loaded for this context's first procedure: a page that calls several
   * procedures on one caller reads the person once. Absent on contexts made without it (tests).
   */
  principal?: { promise?: Promise<unknown> };
}

/** The person behind the session, loaded once per context (see `Context.principal`). */
function principalOnce<T>(ctx: Context, load: () => Promise<T>): Promise<T> {
  if (!ctx.principal) return load();
  ctx.principal.promise ??= load();
  return ctx.principal.promise as Promise<T>;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const locale = ctx?.locale ?? 'en';
    // Internal errors keep their details in the server log; the user gets a calm sentence.
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? translate(locale, 'error.internal') : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors: cause instanceof ZodError ? cause.flatten().fieldErrors : undefined,
        details: cause instanceof AppError ? cause.details : undefined,
      },
    };
  },
});

/** Maps the services' typed errors to tRPC codes in one place, their messages into the caller's language. */
const mapAppErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    const message = cause.key ? translate(ctx.locale ?? 'en', cause.key, cause.params) : cause.message;
    throw new TRPCError({ code: cause.kind, message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapAppErrors);

export type { ProductUser, PortalUser, StaffMember } from '../auth/principals';

const SIGN_IN_AGAIN = 'Your session has ended. Please sign in again.';

/** A signed-in product user, reloaded from the database on every call (disabled → refused at once). */
export const productProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'product') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
  const user = await principalOnce(ctx, () => loadProductUser(ctx.db, ctx.session!));
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_AGAIN });
  return next({ ctx: { ...ctx, user } });
});

/** Admin Center (003): account admins, and the billing contact whatever their role. */
export const accountAdminProcedure = productProcedure.use(async ({ ctx, next }) => {
  if (ctx.user.role !== 'account_admin' && !ctx.user.isBillingContact) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only account admins can use the Admin Center.' });
  }
  return next();
});

/** SPEC §1/003: only the billing contact (billing admin) changes subscriptions of an online account. */
export const billingAdminProcedure = productProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isBillingContact) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the billing contact of your account can do this.' });
  if (ctx.user.accountKind !== 'online') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your account is managed in the Corporate Billing Portal.' });
  }
  return next();
});

/** Corporate Billing Portal (004): the current billing contact of a corporate account, signed in with the portal user ID. */
export const portalProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'portal') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to the Corporate Billing Portal.' });
  const portalUser = await principalOnce(ctx, () => loadPortalUser(ctx.db, ctx.session!));
  if (!portalUser) throw new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_AGAIN });
  return next({ ctx: { ...ctx, portalUser } });
});

/** Back office: any staff member (sales representative or operations). */
export const staffProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'staff') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to the back office.' });
  const staff = await principalOnce(ctx, () => loadStaff(ctx.db, ctx.session!));
  if (!staff) throw new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_AGAIN });
  return next({ ctx: { ...ctx, staff } });
});

/** BO-1: sales representatives only. */
export const salesRepProcedure = staffProcedure.use(async ({ ctx, next }) => {
  if (ctx.staff.role !== 'sales_rep') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only sales representatives can do this.' });
  return next();
});

/** BO-2: operations only. */
export const opsProcedure = staffProcedure.use(async ({ ctx, next }) => {
  if (ctx.staff.role !== 'ops') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only operations staff can do this.' });
  return next();
});
