import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, userError } from '../errors';
import { can, type StaffCapability } from '../services/staff-access';
import { guardViolationToAppError } from '../db-guard-errors';
import { isMessageKey, translate, type Locale } from '../i18n/messages';
import type { SessionClaims } from '../auth/options';
import { loadPortalUser, loadProductUser, loadStaff } from '../auth/principals';
import type { Mailer } from '../email/transport';
import type { ServiceDeps } from '../services/deps';
import type { OrderChanges } from '../services/order-changes';

/** The parts of the one deps object (server/services/deps.ts) that come with each request; the rest is configuration. */
export type Deps = Pick<ServiceDeps, 'db' | 'temporal' | 'now' | 'taskQueue' | 'payments'>;

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
  /** Where a procedure waits for an order to change (the web server's one LISTEN connection); absent: no waiting. */
  orderChanges?: OrderChanges;
}

/** The person behind the session, loaded once per context (see `Context.principal`). */
function principalOnce<T>(ctx: Context, load: () => Promise<T>): Promise<T> {
  if (!ctx.principal) return load();
  ctx.principal.promise ??= load();
  return ctx.principal.promise as Promise<T>;
}

/**
 * A zod issue in the caller's language. Schemas give message keys as their messages (`'errors.input.unknownOrder'`),
 * with the bound as `{n}` / `{max}`; zod's own English (no key) becomes a generic sentence, except for
 * unexpected fields, which are named.
 */
function zodIssueMessage(locale: Locale, issue: ZodError['issues'][number]): string {
  const bound = 'minimum' in issue ? issue.minimum : 'maximum' in issue ? issue.maximum : undefined;
  // A refinement may attach the message's parameters (e.g. the country and an example of its postcode).
  const params = issue.code === 'custom' && issue.params && typeof issue.params === 'object' ? (issue.params as Record<string, string | number>) : {};
  if (isMessageKey(issue.message)) return translate(locale, issue.message, bound === undefined ? params : { n: Number(bound), max: Number(bound), ...params });
  if (issue.code === 'unrecognized_keys') return translate(locale, 'errors.input.unrecognizedKeys', { keys: issue.keys.join(', ') });
  return translate(locale, 'errors.input.invalid');
}

function zodMessages(locale: Locale, err: ZodError) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const field = issue.path.length ? String(issue.path[0]) : '';
    if (field) (fieldErrors[field] ??= []).push(zodIssueMessage(locale, issue));
  }
  return { message: [...new Set(err.issues.map((i) => zodIssueMessage(locale, i)))].join(' '), fieldErrors };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const locale = ctx?.locale ?? 'en';
    const zod = cause instanceof ZodError ? zodMessages(locale, cause) : null;
    // Internal errors keep their details in the server log; the user gets a calm sentence.
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? translate(locale, 'error.internal') : (zod?.message ?? shape.message);
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors: zod?.fieldErrors,
        details: cause instanceof AppError ? cause.details : undefined,
      },
    };
  },
});

/**
 * Maps the services' typed errors to tRPC codes in one place, their messages into the caller's
 * language — for HTTP and for server components' callers alike (createCaller skips the error
 * formatter, so what a page shows is decided here too):
 * - an AppError (or a database guard a race can trip, server/db-guard-errors.ts) → its code and message;
 * - an input that fails its zod schema → BAD_REQUEST with its issues in the caller's language, never
 *   zod's raw issue list (which would otherwise be the message);
 * - anything else → INTERNAL_SERVER_ERROR with the calm sentence; the details stay in the cause (logs).
 */
const mapAppErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const locale = ctx.locale ?? 'en';
  const cause = result.error.cause instanceof AppError ? result.error.cause : guardViolationToAppError(result.error.cause);
  if (cause) throw new TRPCError({ code: cause.kind, message: translate(locale, cause.key, cause.params), cause });
  if (result.error.cause instanceof ZodError) {
    // Input the schema refused: its issues in the caller's language (the formatter shapes the response).
    const zod = result.error.cause;
    throw new TRPCError({ code: result.error.code, message: zodMessages(locale, zod).message, cause: zod });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: translate(locale, 'error.internal'), cause: result.error.cause ?? result.error });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapAppErrors);

export type { ProductUser, PortalUser, StaffMember } from '../auth/principals';

/** A signed-in product user, reloaded from the database on every call (disabled → refused at once). */
export const productProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'product') throw userError('UNAUTHORIZED', 'errors.auth.signIn');
  const user = await principalOnce(ctx, () => loadProductUser(ctx.db, ctx.session!));
  if (!user) throw userError('UNAUTHORIZED', 'errors.auth.sessionEnded');
  return next({ ctx: { ...ctx, user } });
});

/** Admin Center (003): account admins, and the billing contact whatever their role. */
export const accountAdminProcedure = productProcedure.use(async ({ ctx, next }) => {
  if (ctx.user.role !== 'account_admin' && !ctx.user.isBillingContact) {
    throw userError('FORBIDDEN', 'errors.auth.adminCenterOnly');
  }
  return next();
});

/** SPEC §1/003: only the billing contact (billing admin) changes subscriptions of an online account. */
export const billingAdminProcedure = productProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isBillingContact) throw userError('FORBIDDEN', 'errors.auth.billingContactOnly');
  if (ctx.user.accountKind !== 'online') {
    throw userError('FORBIDDEN', 'errors.auth.corporateAccount');
  }
  return next();
});

/** Corporate Billing Portal (004): the current billing contact of a corporate account, signed in with the portal user ID. */
export const portalProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'portal') throw userError('UNAUTHORIZED', 'errors.auth.portalSignIn');
  const portalUser = await principalOnce(ctx, () => loadPortalUser(ctx.db, ctx.session!));
  if (!portalUser) throw userError('UNAUTHORIZED', 'errors.auth.sessionEnded');
  return next({ ctx: { ...ctx, portalUser } });
});

/** Back office: any staff member (sales representative or operations). */
export const staffProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.session?.realm !== 'staff') throw userError('UNAUTHORIZED', 'errors.auth.staffSignIn');
  const staff = await principalOnce(ctx, () => loadStaff(ctx.db, ctx.session!));
  if (!staff) throw userError('UNAUTHORIZED', 'errors.auth.sessionEnded');
  return next({ ctx: { ...ctx, staff } });
});

/**
 * Back office by capability: the roles that have it are listed in server/services/staff-access.ts
 * (reps and Corporate Account Services work accounts and requests; operations read orders).
 */
export const staffWith = (capability: StaffCapability) =>
  staffProcedure.use(async ({ ctx, next }) => {
    if (!can(ctx.staff, capability)) throw userError('FORBIDDEN', 'errors.staff.notAllowed');
    return next();
  });

/** BO-2: operations only. */
export const opsProcedure = staffProcedure.use(async ({ ctx, next }) => {
  if (ctx.staff.role !== 'ops') throw userError('FORBIDDEN', 'errors.auth.opsOnly');
  return next();
});
