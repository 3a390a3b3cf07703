import { z } from 'zod';
import type { Db } from '../../db/client';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password';

export const productCredentials = z.object({
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(200),
});

export interface ProductIdentity {
  realm: 'product';
  userId: string;
  accountId: string;
}

/**
 * Product sign-in (Billing Center, Admin Center): email + password. Returns null for every failure
 * alike, so the answer does not tell whether the email exists.
 */
export async function authorizeProduct(db: Db, raw: unknown): Promise<ProductIdentity | null> {
  const parsed = productCredentials.safeParse(raw);
  if (!parsed.success) return null;
  const user = await db
    .selectFrom('users')
    .select(['id', 'account_id', 'password_hash', 'disabled_at'])
    .where('email', '=', parsed.data.email)
    .executeTakeFirst();
  // Verify against a dummy hash when the user is unknown so timing does not reveal it.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), parsed.data.password);
  if (!user || !ok || user.disabled_at) return null;
  return { realm: 'product', userId: user.id, accountId: user.account_id };
}

// A hash of a random secret nobody knows; checking against it spends the same time as a real check.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(24).toString('hex')));
