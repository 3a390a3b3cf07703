import { z } from 'zod';
import { forgotPasswordForm, resetPasswordForm, resetToken } from '../../auth/forms';
import { checkResetToken, completePasswordReset, requestPasswordReset } from '../../auth/password-reset';
import { getMailer } from '../../deps';
import { env } from '../../env';
import { publicProcedure, router } from '../init';

/** Password reset (CP-2) for every realm — public by nature. Sign-in itself goes through next-auth. */
export const authRouter = router({
  /**
   * CP-2: answers at once and identically whether or not the ID exists (and whether or not it is over
   * the limits); the lookup and the email happen after the answer, so its timing tells nothing either.
   */
  requestPasswordReset: publicProcedure.input(forgotPasswordForm).mutation(({ ctx, input }) => {
    const e = env();
    const work = requestPasswordReset(
      { db: ctx.db, mailer: ctx.mailer ?? getMailer(), now: ctx.now, appUrl: e.APP_URL, ttlMinutes: e.PASSWORD_RESET_TTL_MINUTES, clientIp: ctx.clientIp ?? null },
      input,
    );
    work.catch((err) => console.error('[auth] password reset request failed:', err));
    return { ok: true as const };
  }),

  /** Whether a reset link still works (the page shows the form or "ask for a new link"). */
  checkResetToken: publicProcedure.input(z.object({ token: z.string().max(200) }).strict()).query(({ ctx, input }) =>
    resetToken.safeParse(input.token).success ? checkResetToken(ctx.db, input.token, ctx.now()) : { valid: false as const },
  ),

  /** Sets the new password with a valid link; ends every other session of that person. */
  resetPassword: publicProcedure.input(resetPasswordForm).mutation(({ ctx, input }) => completePasswordReset({ db: ctx.db, now: ctx.now }, input)),
});
