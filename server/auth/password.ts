import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id (algorithm 2; the const enum cannot be imported under isolatedModules), OWASP's
// minimum profile: 19 MiB, 2 passes, 1 lane — ~20–40 ms per hash, fine for logins and for tests.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

/** True when `plain` matches; false for a wrong password or a malformed/unknown hash (never throws). */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

// A hash of a random secret nobody knows, made with the same parameters as real ones.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(24).toString('hex')));

export type PasswordVerifier = (passwordHash: string, plain: string) => Promise<boolean>;

/**
 * Verifies against the stored hash, or — when there is no such person — against a dummy hash, so an
 * unknown user ID costs the same argon2 work as a known one and the response time does not tell
 * them apart. Always false without a stored hash.
 */
export async function verifyOrDummy(storedHash: string | undefined, plain: string, verifier: PasswordVerifier = verifyPassword): Promise<boolean> {
  const ok = await verifier(storedHash ?? (await dummyHash()), plain);
  return storedHash !== undefined && ok;
}
