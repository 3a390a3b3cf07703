import { randomBytes } from 'node:crypto';

// Crockford base32 (no I, L, O, U): readable, case-insensitive, sorts like the numbers it encodes.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  // 10 chars × 5 bits = 50 bits ≥ 48-bit millisecond timestamp (good until year 10889).
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => b & 31);
}

/** Increment a base32 digit array by one (monotonic IDs within one millisecond). */
function increment(digits: number[]): number[] | null {
  const next = digits.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    const d = next[i]!;
    if (d < 31) {
      next[i] = d + 1;
      return next;
    }
    next[i] = 0;
  }
  return null; // overflow: 2^50 ids in one millisecond
}

/**
 * A readable, time-sortable ID: `<prefix>_<10 chars time><10 chars random>` in Crockford base32,
 * e.g. `acct_01JQ3V7K9ZC4X8M2T6B1`. IDs made by one process in the same millisecond stay ordered
 * (the random part is incremented, like ULID's monotonic mode).
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (!/^[a-z][a-z0-9]*$/.test(prefix)) throw new Error(`newId: invalid prefix ${JSON.stringify(prefix)}`);
  let random: number[];
  if (now === lastTime) {
    random = increment(lastRandom) ?? randomDigits();
  } else {
    random = randomDigits();
  }
  lastTime = now;
  lastRandom = random;
  return `${prefix}_${encodeTime(now)}${random.map((d) => ALPHABET[d]).join('')}`;
}

/** Opaque random token (e.g. password reset links): 32 bytes, base64url. Store only its hash. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
