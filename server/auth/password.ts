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
