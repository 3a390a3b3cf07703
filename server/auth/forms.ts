import { z } from 'zod';

/**
 * Form schemas shared by the pages (client-side check) and the procedures / next-auth (server-side
 * check), so both sides accept exactly the same input. Pure: safe to import from client components.
 * Their messages are keys of server/i18n's tables: the tRPC layer tells them in the caller's language.
 */

/** Password rules for new passwords (change and reset). Sign-in accepts any non-empty password. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const newPassword = z
  .string()
  .min(PASSWORD_MIN, 'password.tooShort')
  .max(PASSWORD_MAX, 'password.tooLong');

export const email = z
  .string()
  .trim()
  .max(254, 'errors.input.emailTooLong')
  .pipe(z.email('signin.invalidEmail'))
  .transform((e) => e.toLowerCase());

const USERNAME = /^[a-z0-9](?:[a-z0-9._-]{1,62}[a-z0-9])$/;

/**
 * CP-1 (004): a Corporate Billing Portal user ID has the format of a username or of an email
 * address. Case-insensitive; stored lowercased.
 */
export const portalUserId = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .refine((s) => s.length >= 3 && s.length <= 254 && (USERNAME.test(s) || z.email().safeParse(s).success), 'portal.invalidUserId');

export const signInPassword = z.string().min(1, 'signin.passwordRequired').max(PASSWORD_MAX, 'errors.input.passwordTooLong');

export const productSignInForm = z.object({ email, password: signInPassword });
export const portalSignInForm = z.object({ userId: portalUserId, password: signInPassword });
export const staffSignInForm = z.object({ email, password: signInPassword });

export const REALMS = ['product', 'portal', 'staff'] as const;
export type RealmName = (typeof REALMS)[number];

export const forgotPasswordForm = z.discriminatedUnion('realm', [
  z.object({ realm: z.literal('product'), login: email }).strict(),
  z.object({ realm: z.literal('portal'), login: portalUserId }).strict(),
  z.object({ realm: z.literal('staff'), login: email }).strict(),
]);

/** The reset token as sent by email: 32 random bytes in base64url (43 characters). */
export const resetToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'reset.invalid');

export const resetPasswordForm = z
  .object({ token: resetToken, password: newPassword, confirm: z.string() })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'password.mismatch' });

export const changePasswordForm = z
  .object({ currentPassword: signInPassword, newPassword, confirm: z.string() })
  .strict()
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'password.mismatch' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'password.same' });

export const emailBillingAdminForm = z
  .object({ message: z.string().trim().min(1, 'admin.contact.empty').max(2000, 'admin.contact.tooLong') })
  .strict();

/**
 * Why a sign-in failed, as next-auth hands it back to the page (`signIn(...).error`). The page shows
 * the matching sentence in the viewer's language.
 */
export type SignInFailure = 'invalid_login_id' | 'invalid_credentials' | 'unavailable' | { throttledMinutes: number };

export function encodeSignInFailure(f: SignInFailure): string {
  return typeof f === 'string' ? f : `throttled:${f.throttledMinutes}`;
}

export function decodeSignInFailure(code: string | null | undefined): SignInFailure {
  if (code === 'invalid_login_id' || code === 'unavailable') return code;
  const m = /^throttled:(\d+)$/.exec(code ?? '');
  if (m) return { throttledMinutes: Number(m[1]) };
  return 'invalid_credentials';
}
