import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '../env';
import { getDb } from '../deps';
import { clientAddress, forwardedForOf } from './client-ip';
import type { RealmName } from './forms';
import { newSessionId, revokeSession, sessionMaxSeconds, SESSION_IDLE_SECONDS } from './sessions';
import { authorizers, publicSignInError, type SignedInIdentity } from './sign-in';
import { claimsFromToken, usesSecureCookies } from './session-token';

export type { SessionClaims } from './session-token';

/**
 * next-auth with JWT sessions and one Credentials provider per realm ('product', 'portal', 'staff').
 * A browser holds one session, of one realm: signing in to another realm replaces it, so a session
 * never spans realms. The token names who signed in, their account and role, and when they signed in
 * (`authAt`, which — unlike `iat` — next-auth does not refresh); every request reloads the person from
 * the database (trpc/init.ts), so a disabled person, a changed role or a password reset takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const provider = (realm: RealmName, name: string, fields: Record<string, { type: string }>) =>
    CredentialsProvider({
      id: realm,
      name,
      credentials: fields as never,
      async authorize(credentials, req) {
        const clientIp = clientAddress(forwardedForOf(req?.headers as Record<string, string> | undefined), e.TRUSTED_PROXIES);
        // Throws SignInError (message = failure code) for every refusal; next-auth returns it to the page.
        const identity = await authorizers[realm]({ db: getDb(), clientIp }, credentials ?? {}).catch((err: unknown) => {
          throw publicSignInError(err);
        });
        return { id: identity.subjectId, ...identity };
      },
    });
  return {
    secret: e.AUTH_SECRET,
    // Idle expiry, from sign-in (see session-token.ts on when it slides); the absolute lifetime is sessions.ts's.
    session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS },
    pages: { signIn: '/signin' },
    // Secure cookies (the __Secure-/__Host- prefixes and the Secure flag) whenever the app is served
    // over HTTPS; next-auth's cookies are always HttpOnly and SameSite=Lax.
    useSecureCookies: usesSecureCookies(e.APP_URL),
    providers: [
      provider('product', 'Seatplan account', { email: { type: 'email' }, password: { type: 'password' } }),
      provider('portal', 'Corporate Billing Portal', { userId: { type: 'text' }, password: { type: 'password' } }),
      provider('staff', 'Seatplan staff', { email: { type: 'email' }, password: { type: 'password' } }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const identity = user as unknown as SignedInIdentity;
          // Only what is needed: no name or email in the cookie.
          return {
            sub: identity.subjectId,
            realm: identity.realm,
            accountId: identity.accountId,
            role: identity.role,
            authAt: Math.floor(Date.now() / 1000),
            // Names this session for server-side revocation at sign-out (sessions.ts).
            sid: newSessionId(),
          };
        }
        // Past its absolute lifetime the token is emptied: no realm, no session (the server refuses it anyway).
        if (typeof token.authAt !== 'number' || Date.now() >= (token.authAt + sessionMaxSeconds()) * 1000) return {};
        return token;
      },
      session({ session, token }) {
        const claims = claimsFromToken(token);
        return { ...claims, expires: session.expires } as never;
      },
    },
    events: {
      // Signing out revokes the session server-side: a copy of the cookie is refused from now on.
      async signOut({ token }) {
        if (token) await revokeSession(getDb(), token as Record<string, unknown>);
      },
    },
  };
}
