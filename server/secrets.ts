import { hkdfSync } from 'node:crypto';
import { env } from './env';

/**
 * Keys for our own signatures, each derived from AUTH_SECRET for one purpose (HKDF-SHA256, RFC 5869),
 * never AUTH_SECRET itself: a token of one kind can then never pass as another (a quote token as a
 * session, or the reverse), and what one purpose's key signs reveals nothing about another's. Adding
 * a purpose means adding its name here; changing a name (or the version) invalidates its tokens.
 */
export type KeyPurpose = 'quote-token';

const cache = new Map<string, Buffer>();

export function deriveKey(purpose: KeyPurpose, secret: string = env().AUTH_SECRET): Buffer {
  const id = `${purpose}\0${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'seatplan', `seatplan/${purpose}/v1`, 32));
    cache.set(id, key);
  }
  return key;
}
