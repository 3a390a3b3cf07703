import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '../env';
import { getDb } from '../deps';
import { authorizeProduct } from './authorize-product';

/**
 * next-auth with JWT sessions. The token only names who signed in and when; every request reloads
 * the person from the database (see trpc/init.ts), so a disabled user or a changed role takes effect
 * at once.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/signin' },
    useSecureCookies: env().APP_URL.startsWith('https://'),
    providers: [
      CredentialsProvider({
        id: 'product',
        name: 'Seatplan account',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials) {
          const identity = await authorizeProduct(getDb(), credentials);
          return identity ? { id: identity.userId, realm: identity.realm } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.realm = (user as { realm?: string }).realm ?? 'product';
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, realm: token.realm, subjectId: token.sub, issuedAt: token.iat } as typeof session;
      },
    },
  };
}

export interface SessionClaims {
  realm: 'product' | 'portal' | 'staff';
  subjectId: string;
  issuedAt: number;
}
