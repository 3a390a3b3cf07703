import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import type { SessionClaims } from '../auth/options';

export interface Deps {
  db: Db;
  temporal: () => Promise<Client>;
  now: () => Date;
  /** Task queue new workflows go to (tests use their own). */
  taskQueue: string;
}

export interface Context extends Deps {
  session: SessionClaims | null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      // Internal errors keep their details in the server log; the user gets a calm sentence.
      message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Something went wrong on our side. Please try again.' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors: cause instanceof ZodError ? cause.flatten().fieldErrors : undefined,
        details: cause instanceof AppError ? cause.details : undefined,
      },
    };
  },
});

/** Maps the services' typed errors to tRPC codes in one place. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapAppErrors);

export interface ProductUser {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: 'standard' | 'account_admin';
  locale: 'en' | 'it';
  isBillingContact: boolean;
  accountKind: 'online' | 'corporate';
}

/** A signed-in product user, reloaded from the database on every call (disabled → refused at once). */
export const productProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'product') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
  const row = await ctx.db
    .selectFrom('users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['u.id', 'u.account_id', 'u.email', 'u.name', 'u.role', 'u.locale', 'u.disabled_at', 'u.sessions_valid_after', 'a.billing_contact_user_id', 'a.kind'])
    .where('u.id', '=', ctx.session.subjectId)
    .executeTakeFirst();
  if (!row || row.disabled_at || row.sessions_valid_after.getTime() > ctx.session.issuedAt * 1000 + 999) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Please sign in again.' });
  }
  const user: ProductUser = {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    role: row.role as ProductUser['role'],
    locale: row.locale === 'it' ? 'it' : 'en',
    isBillingContact: row.billing_contact_user_id === row.id,
    accountKind: row.kind as ProductUser['accountKind'],
  };
  return next({ ctx: { ...ctx, user } });
});

/** SPEC §1/003: only the billing contact (billing admin) changes subscriptions of an online account. */
export const billingAdminProcedure = productProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isBillingContact) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the billing contact of your account can do this.' });
  if (ctx.user.accountKind !== 'online') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your account is managed in the Corporate Billing Portal.' });
  }
  return next();
});
